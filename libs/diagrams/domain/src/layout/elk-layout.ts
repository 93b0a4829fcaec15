import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { ConnectionKind, DiagramBox, DiagramConnection, DiagramModel } from '../model/diagram-model';
import type { LaidOutBox, LaidOutDiagram, LaidOutEdge, LaidOutItem } from './laid-out-diagram';

/** An item's size: its glyph and two lines of label beside it. */
export const ITEM_WIDTH = 176;
export const ITEM_HEIGHT = 44;
/** Room above a box's contents for its label. */
export const BOX_LABEL_HEIGHT = 28;
const BOX_PADDING = 14;
const GAP = 14;
/** Room above the drawing for the title and notes. */
export const HEADER_LINE = 20;
export const MARGIN = 20;
/** Space between the top-level frames. */
const FRAME_GAP = 30;
const MIN_BOX = { width: 200, height: 80 };

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  // Coordinates of every shape and edge relative to the root: drawing needs no offsets.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.spacing.nodeNode': String(GAP),
  'elk.layered.spacing.nodeNodeBetweenLayers': '28',
  'elk.layered.thoroughness': '1',
};

const boxOptions = (left: number): Record<string, string> => ({
  'elk.padding': `[top=${BOX_LABEL_HEIGHT + 6},left=${left},bottom=${BOX_PADDING},right=${BOX_PADDING}]`,
  'elk.nodeSize.minimum': `(${MIN_BOX.width},${MIN_BOX.height})`,
  'elk.nodeSize.constraints': 'MINIMUM_SIZE',
});
const BOX_OPTIONS = boxOptions(BOX_PADDING);
/** A box whose VPCs carry gateways on their left edge leaves room for them inside it. */
const EDGE_ROOM_OPTIONS = boxOptions(BOX_PADDING + ITEM_WIDTH / 2);

/**
 * Places the model's boxes and items and routes its edges orthogonally. Each top-level frame (a
 * region, the global services, a cluster) is one elkjs layout: layered, over the whole hierarchy
 * at once (compound nodes, `INCLUDE_CHILDREN`), edges routed `ORTHOGONAL`; the frames are then
 * packed in rows. A box that holds only items none of which an edge touches is a grid of them
 * (elk would stack unconnected shapes in one tall column), laid out here and given to elk as one
 * shape of that size. Pure: the same model lays out the same way.
 */
export async function layoutDiagram(model: DiagramModel): Promise<LaidOutDiagram> {
  const headerHeight = HEADER_LINE * (1 + model.notes.length) + 10;
  const textWidth = 9 * Math.max(model.title.length, ...model.notes.map((note) => Math.min(note.length, 200)));
  if (model.boxes.length === 0) {
    return { title: model.title, notes: model.notes, width: Math.max(640, textWidth + 2 * MARGIN), height: headerHeight + 2 * MARGIN, boxes: [], edges: [] };
  }
  const endpoints = new Set(model.edges.flatMap((edge) => [edge.from, edge.to]));
  const frameOf = new Map<string, number>();
  model.boxes.forEach((box, index) => {
    for (const id of idsWithin(box)) frameOf.set(id, index);
  });
  const edgesOf = model.boxes.map((): DiagramConnection[] => []);
  for (const edge of model.edges) {
    const frame = frameOf.get(edge.from);
    // An edge between two frames is not drawn (the diagrams make none: targets and groups share a region).
    if (frame !== undefined && frame === frameOf.get(edge.to)) edgesOf[frame]!.push(edge);
  }
  const frames: Frame[] = [];
  for (const [index, box] of model.boxes.entries()) frames.push(await layoutFrame(box, edgesOf[index]!, endpoints));

  // Shelf packing: rows about as wide as the whole is tall times 1.6.
  const area = frames.reduce((sum, frame) => sum + (frame.width + FRAME_GAP) * (frame.height + FRAME_GAP), 0);
  const rowWidth = Math.max(Math.sqrt(area * 1.6), ...frames.map((frame) => frame.width));
  const top = MARGIN + headerHeight;
  let x = MARGIN;
  let y = top;
  let rowHeight = 0;
  let width = 0;
  const boxes: LaidOutBox[] = [];
  const edges: LaidOutEdge[] = [];
  for (const frame of frames) {
    if (x > MARGIN && x - MARGIN + frame.width > rowWidth) {
      x = MARGIN;
      y += rowHeight + FRAME_GAP;
      rowHeight = 0;
    }
    boxes.push(translateBox(frame.box, x, y));
    for (const edge of frame.edges) edges.push({ ...edge, points: edge.points.map((p) => ({ x: p.x + x, y: p.y + y })) });
    width = Math.max(width, x + frame.width);
    rowHeight = Math.max(rowHeight, frame.height);
    x += frame.width + FRAME_GAP;
  }
  return {
    title: model.title,
    notes: model.notes,
    width: Math.ceil(Math.max(width + MARGIN, textWidth + 2 * MARGIN)),
    height: Math.ceil(y + rowHeight + MARGIN),
    boxes,
    edges,
  };
}

interface Frame {
  box: LaidOutBox;
  edges: LaidOutEdge[];
  width: number;
  height: number;
}

