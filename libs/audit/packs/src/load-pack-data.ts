import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { type Framework, frameworkSchema, type PriceTable, priceTableSchema } from '@strata/audit-domain';
import { parse } from 'yaml';
import { describeIssues, PackDataError } from './pack-data-error';

/** The data shipped with Strata: `libs/audit/packs/data`, copied beside the built code by the build. */
export const BUILT_IN_DATA_DIR = join(__dirname, '..', 'data');
export const BUILT_IN_FRAMEWORKS_DIR = join(BUILT_IN_DATA_DIR, 'frameworks');
export const BUILT_IN_PRICE_TABLE = join(BUILT_IN_DATA_DIR, 'prices', 'aws.json');

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PackDataError(file, [(error as Error).message]);
  }
}

/**
 * Every framework in `dir` (one `<id>.yaml` or `.yml` each), validated, sorted by id. Throws a
 * PackDataError naming the file and field of the first invalid one.
 */
export function loadFrameworks(dir: string = BUILT_IN_FRAMEWORKS_DIR): Framework[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new PackDataError(dir, [(error as Error).message]);
  }
  const frameworks = names
    .filter((name) => ['.yaml', '.yml'].includes(extname(name)))
    .sort()
    .map((name) => loadFramework(join(dir, name)));
  return frameworks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function loadFramework(file: string): Framework {
  const text = read(file);
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new PackDataError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  const result = frameworkSchema.safeParse(document);
  if (!result.success) throw new PackDataError(file, describeIssues(result.error));
  const expected = basename(file, extname(file));
  if (result.data.id !== expected) throw new PackDataError(file, [`id: "${result.data.id}" must match the file name ("${expected}")`]);
  return result.data;
}

/** The price table at `path` (JSON), validated. Throws a PackDataError naming the file and field. */
export function loadPriceTable(path: string = BUILT_IN_PRICE_TABLE): PriceTable {
  const text = read(path);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PackDataError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  const result = priceTableSchema.safeParse(document);
  if (!result.success) throw new PackDataError(path, describeIssues(result.error));
  return result.data;
}
