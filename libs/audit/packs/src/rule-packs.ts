import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { compileRule, RuleCompileError, ruleDocumentSchema, type CompiledRule, type RuleDocument } from '@strata/audit-domain';
import { parse as parseYaml } from 'yaml';

/** The packs shipped with Strata: one folder per pack, one rule per file. */
export const BUILT_IN_RULES_DIR = join(__dirname, '..', 'data', 'rules');

const RULE_FILE = new Set(['.yaml', '.yml', '.json']);

/** A pack file that is not a valid rule: the message names the file and what is wrong. */
export class RulePackError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'RulePackError';
  }
}

export interface PackRuleFile {
  pack: string;
  file: string;
  document: RuleDocument;
}

/** Every rule document of the packs under `dir` (`<dir>/<pack>/<rule>.yaml`), validated, in file order. */
export function readRulePacks(dir: string = BUILT_IN_RULES_DIR): PackRuleFile[] {
  const files: PackRuleFile[] = [];
  const packs = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  for (const pack of packs) {
    for (const name of readdirSync(join(dir, pack)).sort()) {
      if (!RULE_FILE.has(extname(name))) continue;
      const path = join(dir, pack, name);
      const file = relative(dir, path);
      let raw: unknown;
      try {
        const text = readFileSync(path, 'utf8');
        raw = extname(name) === '.json' ? JSON.parse(text) : parseYaml(text);
      } catch (error) {
        throw new RulePackError(file, `not valid ${extname(name) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
      }
      const parsed = ruleDocumentSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new RulePackError(file, `${issue.path.join('.') || '(document)'}: ${issue.message}`);
      }
      files.push({ pack, file, document: parsed.data });
    }
  }
  return files;
}

/** The packs under `dir`, compiled once; rule ids are unique across packs. */
export function loadRulePacks(dir: string = BUILT_IN_RULES_DIR): CompiledRule[] {
  const seen = new Map<string, string>();
  return readRulePacks(dir).map(({ pack, file, document }) => {
    const other = seen.get(document.id);
    if (other) throw new RulePackError(file, `rule id "${document.id}" is also the id of ${other}`);
    seen.set(document.id, file);
    try {
      return compileRule(document, { source: 'builtin', pack });
    } catch (error) {
      if (error instanceof RuleCompileError) throw new RulePackError(file, `${error.field}: ${error.detail.split('\n')[0]}`);
      throw error;
    }
  });
}
