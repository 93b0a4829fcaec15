import type { ZodError } from 'zod';
import type { FieldProblem } from '../errors/api-errors';

/**
 * One problem per zod issue, with a dotted path (`secret.token`, `plugins.0`). An issue about the
 * whole value is reported under `root` (`body`, a path parameter's name). Zod's messages state
 * what was expected, never the submitted value, so they are safe to return.
 */
export function zodIssuesToProblems(issues: ZodError['issues'], root: string): FieldProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { path: path === '' ? root : path, message: issue.message };
  });
}
