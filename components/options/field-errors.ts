/**
 * Turning validation issues (paths such as `source.url` or `organisationIds[2]`) into one message
 * per form field, so each field shows its own problem.
 */
import type * as v from 'valibot';
import { formatPath, type ValidationIssue } from '../../utils/packs/validate';

/** The first message for each field, keyed by the path up to its first index (`organisationIds`). */
export function fieldErrors(issues: readonly ValidationIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.replace(/\[.*$/, '') || 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Valibot issues as `ValidationIssue`s with printable paths. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[]): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