async function layoutFrame(frame: DiagramBox, connections: readonly DiagramConnection[], endpoints: ReadonlySet<string>): Promise<Frame> {
  const isGrid = (box: DiagramBox): boolean => box.boxes.length === 0 && box.items.every((item) => !endpoints.has(item.id) && !item.onEdge);
  const toElk = (box: DiagramBox): ElkNode => {
    if (isGrid(box)) return { id: box.id, ...gridSize(box.items.length) };
    const gatewaysInside = box.boxes.some((child) => child.items.some((item) => item.onEdge));
    return {
      id: box.id,
      layoutOptions: gatewaysInside ? EDGE_ROOM_OPTIONS : BOX_OPTIONS,
      children: [
        ...box.boxes.map(toElk),
        ...box.items.map((item): ElkNode => ({
          id: item.id,
          width: ITEM_WIDTH,
          height: ITEM_HEIGHT,
          ...(item.onEdge ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } } : {}),
        })),
      ],
    };
  };
  const graph: ElkNode = {
    id: '__root',
    layoutOptions: ROOT_OPTIONS,
    children: [toElk(frame)],
    edges: connections.map((edge, index): ElkExtendedEdge => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
  };
  const laid = await new ELK().layout(graph);

  const fromElk = (box: DiagramBox, node: ElkNode): LaidOutBox => {
    const at = { x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? MIN_BOX.width, height: node.height ?? MIN_BOX.height };
    if (isGrid(box)) return { id: box.id, kind: box.kind, label: box.label, ...at, boxes: [], items: gridItems(box, at.x, at.y) };
    const childById = new Map((node.children ?? []).map((child) => [child.id, child] as const));
    const items = box.items.map((item): LaidOutItem => {
      const placed = childById.get(item.id)!;
      return { ...item, x: placed.x ?? 0, y: placed.y ?? 0, width: placed.width ?? ITEM_WIDTH, height: placed.height ?? ITEM_HEIGHT };
    });
    // An internet gateway sits across its VPC's left edge, as in the usual AWS drawings.
    for (const item of items) if (item.onEdge) item.x = at.x - item.width / 2;
    return { id: box.id, kind: box.kind, label: box.label, ...at, boxes: box.boxes.map((child) => fromElk(child, childById.get(child.id)!)), items };
  };
  const root = laid.children![0]!;
  const box = fromElk(frame, root);
  const kindById = new Map<string, ConnectionKind>(connections.map((edge, index) => [`e${index}`, edge.kind]));
  const edges: LaidOutEdge[] = [];
  for (const edge of laid.edges ?? []) {
    const points = (edge.sections ?? []).flatMap((section) => [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
    if (points.length >= 2) edges.push({ id: edge.id, kind: kindById.get(edge.id)!, points: points.map((p) => ({ x: p.x, y: p.y })) });
  }
  // Anchor the frame at (0, 0); an edge-sitting gateway may reach left of it.
  const minX = Math.min(box.x, ...flatItems(box).map((item) => item.x));
  const dx = -minX;
  const dy = -box.y;
  const placed = translateBox(box, dx, dy);
  return {
    box: placed,
    edges: edges.map((edge) => ({ ...edge, points: edge.points.map((p) => ({ x: p.x + dx, y: p.y + dy })) })),
    width: placed.x + placed.width,
    height: placed.height,
  };
}

/** Columns of a grid of `count` items: about as wide as it is tall. */
function gridColumns(count: number): number {
  return Math.max(1, Math.min(count, Math.ceil(Math.sqrt((count * ITEM_HEIGHT * 1.6) / ITEM_WIDTH))));
}

function gridSize(count: number): { width: number; height: number } {
  const columns = gridColumns(count);
  const rows = Math.ceil(count / columns);
  return {
    width: Math.max(MIN_BOX.width, 2 * BOX_PADDING + columns * ITEM_WIDTH + (columns - 1) * GAP),
    height: Math.max(MIN_BOX.height, BOX_LABEL_HEIGHT + 6 + BOX_PADDING + rows * ITEM_HEIGHT + Math.max(0, rows - 1) * GAP),
  };
}

function gridItems(box: DiagramBox, x: number, y: number): LaidOutItem[] {
  const columns = gridColumns(box.items.length);
  return box.items.map((item, index) => ({
    ...item,
    x: x + BOX_PADDING + (index % columns) * (ITEM_WIDTH + GAP),
    y: y + BOX_LABEL_HEIGHT + 6 + Math.floor(index / columns) * (ITEM_HEIGHT + GAP),
    width: ITEM_WIDTH,
    height: ITEM_HEIGHT,
  }));
}

function translateBox(box: LaidOutBox, dx: number, dy: number): LaidOutBox {
  return {
    ...box,
    x: box.x + dx,
    y: box.y + dy,
    boxes: box.boxes.map((child) => translateBox(child, dx, dy)),
    items: box.items.map((item) => ({ ...item, x: item.x + dx, y: item.y + dy })),
  };
}

function flatItems(box: LaidOutBox): LaidOutItem[] {
  return [...box.items, ...box.boxes.flatMap(flatItems)];
}

function* idsWithin(box: DiagramBox): Generator<string> {
  yield box.id;
  for (const item of box.items) yield item.id;
  for (const child of box.boxes) yield* idsWithin(child);
}
