import type { z } from 'zod';

/**
 * Turns schema issues into one sentence a person can act on, e.g.
 * "runs.get: id: an id is required." — never a JSON dump of the schema library's internals.
 */
export function describeIssues(context: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${context}: ${parts.join('; ')}${more}.`;
}
