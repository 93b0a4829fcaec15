import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { Diagrams, svgToPng } from '@strata/diagrams-api';
import { buildAwsDiagram, collapseDiagram, layoutDiagram, renderSvg, shapeCount, type DiagramBox, type DiagramModel, type GraphEdge, type GraphNode } from '@strata/diagrams-domain';
import { awsGraph } from '@strata/diagrams-domain/testing';
import type { InventoryNode } from '@strata/inventory-domain';
import { edgesCollection, nodeDocument, nodesCollection } from '@strata/inventory-feature';
import { DemoEstate } from '@strata/plugins-demo';
import { openSqliteReadStore } from '@strata/platform-read-store';

/**
 * `npm run bench -- diagrams` (issue 22): the AWS diagram of 5,000 resources (4 regions × 25 VPCs
 * of 50 drawn resources: gateways, subnets, a load balancer and 40 instances behind it, a database,
 * a function), timed part by part: model, collapse + layout (elkjs), SVG, PNG (resvg). Baseline:
 * elkjs alone laying out the same collapsed shapes in one call (no model, no grids, no drawing).
 * Then a 100k-slot demo estate, in memory and through the read store (SQLite), as the API draws it.
 */
const PASSES = Number(process.env['BENCH_DIAGRAMS_PASSES'] ?? 3);
const DEMO_SIZE = Number(process.env['BENCH_DIAGRAMS_DEMO_SIZE'] ?? 100_000);

const ms = (started: number) => performance.now() - started;
const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;

interface Timings {
  model: number;
  layout: number;
  svg: number;
  png: number;
  shapes: number;
  width: number;
  height: number;
  pngBytes: number;
}

async function drawOnce(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Promise<Timings> {
  let at = performance.now();
  const model = buildAwsDiagram({ nodes, edges }, { title: 'bench', emptyNote: 'empty' });
  const modelMs = ms(at);
  at = performance.now();
  const collapsed = collapseDiagram(model);
  const laid = await layoutDiagram(collapsed);
  const layoutMs = ms(at);
  at = performance.now();
  const svg = renderSvg(laid);
  const svgMs = ms(at);
  at = performance.now();
  const png = svgToPng(svg, laid);
  return { model: modelMs, layout: layoutMs, svg: svgMs, png: ms(at), shapes: shapeCount(collapsed.boxes), width: png.width, height: png.height, pngBytes: png.png.length };
}

/** elkjs alone on the collapsed shapes: every box a compound node, every item a leaf, one layout call. */
async function elkAlone(model: DiagramModel): Promise<number> {
  const toElk = (box: DiagramBox): ElkNode => ({
    id: box.id,
    layoutOptions: { 'elk.padding': '[top=34,left=14,bottom=14,right=14]' },
    children: [...box.boxes.map(toElk), ...box.items.map((item) => ({ id: item.id, width: 176, height: 44 }))],
  });
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.edgeRouting': 'ORTHOGONAL', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' },
    children: model.boxes.map(toElk),
    edges: model.edges.map((edge, index) => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
  };
  const started = performance.now();
  await new ELK().layout(graph);
  return ms(started);
}

function fiveThousand(): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'].map((region) => awsGraph({ region, vpcs: 25, instancesPerSubnet: 40 }));
  return { nodes: regions.flatMap((r) => r.nodes), edges: regions.flatMap((r) => r.edges) };
}

const best = (runs: Timings[], key: keyof Timings) => Math.min(...runs.map((run) => run[key]));

