import type { z } from 'zod';

/**
 * The error option of a `z.record` whose keys have rules: a bad key reads as what its schema says
 * is wrong ("a plugin id: ...") rather than zod's "Invalid key in record".
 */
export const explainKeyProblems = (issue: z.core.$ZodRawIssue): string | undefined =>
  issue.code === 'invalid_key' ? (issue as unknown as { issues: { message: string }[] }).issues.map((problem) => problem.message).join('; ') : undefined;

/**
 * The `when` option of a refinement about the value as a whole ("give at least one field"): run it
 * only when nothing else is wrong, so `{"cpu": 3}` is refused for its unknown key alone.
 */
export const onlyIfValidSoFar = (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0;
