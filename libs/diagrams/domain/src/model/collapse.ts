import type { DiagramBox, DiagramConnection, DiagramItem, DiagramModel } from './diagram-model';

/** Past this many resources of one kind in a box, the box shows one "N × kind" item instead. */
export const COLLAPSE_PAST = 40;

/**
 * At most this many shapes (boxes and items) are laid out: beyond it the threshold for items drops
 * (40, 20, 10, 5, 2, 1), then the one for boxes, until the diagram fits, so a 100k-node estate
 * stays a readable picture (its VPCs and subnets kept as long as possible) and its layout takes
 * seconds, not minutes.
 */
export const SHAPE_BUDGET = 1_500;

/** At most this many edges are drawn (the rest are counted in a note). */
export const EDGE_BUDGET = 1_500;

const STEPS = [COLLAPSE_PAST, 20, 10, 5, 2, 1];
/** [items, boxes] thresholds, tried in turn. */
const THRESHOLDS: readonly (readonly [number, number])[] = [...STEPS.map((items) => [items, COLLAPSE_PAST] as const), ...STEPS.slice(1).map((boxes) => [1, boxes] as const)];

/**
 * The model with the collapse rule applied: in every box, a kind of item (and a kind of sub-box)
 * with more than `threshold` members becomes one item `N × kind`; edges to what was collapsed
 * lead to its stand-in (deduplicated, loops dropped). The threshold is lowered until the shapes
 * fit {@link SHAPE_BUDGET}; edges past {@link EDGE_BUDGET} are left out. Notes say what happened.
 */
export function collapseDiagram(model: DiagramModel, budget = SHAPE_BUDGET, edgeBudget = EDGE_BUDGET): DiagramModel {
  let threshold = THRESHOLDS[0]!;
  let result = collapseAt(model, ...threshold);
  for (const next of THRESHOLDS.slice(1)) {
    if (shapeCount(result.boxes) <= budget) break;
    threshold = next;
    result = collapseAt(model, ...threshold);
  }
  const notes = [...model.notes];
  if (result.collapsed > 0) {
    const [items, boxes] = threshold;
    const rule = items === boxes ? `Past ${items} of one kind in a box` : `Past ${items} resources of one kind (and ${boxes} boxes of one kind) in a box`;
    notes.push(`${rule}, a count is shown instead (${result.collapsed} resources counted, not drawn one by one).`);
  }
  let edges = result.edges;
  if (edges.length > edgeBudget) {
    notes.push(`${edges.length - edgeBudget} of ${edges.length} connections not drawn.`);
    edges = edges.slice(0, edgeBudget);
  }
  return { title: model.title, boxes: result.boxes, edges, notes };
}

/** Boxes and items in the tree. */
export function shapeCount(boxes: readonly DiagramBox[]): number {
  let count = 0;
  for (const box of boxes) count += 1 + box.items.length + shapeCount(box.boxes);
  return count;
}

interface Collapsed {
  boxes: DiagramBox[];
  edges: DiagramConnection[];
  collapsed: number;
}

function collapseAt(model: DiagramModel, itemThreshold: number, boxThreshold: number): Collapsed {
  /** Where each collapsed id now is drawn (its stand-in). */
  const redirect = new Map<string, string>();
  let collapsed = 0;

  const standIn = (boxId: string, key: string, kind: string, glyph: DiagramItem['glyph'], count: number): DiagramItem => ({
    id: `${boxId}#${key}`,
    glyph,
    kind,
    label: `${count} × ${kind}`,
    count,
  });

  const walk = (box: DiagramBox): DiagramBox => {
    const items: DiagramItem[] = [];
    for (const group of groupBy(box.items, (item) => (item.count === undefined ? item.kind : `${item.kind}#n`))) {
      if (group.length <= itemThreshold || group[0]!.count !== undefined) {
        items.push(...group);
        continue;
      }
      const item = standIn(box.id, group[0]!.kind, group[0]!.kind, group[0]!.glyph, group.length);
      for (const member of group) redirect.set(member.id, item.id);
      collapsed += group.length;
      items.push(item);
    }
    const boxes: DiagramBox[] = [];
    for (const group of groupBy(box.boxes, (child) => child.kind)) {
      if (group.length <= boxThreshold) {
        boxes.push(...group.map(walk));
        continue;
      }
      const kind = BOX_KIND_WORDS[group[0]!.kind];
      const item = standIn(box.id, `box:${group[0]!.kind}`, kind, group[0]!.kind === 'vpc' ? 'vpc' : 'subnet', group.length);
      for (const child of group) {
        for (const id of idsWithin(child)) redirect.set(id, item.id);
        collapsed += resourceCount(child);
      }
      items.push(item);
    }
    return { ...box, boxes, items };
  };

  const boxes = model.boxes.map(walk);
  const drawn = drawnIds(boxes);
  const seen = new Set<string>();
  const edges: DiagramConnection[] = [];
  for (const edge of model.edges) {
    const from = redirect.get(edge.from) ?? edge.from;
    const to = redirect.get(edge.to) ?? edge.to;
    const key = `${from}\n${to}\n${edge.kind}`;
    if (from === to || seen.has(key) || !drawn.has(from) || !drawn.has(to)) continue;
    seen.add(key);
    edges.push({ from, to, kind: edge.kind });
  }
  return { boxes, edges, collapsed };
}

const BOX_KIND_WORDS: Record<DiagramBox['kind'], string> = {
  account: 'account',
  region: 'region',
  global: 'global services',
  services: 'regional services',
  vpc: 'VPC',
  public_subnet: 'public subnet',
  private_subnet: 'private subnet',
  cluster: 'cluster',
  namespace: 'namespace',
};

function* idsWithin(box: DiagramBox): Generator<string> {
  yield box.id;
  for (const item of box.items) yield item.id;
  for (const child of box.boxes) yield* idsWithin(child);
}

/** The resources a box holds, its own included (a collapsed item counts for its count). */
function resourceCount(box: DiagramBox): number {
  let count = 1;
  for (const item of box.items) count += item.count ?? 1;
  for (const child of box.boxes) count += resourceCount(child);
  return count;
}

/** Groups in order of first appearance, members in their order. */
function groupBy<T>(values: readonly T[], key: (value: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return [...groups.values()];
}

/** Every box and item id drawn, for checks that edges only join what is drawn. */
export function drawnIds(boxes: readonly DiagramBox[]): Set<string> {
  const ids = new Set<string>();
  for (const box of boxes) for (const id of idsWithin(box)) ids.add(id);
  return ids;
}
