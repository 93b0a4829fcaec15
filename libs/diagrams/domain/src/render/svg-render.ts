import type { BoxKind, ConnectionKind } from '../model/diagram-model';
import { HEADER_LINE, MARGIN } from '../layout/elk-layout';
import type { LaidOutBox, LaidOutDiagram, LaidOutEdge, LaidOutItem } from '../layout/laid-out-diagram';
import { GLYPH_SIZE, glyphSvg } from './glyphs';
import { capText, escapeXml, num } from './svg-text';

/** The font the SVG names; the PNG renderer is given its files (DejaVu Sans), so text looks the same everywhere. */
export const DIAGRAM_FONT = 'DejaVu Sans';

const BOX_STYLE: Record<BoxKind, { stroke: string; fill: string; dash?: string; text: string }> = {
  account: { stroke: '#232F3E', fill: '#FFFFFF', text: '#232F3E' },
  region: { stroke: '#147EBA', fill: '#FFFFFF', dash: '6 4', text: '#147EBA' },
  global: { stroke: '#7D8998', fill: '#F7F8FA', text: '#4B5563' },
  services: { stroke: '#9AA5B1', fill: '#FBFBFC', dash: '4 3', text: '#4B5563' },
  vpc: { stroke: '#8C4FFF', fill: '#FAF7FF', text: '#6B2FD6' },
  public_subnet: { stroke: '#7AA116', fill: '#F2F8E6', text: '#4D6B0B' },
  private_subnet: { stroke: '#147EBA', fill: '#E6F2F8', text: '#0E5C88' },
  cluster: { stroke: '#326CE5', fill: '#FFFFFF', dash: '6 4', text: '#326CE5' },
  namespace: { stroke: '#6B8FD6', fill: '#F0F4FC', text: '#2B4C9A' },
};

const EDGE_STYLE: Record<ConnectionKind, { stroke: string; dash?: string }> = {
  targets: { stroke: '#D45B07' },
  uses: { stroke: '#DD344C', dash: '5 4' },
  routes_to: { stroke: '#326CE5' },
  selects: { stroke: '#2A9D4B' },
};

/** Longest label line, in characters, an item shows (names are capped, not wrapped). */
const ITEM_LABEL_CHARS = 20;

/**
 * The laid-out diagram as an SVG document, drawn by hand: frames and boxes with their labels,
 * items as glyph + name + kind, edges as orthogonal polylines with arrowheads. Every text (names
 * are user data) is escaped and capped. Shapes carry `data-id`/`data-kind` (boxes also
 * `data-parent`) so tests and tools can find them.
 */
export function renderSvg(diagram: LaidOutDiagram): string {
  const parts: string[] = [];
  const { width, height } = diagram;
  parts.push(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${DIAGRAM_FONT}">`,
    '<defs>',
    ...(Object.entries(EDGE_STYLE) as [ConnectionKind, { stroke: string }][]).map(
      ([kind, { stroke }]) =>
        `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${stroke}"/></marker>`,
    ),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 14}" font-size="16" font-weight="bold" fill="#232F3E">${escapeXml(capText(diagram.title, 160))}</text>`,
  );
  diagram.notes.forEach((note, index) =>
    parts.push(`<text class="note" x="${MARGIN}" y="${MARGIN + 14 + HEADER_LINE * (index + 1)}" font-size="12" fill="#4B5563">${escapeXml(capText(note, 200))}</text>`),
  );
  for (const box of diagram.boxes) drawBox(parts, box, null);
  for (const edge of diagram.edges) drawEdge(parts, edge);
  parts.push('</svg>\n');
  return parts.join('\n');
}

function drawBox(parts: string[], box: LaidOutBox, parent: string | null): void {
  const style = BOX_STYLE[box.kind];
  const labelChars = Math.max(8, Math.floor((box.width - 16) / 7.2));
  parts.push(
    `<g class="box" data-kind="${box.kind}" data-id="${escapeXml(box.id)}"${parent === null ? '' : ` data-parent="${escapeXml(parent)}"`}>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="4" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
    `<title>${escapeXml(capText(box.label, 400))}</title>`,
    `<text x="${num(box.x + 8)}" y="${num(box.y + 18)}" font-size="12" font-weight="bold" fill="${style.text}">${escapeXml(capText(box.label, labelChars))}</text>`,
    '</g>',
  );
  for (const child of box.boxes) drawBox(parts, child, box.id);
  for (const item of box.items) drawItem(parts, item, box.id);
}

function drawItem(parts: string[], item: LaidOutItem, parent: string): void {
  const glyphX = item.x + 6;
  const glyphY = item.y + (item.height - GLYPH_SIZE) / 2;
  const textX = num(glyphX + GLYPH_SIZE + 6);
  const counted = item.count !== undefined;
  parts.push(
    `<g class="item" data-kind="${escapeXml(item.kind)}" data-id="${escapeXml(item.id)}" data-parent="${escapeXml(parent)}"${counted ? ` data-count="${item.count}"` : ''}>`,
    `<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" rx="4" fill="#FFFFFF" stroke="#C4CAD2"${counted ? ' stroke-dasharray="3 2"' : ''}/>`,
    `<title>${escapeXml(capText(tooltip(item), 400))}</title>`,
    glyphSvg(item.glyph, glyphX, glyphY),
    `<text x="${textX}" y="${num(item.y + 19)}" font-size="11" fill="#111827">${escapeXml(capText(counted ? `${item.count} ×` : item.label, ITEM_LABEL_CHARS))}</text>`,
    item.warning !== undefined && !counted
      ? `<text class="warning" x="${textX}" y="${num(item.y + 34)}" font-size="10" fill="#DD344C">${escapeXml(capText(item.warning, ITEM_LABEL_CHARS + 2))}</text>`
      : `<text x="${textX}" y="${num(item.y + 34)}" font-size="10" fill="#6B7280">${escapeXml(capText(item.kind, ITEM_LABEL_CHARS + 2))}</text>`,
    '</g>',
  );
}

/** The item's whole name and kind (labels are capped), shown on hover. */
function tooltip(item: LaidOutItem): string {
  if (item.count !== undefined) return item.label;
  const warning = item.warning === undefined ? '' : `, ${item.warning.replace(/^open:/, 'open to the world:')}`;
  return `${item.label} (${item.kind}${warning})`;
}

function drawEdge(parts: string[], edge: LaidOutEdge): void {
  const style = EDGE_STYLE[edge.kind];
  const points = edge.points.map((p) => `${num(p.x)},${num(p.y)}`).join(' ');
  parts.push(
    `<polyline class="edge" data-kind="${edge.kind}" points="${points}" fill="none" stroke="${style.stroke}" stroke-width="1.3"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${edge.kind})"/>`,
  );
}
