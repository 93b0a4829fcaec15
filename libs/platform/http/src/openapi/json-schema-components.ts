import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const DEFS_REF = '#/$defs/';
const COMPONENTS_REF = '#/components/schemas/';
// Marks a reference to the input form of a named schema until `finish()` knows its final name.
const INPUT_MARK = '\u0000input';

function refsIn(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS_REF)) found.add(value.slice(DEFS_REF.length));
      else refsIn(value, found);
    }
  }
  return found;
}

function mapRefs(node: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => mapRefs(item, map));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? map(value) : mapRefs(value, map)]),
  );
}

type Io = 'input' | 'output';

function convert(schema: z.ZodType, io: Io): { root: JsonSchema; defs: Record<string, JsonSchema> } {
  // `unrepresentable: 'any'`: a transform or custom check documents as "any value" rather than
  // failing the whole document; validation still runs the real schema.
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...root } = json;
  return { root, defs: ($defs ?? {}) as Record<string, JsonSchema> };
}

/**
 * Zod schemas as OpenAPI 3.1 schema objects. Schemas with `.meta({ id })` become named
 * components referenced by `$ref`; the rest are inlined. Requests read a schema as input
 * (defaults make fields optional, unknown keys are stripped rather than refused), responses as
 * output; a named schema used both ways whose two forms differ gets an `<id>Input` twin.
 * Call {@link finish} once everything is added.
 */
export class JsonSchemaComponents {
  private readonly outputs = new Map<string, JsonSchema>();
  /** Input forms of named schemas that differ from their output form. */
  private readonly inputs = new Map<string, JsonSchema>();

  /**
   * The schema object to embed where `schema` is used; its references are final after
   * {@link finish}. `inlineRoot`: the schema itself, even when named (query parameters are
   * documented one by one, so they need its properties, not a reference).
   */
  add(schema: z.ZodType, io: Io, { inlineRoot = false }: { inlineRoot?: boolean } = {}): JsonSchema {
    const converted = convert(schema, io);
    const { defs } = converted;
    let { root } = converted;
    const rootRef = root['$ref'];
    if (inlineRoot && typeof rootRef === 'string' && rootRef.startsWith(DEFS_REF) && !refsIn(defs).has(rootRef.slice(DEFS_REF.length))) {
      const name = rootRef.slice(DEFS_REF.length);
      root = defs[name] ?? root;
      delete defs[name];
    }
    const differing = io === 'input' ? this.namesReadDifferently(schema, defs) : new Set<string>();
    const toComponent = (ref: string): string => {
      if (!ref.startsWith(DEFS_REF)) return ref;
      const name = ref.slice(DEFS_REF.length);
      return COMPONENTS_REF + name + (differing.has(name) ? INPUT_MARK : '');
    };
    for (const [name, def] of Object.entries(defs)) {
      register(differing.has(name) ? this.inputs : this.outputs, name, mapRefs(def, toComponent) as JsonSchema);
    }
    return mapRefs(root, toComponent) as JsonSchema;
  }

  /**
   * Names the input twins (`<id>Input` only where the output form is documented too) and
   * rewrites the references in `document` (everything the embedded schemas went into) to match.
   */
  finish<T>(document: T): { document: T; schemas: Record<string, JsonSchema> } {
    const inputName = (name: string): string => (this.outputs.has(name) ? `${name}Input` : name);
    const finalRef = (ref: string): string =>
      ref.endsWith(INPUT_MARK) ? COMPONENTS_REF + inputName(ref.slice(COMPONENTS_REF.length, -INPUT_MARK.length)) : ref;
    const schemas: Record<string, JsonSchema> = {};
    for (const [name, schema] of this.outputs) schemas[name] = mapRefs(schema, finalRef) as JsonSchema;
    for (const [name, schema] of this.inputs) schemas[inputName(name)] = mapRefs(schema, finalRef) as JsonSchema;
    return { document: mapRefs(document, finalRef) as T, schemas };
  }

  /** Named schemas whose input form differs from their output form, directly or through a reference. */
  private namesReadDifferently(schema: z.ZodType, inputDefs: Record<string, JsonSchema>): Set<string> {
    const outputDefs = convert(schema, 'output').defs;
    const differing = new Set(Object.keys(inputDefs).filter((name) => !isDeepStrictEqual(inputDefs[name], outputDefs[name])));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [name, def] of Object.entries(inputDefs)) {
        if (!differing.has(name) && [...refsIn(def)].some((ref) => differing.has(ref))) {
          differing.add(name);
          grew = true;
        }
      }
    }
    return differing;
  }
}

function register(components: Map<string, JsonSchema>, name: string, schema: JsonSchema): void {
  const existing = components.get(name);
  if (existing !== undefined && !isDeepStrictEqual(existing, schema)) {
    throw new Error(`two different schemas are named "${name}" (.meta({ id })): give one of them another id`);
  }
  components.set(name, schema);
}
