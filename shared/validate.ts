import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

/** Zod issues in words a person can act on: `customer.email: must be a valid email address`. */
export function describeIssues(error: z.ZodError, root = ''): Issue[] {
  return error.issues.map((issue) => {
    const path = [root, ...issue.path.map(String)].filter(Boolean).join('.') || '(payload)';
    return { path, message: issue.message };
  });
}

export function issuesToSentence(issues: Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[]; message: string };

export function parse<S extends z.ZodType>(schema: S, input: unknown, root = ''): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = describeIssues(result.error, root);
  return { ok: false, issues, message: issuesToSentence(issues) };
}
