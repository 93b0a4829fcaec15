import type { BoxKind, ConnectionKind, DiagramItem } from '../model/diagram-model';

/** A rectangle in the diagram's coordinates (absolute: origin at the drawing's top left). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An item of the model, placed. */
export interface LaidOutItem extends DiagramItem, Rect {}

export interface LaidOutBox extends Rect {
  id: string;
  kind: BoxKind;
  label: string;
  boxes: LaidOutBox[];
  items: LaidOutItem[];
}

export interface LaidOutEdge {
  id: string;
  kind: ConnectionKind;
  /** The orthogonal route: start, bend points, end. */
  points: { x: number; y: number }[];
}

/** A diagram with every shape placed and every edge routed, ready to draw. */
export interface LaidOutDiagram {
  title: string;
  notes: string[];
  width: number;
  height: number;
  boxes: LaidOutBox[];
  edges: LaidOutEdge[];
}
