/** The simple drawings of `render/glyphs.ts`, one per kind of resource (our own drawings). */
export type Glyph =
  | 'instance'
  | 'database'
  | 'function'
  | 'load_balancer'
  | 'nat_gateway'
  | 'internet_gateway'
  | 'security_group'
  | 'bucket'
  | 'identity'
  | 'key'
  | 'cluster'
  | 'trail'
  | 'workload'
  | 'service'
  | 'ingress'
  | 'vpc'
  | 'subnet'
  | 'resource';

/** How a box is drawn: its frame colour and label. */
export type BoxKind = 'account' | 'region' | 'global' | 'services' | 'vpc' | 'public_subnet' | 'private_subnet' | 'cluster' | 'namespace';

/** One resource drawn as a glyph and a label, or (`count` set) a collapsed "N × kind" stand-in for many. */
export interface DiagramItem {
  id: string;
  glyph: Glyph;
  /** What it is, in words (`EC2 instance`); a collapsed item says it after its count. */
  kind: string;
  label: string;
  /** Set on a collapsed item: how many resources it stands for. */
  count?: number;
  /** Drawn across its box's left edge (an internet gateway on its VPC's). */
  onEdge?: boolean;
  /** Shown instead of `kind` under the label, as a warning (a security group's ports open to the world). */
  warning?: string;
}

/** A box (region frame, VPC, subnet, namespace …) holding boxes and items. */
export interface DiagramBox {
  id: string;
  kind: BoxKind;
  label: string;
  boxes: DiagramBox[];
  items: DiagramItem[];
}

/** What an edge means; each is drawn in its own style. */
export type ConnectionKind = 'targets' | 'uses' | 'routes_to' | 'selects';

export interface DiagramConnection {
  from: string;
  to: string;
  kind: ConnectionKind;
}

/** A diagram before layout: what to draw and what holds what. */
export interface DiagramModel {
  title: string;
  boxes: DiagramBox[];
  edges: DiagramConnection[];
  /** Lines under the title: what was collapsed or left out, or why there is nothing to draw. */
  notes: string[];
}

/** Whether the model draws nothing (its notes say why). */
export const isEmptyDiagram = (model: DiagramModel): boolean => model.boxes.length === 0;
