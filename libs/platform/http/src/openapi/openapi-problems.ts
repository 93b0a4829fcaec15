import type { OpenApiDocument } from './build-openapi-document';

type Json = Record<string, unknown>;

const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

function collectRefs(node: unknown, at: string, found: { at: string; ref: string }[]): void {
  if (Array.isArray(node)) node.forEach((item, index) => collectRefs(item, `${at}/${index}`, found));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push({ at, ref: value });
      else collectRefs(value, `${at}/${key}`, found);
    }
  }
}

/**
 * Structural problems of an OpenAPI 3.1 document, empty when none: the checks a validator would
 * make that matter for documents built here (required fields, path templates and their
 * parameters, unique operation ids, responses, and that every `$ref` resolves).
 */
export function openApiProblems(document: OpenApiDocument | Json): string[] {
  const problems: string[] = [];
  if (document['openapi'] !== '3.1.0') problems.push('openapi must be "3.1.0"');
  const info = document['info'];
  if (!isObject(info) || typeof info['title'] !== 'string' || typeof info['version'] !== 'string') {
    problems.push('info needs a title and a version');
  }
  const paths = document['paths'];
  if (!isObject(paths)) return [...problems, 'paths must be an object'];
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) problems.push(`path ${path} must start with "/"`);
    if (!isObject(item)) {
      problems.push(`${path} must be a path item object`);
      continue;
    }
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    for (const [method, operation] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      if (!OPERATION_KEYS.includes(method) || !isObject(operation)) {
        problems.push(`${at}: not an operation`);
        continue;
      }
      const id = operation['operationId'];
      if (typeof id === 'string') {
        if (operationIds.has(id)) problems.push(`${at}: operationId ${id} is not unique`);
        operationIds.add(id);
      }
      const parameters = (Array.isArray(operation['parameters']) ? operation['parameters'] : []).filter(isObject);
      const seen = new Set<string>();
      for (const parameter of parameters) {
        const key = `${String(parameter['in'])}:${String(parameter['name'])}`;
        if (seen.has(key)) problems.push(`${at}: parameter ${key} declared twice`);
        seen.add(key);
        if (!['path', 'query', 'header', 'cookie'].includes(String(parameter['in']))) problems.push(`${at}: parameter ${key} has no valid "in"`);
        if (parameter['in'] === 'path' && parameter['required'] !== true) problems.push(`${at}: path parameter ${key} must be required`);
        if (!isObject(parameter['schema']) && !isObject(parameter['content'])) problems.push(`${at}: parameter ${key} needs a schema`);
      }
      for (const name of templated) {
        if (!seen.has(`path:${name}`)) problems.push(`${at}: path parameter ${name} is not declared`);
      }
      for (const key of seen) {
        const [location, name] = key.split(':');
        if (location === 'path' && !templated.includes(name)) problems.push(`${at}: path parameter ${name} is not in the path`);
      }
      const responses = operation['responses'];
      if (!isObject(responses) || Object.keys(responses).length === 0) problems.push(`${at}: no responses`);
      else {
        for (const [status, response] of Object.entries(responses)) {
          if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${at}: response key ${status} is not a status`);
          if (!isObject(response) || typeof response['description'] !== 'string') problems.push(`${at} ${status}: response needs a description`);
        }
      }
    }
  }
  const refs: { at: string; ref: string }[] = [];
  collectRefs(document, '#', refs);
  for (const { at, ref } of refs) {
    if (resolvePointer(document as Json, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`);
  }
  return problems;
}
