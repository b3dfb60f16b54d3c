/**
 * Turning untrusted input (a file's text, or a value from a message) into a validated pack, with
 * every problem named by the path of the bad field.
 */
import * as v from 'valibot';
import { PACK_LIMITS, PackFileSchema, type PackFile } from './schema';

/** One problem with an input, e.g. `{ path: 'summaries[3].source.url', message: 'must be an http(s) URL' }`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The outcome of validating untrusted input. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Keys that could reach an object's prototype if a later step ever merged objects naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** At most this many issues are reported; a hostile file could otherwise produce millions. */
const MAX_ISSUES = 100;

/** Formats one issue as `path: message` (or just the message for the root). */
export function formatIssue(issue: ValidationIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Renders a valibot issue path as `summaries[3].source.url`. */
export function formatPath(path: readonly v.IssuePathItem[] | undefined): string {
  let out = '';
  for (const item of path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Walks parsed JSON once, refusing prototype keys and excessive nesting before the schema sees it.
 * Iterative, so a deeply nested hostile file cannot overflow the stack.
 */
export function findStructuralIssues(value: unknown, maxDepth: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let top = stack.pop(); top && issues.length < MAX_ISSUES; top = stack.pop()) {
    const { value: node, path, depth } = top;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) {
      issues.push({ path, message: `is nested too deeply (more than ${maxDepth} levels)` });
      continue;
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        stack.push({ value: node[i], path: `${path}[${i}]`, depth: depth + 1 });
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push({ path: childPath, message: 'is a forbidden key' });
        continue;
      }
      stack.push({
        value: (node as Record<string, unknown>)[key],
        path: childPath,
        depth: depth + 1,
      });
    }
  }
  return issues;
}

/** Validates an already-parsed value as a pack file. */
export function validatePack(input: unknown): ValidationResult<PackFile> {
  const structural = findStructuralIssues(input, PACK_LIMITS.depth);
  if (structural.length > 0) return { ok: false, issues: structural };
  const result = v.safeParse(PackFileSchema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  return {
    ok: false,
    issues: result.issues.slice(0, MAX_ISSUES).map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    })),
  };
}

/** Size of a string in UTF-8 bytes, without allocating a copy. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Writes a byte count for people: `32 MB`, `1.5 KB`, `100 bytes` (rounding could say "0 MB"). */
function formatByteSize(bytes: number): string {
  const [size, unit] =
    bytes >= 1024 * 1024
      ? [bytes / 1024 / 1024, 'MB']
      : bytes >= 1024
        ? [bytes / 1024, 'KB']
        : [bytes, 'bytes'];
  return `${Number(size.toFixed(1))} ${unit}`;
}

/** Parses and validates a pack file's text; the size limit is checked before any parsing. */
export function parsePackText(
  text: string,
  maxBytes: number = PACK_LIMITS.fileBytes,
): ValidationResult<PackFile> {
  // A UTF-16 length over the limit is over it in UTF-8 too: skip the byte count for huge inputs.
  if (text.length > maxBytes || utf8ByteLength(text) > maxBytes) {
    return {
      ok: false,
      issues: [{ path: '', message: `the file is larger than ${formatByteSize(maxBytes)}` }],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '', message: `the file is not valid JSON (${(error as Error).message})` }],
    };
  }
  return validatePack(parsed);
}
