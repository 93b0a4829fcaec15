import { layoutDiagram } from './layout/elk-layout';
import type { LaidOutDiagram } from './layout/laid-out-diagram';
import { collapseDiagram } from './model/collapse';
import type { DiagramModel } from './model/diagram-model';
import { renderSvg } from './render/svg-render';

/** A drawn diagram: the SVG document and its size in pixels. */
export interface DrawnDiagram {
  svg: string;
  width: number;
  height: number;
  /** Milliseconds spent laying out and rendering (for the benchmark and logs). */
  timings: { layoutMs: number; renderMs: number };
  laidOut: LaidOutDiagram;
}

/** Model → collapsed model → layout (elkjs) → SVG. */
export async function drawDiagram(model: DiagramModel, now: () => number = () => performance.now()): Promise<DrawnDiagram> {
  const started = now();
  const laidOut = await layoutDiagram(collapseDiagram(model));
  const laidAt = now();
  const svg = renderSvg(laidOut);
  return { svg, width: laidOut.width, height: laidOut.height, timings: { layoutMs: laidAt - started, renderMs: now() - laidAt }, laidOut };
}
