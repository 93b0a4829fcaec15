import { readFileSync } from 'node:fs';

/**
 * Where a V8 `.cpuprofile` (node --cpu-prof) spent its time, as text: self and total time by
 * package (the `node_modules` package of the frame's file, `strata:<lib>` for this repository's
 * code, `node:` for Node's own, `(program)`, `(garbage collector)`, `(idle)` as V8 names them)
 * and by function. Total time counts a package or function once per sample however often it
 * recurs in the stack.
 *
 *   node -r @swc-node/register tools/bench/src/cpuprofile-summary.ts <file.cpuprofile> [top=25] [--only=<text>] [--skip=<text>]
 *
 * `--only`: only the samples whose stack holds a frame whose function, file or package contains
 * the text; `--skip`: leaves out those that do (`--skip=Module._load` leaves out module loading,
 * most of a process's start-up, which the benchmarks' windows do not measure).
 * `--groups=a,b,c`: also each kept busy sample in the first group whose text its stack holds
 * (e.g. `--groups=@nats-io,libs/discovery/worker,@smithy,@aws-sdk,libs/plugins/aws`), so the
 * groups do not overlap; the rest is `other`.
 * `--stretches=<ms>`: only the samples of busy stretches (no idle sample between them) longer
 * than that, and how many there were, their lengths: what holds the event loop long enough to
 * delay a request (with `--groups`, what those stretches were spent on). `--from=<s>`: only
 * what came that many seconds after the profile began (leaves out start-up).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const lib = /\/(libs|apps)\/(.+?)\/src\//.exec(url);
  return lib ? `strata:${lib[1]}/${lib[2]}` : url;
}

/**
 * The samples (by index) within busy stretches longer than `minMs`, and each such stretch's
 * length: consecutive samples none of which is `(idle)`.
 */
function longStretches(
  profile: Profile,
  byId: ReadonlyMap<number, ProfileNode>,
  minMs: number,
  firstIndex: number,
): { samples: Set<number>; lengthsMs: number[] } {
  const samples = new Set<number>();
  const lengthsMs: number[] = [];
  let start = firstIndex;
  let busyUs = 0;
  const close = (end: number) => {
    if (busyUs >= minMs * 1000) {
      for (let index = start; index < end; index++) samples.add(index);
      lengthsMs.push(busyUs / 1000);
    }
    busyUs = 0;
  };
  profile.samples.forEach((id, index) => {
    if (index < firstIndex) return;
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      close(index);
      start = index + 1;
      return;
    }
    busyUs += profile.timeDeltas[index + 1] ?? 0;
  });
  close(profile.samples.length);
  return { samples, lengthsMs };
}

function summarise(
  profile: Profile,
  top: number,
  filter: { only?: string; skip?: string; stretchesMs?: number; fromS?: number },
  groups: readonly string[] = [],
): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules|libs|apps)\//, '$1/');
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  const selfPkg = new Map<string, number>();
  const totalPkg = new Map<string, number>();
  const selfFn = new Map<string, number>();
  const totalFn = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const grouped = new Map<string, number>();
  let sampled = 0;
  let kept = 0;
  // The first sample at or after `fromS` seconds into the profile.
  let firstIndex = 0;
  for (let elapsedUs = 0; filter.fromS !== undefined && firstIndex < profile.samples.length && elapsedUs < filter.fromS * 1e6; firstIndex++) {
    elapsedUs += profile.timeDeltas[firstIndex] ?? 0;
  }
  const stretches = filter.stretchesMs === undefined ? undefined : longStretches(profile, byId, filter.stretchesMs, firstIndex);
  profile.samples.forEach((id, index) => {
    // The delta that follows a sample is the time it stood for.
    const us = profile.timeDeltas[index + 1] ?? 0;
    sampled += us;
    if (index < firstIndex) return;
    if (stretches && !stretches.samples.has(index)) return;
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    const holds = (text: string) => stack.some((node) => label(node).includes(text) || packageOf(node.callFrame.url, node.callFrame.functionName).includes(text));
    if ((filter.only && !holds(filter.only)) || (filter.skip && holds(filter.skip))) return;
    kept += us;
    const leaf = stack[0]!;
    if (groups.length > 0 && leaf.callFrame.functionName !== '(idle)') add(grouped, groups.find((group) => holds(group)) ?? 'other', us);
    add(selfPkg, packageOf(leaf.callFrame.url, leaf.callFrame.functionName), us);
    add(selfFn, label(leaf), us);
    for (const key of new Set(stack.map((node) => packageOf(node.callFrame.url, node.callFrame.functionName)))) add(totalPkg, key, us);
    for (const key of new Set(stack.map(label))) add(totalFn, key, us);
  });
  const idle = selfPkg.get('(idle)') ?? 0;
  const busy = kept - idle;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  const table = (title: string, self: Map<string, number>, total: Map<string, number>, by: 'self' | 'total') => {
    const rows = [...(by === 'self' ? self : total)].filter(([key]) => key !== '(idle)' && key !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, top);
    return [`${title} (by ${by}; shares of the busy time)`, ...rows.map(([key]) => `  self ${ms(self.get(key) ?? 0)} ${share(self.get(key) ?? 0)}   total ${ms(total.get(key) ?? 0)} ${share(total.get(key) ?? 0)}   ${key}`)].join('\n');
  };
  const lengths = [...(stretches?.lengthsMs ?? [])].sort((a, b) => a - b);
  const quantile = (q: number) => lengths[Math.min(lengths.length - 1, Math.floor(q * lengths.length))]!.toFixed(0);
  return [
    `profile: ${(sampled / 1e6).toFixed(1)} s sampled${filter.only || filter.skip || stretches || filter.fromS ? `, ${(kept / 1e6).toFixed(1)} s kept (${JSON.stringify(filter)})` : ''}, busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(1)} s`,
    ...(stretches
      ? [
          lengths.length === 0
            ? `no busy stretch of ${filter.stretchesMs} ms or more`
            : `busy stretches of ${filter.stretchesMs} ms or more: ${lengths.length}, ${(lengths.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s in all, median ${quantile(0.5)} ms, p90 ${quantile(0.9)} ms, longest ${lengths.at(-1)!.toFixed(0)} ms`,
        ]
      : []),
    ...(groups.length > 0
      ? [['groups (each sample in the first that its stack holds)', ...[...grouped].sort((a, b) => b[1] - a[1]).map(([key, us]) => `  ${ms(us)} ${share(us)}   ${key}`)].join('\n')]
      : []),
    table('packages', selfPkg, totalPkg, 'self'),
    table('packages', selfPkg, totalPkg, 'total'),
    table('functions', selfFn, totalFn, 'self'),
    table('functions', selfFn, totalFn, 'total'),
  ].join('\n\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const [file, top = '25'] = args.filter((arg) => !arg.startsWith('--'));
  if (!file) {
    console.error('usage: cpuprofile-summary.ts <file.cpuprofile> [top] [filter]');
    process.exit(2);
  }
  const stretches = option('stretches');
  const from = option('from');
  const filter = {
    only: option('only'),
    skip: option('skip'),
    ...(stretches === undefined ? {} : { stretchesMs: Number(stretches) }),
    ...(from === undefined ? {} : { fromS: Number(from) }),
  };
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top), filter, option('groups')?.split(',') ?? []));
}
