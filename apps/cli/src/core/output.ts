import { stringify as toYaml } from 'yaml';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A column of a table: its header and how a row shows in it. */
export interface Column {
  header: string;
  value: (row: Record<string, unknown>) => unknown;
}

/** `(header, field)` pairs for the common case: the column shows a field of the row. */
export function columns(...specs: ReadonlyArray<readonly [string, string | ((row: Record<string, unknown>) => unknown)]>): Column[] {
  return specs.map(([header, field]) => ({ header, value: typeof field === 'string' ? (row) => fieldOf(row, field) : field }));
}

export interface RenderOptions {
  format: OutputFormat;
  quiet: boolean;
  /** Table columns for a list (`items`) or an array; an object without them shows as key/value rows. */
  columns?: Column[];
  /** The id `--quiet` prints; `id` by default. */
  idOf?: (row: Record<string, unknown>) => unknown;
}

/**
 * What a command prints: the API's JSON unchanged for `json` and `yaml`, the ids only with
 * `quiet`, an aligned table for people otherwise. Ends with a newline (or is empty).
 */
export function render(data: unknown, options: RenderOptions): string {
  if (options.quiet) return quietIds(data, options.idOf ?? ((row) => row['id'])).map((id) => `${id}\n`).join('');
  if (options.format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (options.format === 'yaml') return toYaml(data);
  const rows = rowsOf(data);
  if (rows !== undefined && options.columns) {
    const table = formatTable(options.columns.map((column) => column.header), rows.map((row) => options.columns!.map((column) => cell(column.value(row)))));
    return `${table}${pagingHint(data)}`;
  }
  if (isRecord(data)) return formatTable(['FIELD', 'VALUE'], Object.entries(data).map(([key, value]) => [key, cell(value)]));
  return `${cell(data)}\n`;
}

/** Left-aligned columns two spaces apart, a header row first, no trailing spaces. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, index) => Math.max(header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((text, index) => (index === cells.length - 1 ? text : text.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((text) => `${text}\n`).join('');
}

/** A value as a table cell: one line, objects as compact JSON, nothing for null. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.replace(/\s*\n\s*/g, ' ');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) return value.join(',');
  return JSON.stringify(value);
}

/** `a.b.c` of a row. */
export function fieldOf(row: Record<string, unknown>, path: string): unknown {
  let value: unknown = row;
  for (const key of path.split('.')) value = isRecord(value) ? value[key] : undefined;
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowsOf(data: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(data)) return data.filter(isRecord);
  if (isRecord(data) && Array.isArray(data['items'])) return data['items'].filter(isRecord);
  return undefined;
}

function quietIds(data: unknown, idOf: (row: Record<string, unknown>) => unknown): string[] {
  const rows = rowsOf(data) ?? (isRecord(data) ? [data] : []);
  return rows.map(idOf).filter((id) => id !== undefined && id !== null).map(String);
}

/** The next page's cursor, for people: both envelopes (`next_cursor` and `page.next_cursor`). */
function pagingHint(data: unknown): string {
  if (!isRecord(data)) return '';
  const page = isRecord(data['page']) ? data['page'] : undefined;
  const next = data['next_cursor'] ?? page?.['next_cursor'];
  const more = page ? page['has_more'] !== false : true;
  return typeof next === 'string' && next && more ? `(more: --cursor ${next})\n` : '';
}
