import type { ResourceNode } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';
import { changedFields } from './node-history';

/** One field of a node whose value a job changed: `old` → `new` (absent when the field was or became absent). */
export interface FieldChange {
  /** As in `NodeHistoryEntry.changed`: `name`, `region`, `tags`, `attributes.<key>`... */
  field: string;
  old?: unknown;
  new?: unknown;
  /** Set when `old` or `new` was larger than the value cap: it is then the start of its JSON, cut. */
  value_truncated?: true;
}

/** A node version's diff as kept: the first fields (sorted) within the cap, and whether some were left out. */
export interface AttributeDiff {
  fields: FieldChange[];
  /** Changed fields there were in all (`fields` holds at most {@link DiffLimits.maxFields} of them). */
  total: number;
  truncated: boolean;
}

export interface DiffLimits {
  /** Fields kept per diff (default 50). */
  maxFields: number;
  /** Longest value kept, in characters of its JSON (default 1,024); a longer one is cut to this. */
  maxValueChars: number;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = { maxFields: 50, maxValueChars: 1_024 };

function valueAt(node: ResourceNode, field: string): unknown {
  if (field.startsWith('attributes.')) return node.attributes[field.slice('attributes.'.length)];
  return (node as unknown as Record<string, unknown>)[field];
}

/**
 * What changed from `before` to `after`, field by field (the fields `changedFields` names), with
 * old and new values, bounded by `limits` so one node with a huge attribute cannot make a huge
 * change record: past `maxFields` fields the rest are only counted, and a value whose JSON is
 * longer than `maxValueChars` is kept as that JSON cut short, flagged `value_truncated`.
 */
export function attributeDiff(before: ResourceNode, after: ResourceNode, limits: DiffLimits = DEFAULT_DIFF_LIMITS): AttributeDiff {
  const names = changedFields(before, after);
  const fields = names.slice(0, limits.maxFields).map((field) => {
    const change: FieldChange = { field };
    let cut = false;
    const bounded = (value: unknown): unknown => {
      const json = canonicalJson(value);
      if (json.length <= limits.maxValueChars) return value;
      cut = true;
      return json.slice(0, limits.maxValueChars);
    };
    const old = valueAt(before, field);
    const now = valueAt(after, field);
    if (old !== undefined) change.old = bounded(old);
    if (now !== undefined) change.new = bounded(now);
    if (cut) change.value_truncated = true;
    return change;
  });
  return { fields, total: names.length, truncated: names.length > fields.length || fields.some((field) => field.value_truncated) };
}
