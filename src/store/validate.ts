import { ValidationError } from '../errors.js';
import { core as msg } from '../messages/core.js';

const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function nameProblem(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `longer than ${max} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains control characters';
  if (value.includes('/') || value.includes('\\')) return 'contains a path separator';
  if (value === '.' || value === '..' || value.includes('..')) return 'contains ".."';
  if (value.startsWith('-')) return 'starts with a dash';
  if (!NAME_RE.test(value)) return 'only letters, digits, ".", "_" and "-" are allowed (not first: "." or "-")';
  return undefined;
}

/** Tags name files, so anything that could escape a folder or be read as an option is refused. */
export function validateTag(tag: unknown): string {
  const problem = nameProblem(tag, 64);
  // A tag holding a date would make `<tag>-<date>-<session>.md` ambiguous to parse back.
  const ambiguous = !problem && /\d{4}-\d{2}-\d{2}/.test(tag as string) ? 'contains a YYYY-MM-DD date, which makes note names ambiguous' : undefined;
  if (problem ?? ambiguous) throw new ValidationError(msg.invalidTag(String(tag), (problem ?? ambiguous)!), { hint: msg.tagFix });
  return tag as string;
}

export function validateSession(id: unknown): string {
  const problem = nameProblem(id, 128);
  if (problem) throw new ValidationError(msg.invalidSession(String(id), problem), { hint: msg.sessionFix });
  return id as string;
}

/** A real calendar date in YYYY-MM-DD form (2026-02-30 is refused). */
export function validateDate(date: unknown): string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationError(msg.invalidDate(String(date)));
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) throw new ValidationError(msg.invalidDate(date));
  return date;
}

/** UTC date of an ISO instant: memory dates and the checkpoint share one clock. */
export function utcDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}
