import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

/** The fonts every page uses, registered from the DejaVu TTFs so they are embedded. */
export const FONT = { regular: 'report-regular', bold: 'report-bold' } as const;

export const COLORS = {
  text: '#1f2933',
  muted: '#616e7c',
  rule: '#cbd2d9',
  headerFill: '#e4e7eb',
  accent: '#2f6fed',
  severity: { critical: '#8e1b1b', high: '#d64545', medium: '#f0a30a', low: '#3c8dbc', info: '#9aa5b1' } as Record<string, string>,
};

/** A table column: its header, its share of the width, how a cell aligns. */
export interface TableColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

const CELL_PADDING = 3;
const FONT_SIZE = 8.5;

/** The bottom of the writable area of the current page. */
const bottomOf = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when fewer than `height` points are left on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

/** A section's heading. */
export function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.5).font(FONT.bold).fontSize(16).fillColor(COLORS.text).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.4).font(FONT.regular).fontSize(10);
}

export function subheading(doc: Doc, text: string): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.6).font(FONT.bold).fontSize(11).fillColor(COLORS.text).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.3).font(FONT.regular).fontSize(10);
}

export function paragraph(doc: Doc, text: string, color: string = COLORS.text): void {
  doc.font(FONT.regular).fontSize(10).fillColor(color).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
}

export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/**
 * A table that breaks across pages: each page it continues on starts with the header row again.
 * Cells are clipped to one line (ellipsis), so a row's height is known before it is drawn.
 */
export function table(doc: Doc, columns: readonly TableColumn[], rows: readonly (readonly string[])[]): void {
  const left = doc.page.margins.left;
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => (column.width / total) * contentWidth(doc));
  doc.font(FONT.regular).fontSize(FONT_SIZE);
  const rowHeight = doc.currentLineHeight() + CELL_PADDING * 2;

  const drawRow = (cells: readonly string[], header: boolean): void => {
    const y = doc.y;
    if (header) doc.rect(left, y, contentWidth(doc), rowHeight).fill(COLORS.headerFill);
    let x = left;
    doc.font(header ? FONT.bold : FONT.regular).fontSize(FONT_SIZE).fillColor(COLORS.text);
    cells.forEach((cell, index) => {
      const width = widths[index]!;
      doc.text(fit(doc, cell, width - CELL_PADDING * 2), x + CELL_PADDING, y + CELL_PADDING, { width: width - CELL_PADDING * 2, align: columns[index]!.align ?? 'left', lineBreak: false });
      x += width;
    });
    doc.moveTo(left, y + rowHeight).lineTo(left + contentWidth(doc), y + rowHeight).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.x = left;
    doc.y = y + rowHeight;
  };

  ensureSpace(doc, rowHeight * 3);
  drawRow(columns.map((column) => column.header), true);
  for (const row of rows) {
    if (doc.y + rowHeight > bottomOf(doc)) {
      doc.addPage();
      drawRow(columns.map((column) => column.header), true);
    }
    drawRow(row, false);
  }
  doc.moveDown(0.5);
}

// Advance widths per font and character at 1 pt: pdfkit measures a string by laying it out with
// fontkit (costly), and cells are measured many times each while being cut to fit.
const advanceWidths = new Map<string, Map<string, number>>();

/** The width of `text` at the current font and size, from cached per-character advances (kerning ignored). */
function measure(doc: Doc, text: string): number {
  const fontName = (doc as unknown as { _font: { name: string } })._font.name;
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  let widths = advanceWidths.get(fontName);
  if (!widths) advanceWidths.set(fontName, (widths = new Map()));
  let total = 0;
  for (const char of text) {
    let width = widths.get(char);
    if (width === undefined) {
      width = doc.widthOfString(char) / size;
      widths.set(char, width);
    }
    total += width;
  }
  return total * size;
}

/** `text`, cut with an ellipsis to fit `width` at the current font. */
function fit(doc: Doc, text: string, width: number): string {
  if (measure(doc, text) <= width) return text;
  const ellipsis = measure(doc, '…');
  let used = 0;
  let cut = 0;
  for (const char of text) {
    const next = measure(doc, char);
    if (used + next + ellipsis > width) break;
    used += next;
    cut += char.length;
  }
  return `${text.slice(0, cut)}…`;
}

export interface Bar {
  label: string;
  value: number;
  color?: string;
  /** Shown at the end of the bar (default: the value). */
  caption?: string;
}

/**
 * A horizontal bar chart drawn with the path API (rectangles and lines, no image): one bar per
 * entry, scaled to the largest value (or `max`), with a baseline and the value at each bar's end.
 */
export function barChart(doc: Doc, title: string, bars: readonly Bar[], options: { max?: number } = {}): void {
  const barHeight = 14;
  const gap = 6;
  const height = 24 + bars.length * (barHeight + gap) + 10;
  ensureSpace(doc, height);
  const left = doc.page.margins.left;
  const labelWidth = 140;
  const chartWidth = contentWidth(doc) - labelWidth - 70;
  const max = options.max ?? Math.max(1, ...bars.map((bar) => bar.value));
  doc.font(FONT.bold).fontSize(10).fillColor(COLORS.text).text(title, left, doc.y);
  let y = doc.y + 6;
  const top = y;
  for (const bar of bars) {
    const width = max > 0 ? Math.max(0, (bar.value / max) * chartWidth) : 0;
    doc.font(FONT.regular).fontSize(8.5).fillColor(COLORS.text).text(fit(doc, bar.label, labelWidth - 6), left, y + 3, { width: labelWidth - 6, lineBreak: false });
    doc.rect(left + labelWidth, y, Math.max(width, 0.5), barHeight).fill(bar.color ?? COLORS.accent);
    doc.fillColor(COLORS.text).text(bar.caption ?? String(bar.value), left + labelWidth + width + 4, y + 3, { lineBreak: false });
    y += barHeight + gap;
  }
  doc.moveTo(left + labelWidth, top - 2).lineTo(left + labelWidth, y - gap + 2).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
  doc.x = left;
  doc.y = y + 6;
}