export async function run(): Promise<void> {
  const { nodes, edges } = fiveThousand();
  const drawn = nodes.filter((n) => n.type !== 'aws.ec2.volume' && n.type !== 'aws.ec2.route_table').length;
  console.log(`\ndiagrams: AWS estate of ${nodes.length} nodes (${drawn} drawn resources), ${edges.length} edges; best of ${PASSES} passes`);
  const runs: Timings[] = [];
  for (let pass = 0; pass < PASSES; pass++) runs.push(await drawOnce(nodes, edges));
  const last = runs[runs.length - 1]!;
  console.log(`  shapes laid out after collapse: ${last.shapes}; picture ${last.width} × ${last.height} px, PNG ${(last.pngBytes / 1024).toFixed(0)} KiB`);
  console.log(`  model ${fmt(best(runs, 'model'))}   collapse + layout ${fmt(best(runs, 'layout'))}   SVG ${fmt(best(runs, 'svg'))}   PNG ${fmt(best(runs, 'png'))}`);
  const total = Math.min(...runs.map((r) => r.model + r.layout + r.svg));
  const totalPng = Math.min(...runs.map((r) => r.model + r.layout + r.svg + r.png));
  const collapsed = collapseDiagram(buildAwsDiagram({ nodes, edges }, { title: 'bench', emptyNote: '' }));
  const baselines: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) baselines.push(await elkAlone(collapsed));
  const baseline = Math.min(...baselines);
  console.log(`  SVG end to end ${fmt(total)}, PNG end to end ${fmt(totalPng)}`);
  console.log(`  baseline: elkjs alone, the same ${last.shapes} shapes in one layout call: ${fmt(baseline)}   (our layout / elkjs alone: ${((best(runs, 'layout') / baseline) * 100).toFixed(0)}%)`);

  // The 100k-slot demo estate: in memory, then through a SQLite read store as the API reads it.
  const estate = new DemoEstate(DEMO_SIZE, 'bench');
  const demoNodes: GraphNode[] = [];
  const demoEdges: GraphEdge[] = [];
  for (let i = 0; i < DEMO_SIZE; i++) {
    const node = estate.node(i);
    if (node) demoNodes.push({ id: node.id, type: node.type, name: node.name, account: node.account, region: node.region, attributes: node.attributes ?? {} });
    demoEdges.push(...estate.edges(i));
  }
  const memory = await drawOnce(demoNodes, demoEdges);
  console.log(
    `\ndiagrams: ${DEMO_SIZE.toLocaleString('en-US')}-slot demo estate (${demoNodes.length} nodes, ${demoEdges.length} edges) in memory: model ${fmt(memory.model)}, ` +
      `collapse + layout ${fmt(memory.layout)} (${memory.shapes} shapes), SVG ${fmt(memory.svg)}, PNG ${fmt(memory.png)} (${memory.width} × ${memory.height} px)`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-diagrams-'));
  const readStore = openSqliteReadStore(join(dir, 'strata.db'));
  try {
    const tenant = 'bench';
    const record = (node: GraphNode): InventoryNode =>
      ({ ...node, provider: 'demo', tags: {}, status: 'active', scope: `demo:${DEMO_SIZE}`, first_seen: 'x', last_seen: 'x', removed_at: null, first_seen_job: 'j', last_seen_job: 'j', last_changed_job: 'j', removed_in_job: null, updated_in_job: null, content_hash: 'h' }) as unknown as InventoryNode;
    for (let at = 0; at < demoNodes.length; at += 5_000) {
      await readStore.collection(nodesCollection).forTenant(tenant).bulkUpsert(demoNodes.slice(at, at + 5_000).map((n) => ({ id: n.id, doc: nodeDocument(record(n)) })));
    }
    for (let at = 0; at < demoEdges.length; at += 5_000) {
      await readStore
        .collection(edgesCollection)
        .forTenant(tenant)
        .bulkUpsert(demoEdges.slice(at, at + 5_000).map((e) => ({ id: `${e.from}|${e.type}|${e.to}`, doc: { ...e, status: 'active', first_seen: 'x', last_seen: 'x', removed_at: null, first_seen_job: 'j', last_seen_job: 'j', removed_in_job: null } as never })));
    }
    const diagrams = new Diagrams(readStore);
    // What GET .../jobs/{id}/diagram does for a demo job: read the whole demo estate, draw it, as SVG and as PNG.
    const drawAll = () => diagrams.awsModel(tenant, { provider: 'demo' });
    let started = performance.now();
    const model = await drawAll();
    const readMs = ms(started);
    started = performance.now();
    const laid = await layoutDiagram(collapseDiagram(model));
    const svg = renderSvg(laid);
    const drawMs = ms(started);
    started = performance.now();
    svgToPng(svg, laid);
    console.log(`  through the read store (SQLite): read + model ${fmt(readMs)}, layout + SVG ${fmt(drawMs)}, PNG ${fmt(ms(started))}`);
  } finally {
    await readStore.close();
    await rm(dir, { recursive: true, force: true });
  }
}
