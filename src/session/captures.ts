import { createHash } from 'node:crypto';
import { appendRecord, readRecords } from './journal.js';
import { sessionPaths } from './session-state.js';
import type { Capture, CaptureKind } from './facts.js';
import type { Layout } from '../config/layout.js';
import type { RedactOptions } from '../redact/types.js';
import { MAX_FACT_CHARS } from '../redact/sanitize.js';

export const CAPTURE_KINDS: readonly CaptureKind[] = ['decision', 'gotcha', 'followup', 'constraint', 'context', 'done'];
const PREFIX: Record<CaptureKind, string> = { decision: 'd', gotcha: 'g', followup: 'f', constraint: 'k', context: 'c', done: 'x' };

/** Short, stable, typed id: the same capture always gets the same id. */
export function captureId(kind: CaptureKind, session: string, at: string, text: string): string {
  const h = createHash('sha256').update(`${kind}\0${session}\0${at}\0${text}`).digest('base64url').replace(/[-_]/g, '').toLowerCase();
  return `${PREFIX[kind]}-${h.slice(0, 6)}`;
}

/** Appends a capture; its text is sanitised first (the journal is on disk). */
export async function addCapture(layout: Layout, c: { kind: CaptureKind; text: string; session: string; at?: string; closes?: string }, redaction: RedactOptions = {}): Promise<Capture> {
  const at = c.at ?? new Date().toISOString();
  const { sanitize } = await import('../redact/sanitize.js');
  c = { ...c, text: (await sanitize(c.text, redaction, { maxChars: MAX_FACT_CHARS })).text };
  const capture: Capture = { id: captureId(c.kind, c.session, at, c.text), kind: c.kind, text: c.text, at, session: c.session, ...(c.closes ? { closes: c.closes } : {}) };
  await appendRecord(sessionPaths(layout, c.session).captures, capture);
  return capture;
}

export async function readCaptures(layout: Layout, session: string): Promise<Capture[]> {
  const all = await readRecords<Capture>(sessionPaths(layout, session).captures);
  const seen = new Set<string>();
  return all.filter((c) => c && typeof c.id === 'string' && !seen.has(c.id) && seen.add(c.id));
}
