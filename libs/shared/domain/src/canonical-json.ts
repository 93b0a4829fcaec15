/**
 * JSON with object keys sorted at every level, so equal content always serialises the same.
 * Undefined object members are left out and undefined array items become null, as in
 * `JSON.stringify`. Built as one string without intermediate arrays: it hashes every discovered
 * node, so it runs on every node of every job.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let json = '[';
    for (let index = 0; index < value.length; index++) json += (index === 0 ? '' : ',') + canonicalJson(value[index]);
    return `${json}]`;
  }
  const record = value as Record<string, unknown>;
  let json = '{';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    json += `${json.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${json}}`;
}
