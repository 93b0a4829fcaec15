type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The dotted paths of the leaves whose value differs between `before` and `after` (a leaf only
 * one side has counts), sorted: `changedPaths({a: {b: 1}}, {a: {b: 2, c: 3}})` → `['a.b', 'a.c']`.
 * Objects are compared member by member; anything else (numbers, strings, arrays) as a whole.
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  const paths: string[] = [];
  collect(before, after, '', paths);
  return paths.sort();
}

function collect(before: unknown, after: unknown, at: string, paths: string[]): void {
  if (isPlainObject(before) || isPlainObject(after)) {
    const left = isPlainObject(before) ? before : {};
    const right = isPlainObject(after) ? after : {};
    // A leaf turning into an object (or back) changes the leaf too.
    if (at !== '' && isPlainObject(before) !== isPlainObject(after) && before !== undefined && after !== undefined) paths.push(at);
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) collect(left[key], right[key], at === '' ? key : `${at}.${key}`, paths);
    return;
  }
  if (JSON.stringify(before as Json) !== JSON.stringify(after as Json)) paths.push(at);
}
