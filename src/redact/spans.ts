import type { Candidate, Redaction, RedactResult } from './types.js';
import { placeholder, placeholderSpans } from './placeholder.js';

/** `allow` entries match a value exactly, or as a regex over the whole value. */
export function allowMatcher(allow: readonly string[] = []): (value: string) => boolean {
  if (allow.length === 0) return () => false;
  const exact = new Set(allow);
  const res: RegExp[] = [];
  for (const src of allow) {
    try {
      res.push(new RegExp(`^(?:${src})$`));
    } catch {
      // Not a regex: the exact-string check above covers it.
    }
  }
  return (value) => exact.has(value) || res.some((re) => re.test(value));
}

/**
 * Turns raw findings into disjoint redactions. Overlapping findings become one span covering
 * all of them (a secret is never half-kept); its kind is the most specific finding's. Findings
 * that touch one of our placeholders are dropped, so redacting twice changes nothing.
 */
export function mergeCandidates(text: string, found: Candidate[], isAllowed: (value: string) => boolean): Redaction[] {
  const marks = placeholderSpans(text);
  const kept = found.filter((c) => c.end > c.start && !touchesMark(marks, c) && !isAllowed(text.slice(c.start, c.end)));
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Redaction[] = [];
  let cur: Candidate | undefined;
  for (const c of kept) {
    if (cur && c.start < cur.end) {
      const better = c.priority > cur.priority || (c.priority === cur.priority && c.end - c.start > cur.end - cur.start);
      cur = { kind: better ? c.kind : cur.kind, priority: Math.max(c.priority, cur.priority), start: cur.start, end: Math.max(cur.end, c.end) };
      continue;
    }
    if (cur) out.push({ kind: cur.kind, start: cur.start, end: cur.end });
    cur = { ...c };
  }
  if (cur) out.push({ kind: cur.kind, start: cur.start, end: cur.end });
  return out;
}

/** Whether a finding overlaps one of the (sorted, disjoint) placeholder spans: a binary search, so a text full of placeholders stays linear. */
function touchesMark(marks: readonly [number, number][], c: Candidate): boolean {
  let lo = 0;
  let hi = marks.length;
  // The first mark that ends after the finding starts.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]![1] <= c.start) lo = mid + 1;
    else hi = mid;
  }
  const m = marks[lo];
  return m !== undefined && m[0] < c.end;
}

export function applyRedactions(text: string, redactions: readonly Redaction[]): RedactResult {
  const kinds: Record<string, number> = {};
  const parts: string[] = [];
  let at = 0;
  for (const r of redactions) {
    parts.push(text.slice(at, r.start), placeholder(r.kind));
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    at = r.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), count: redactions.length, kinds };
}
