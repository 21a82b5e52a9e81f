import { pausedBy } from '../pause.js';
import { recall as msg } from '../messages/recall.js';
import { ValidationError } from '../errors.js';
import { RECALL_KINDS } from './memory-docs.js';
import { openFresh, type RecallFilter, type RecallHit, type RecallIndex } from './recall-index.js';
import { memoryRel, type Project } from '../project/project.js';

/** The project's recall index, up to date; under PAUSE it is read as it is and never written. */
export function openProjectIndex(p: Project): { index: RecallIndex; paused: string | undefined } {
  const paused = pausedBy(p.layout.pauseFiles);
  return { index: openFresh({ stateDir: p.layout.stateDir, memoryDir: p.layout.memoryDir, write: !paused }), paused };
}

/** Checks and normalises filters as given on the command line or by an MCP client. */
export function recallFilter(input: { kind?: string | undefined; since?: string | undefined; agent?: string | undefined; limit?: number | string | undefined }, now = new Date()): RecallFilter {
  const f: RecallFilter = {};
  if (input.kind !== undefined && input.kind !== '') {
    const k = input.kind === 'follow-up' ? 'followup' : input.kind;
    if (!(RECALL_KINDS as readonly string[]).includes(k)) throw new ValidationError(msg.badKind(RECALL_KINDS, input.kind));
    f.kind = k;
  }
  if (input.since !== undefined && input.since !== '') {
    const s = input.since.trim();
    if (/^\d{1,5}$/.test(s)) f.since = new Date(now.getTime() - Number(s) * 86_400_000).toISOString().slice(0, 10);
    else if (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))) f.since = s;
    else throw new ValidationError(msg.badSince(s));
  }
  if (input.agent) f.agent = input.agent;
  if (input.limit !== undefined) {
    const n = Number(input.limit);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new ValidationError(msg.badLimit(String(input.limit)));
    f.limit = n;
  }
  return f;
}

/** A hit as handed to a caller: the note path relative to the project, not to the memory root. */
export function presentHit(p: Project, h: RecallHit): RecallHit & { note: string } {
  return { ...h, note: `${memoryRel(p)}/${h.path}` };
}

/** Plain-text rendering of hits for the CLI and the MCP text content. */
export function formatHits(p: Project, query: string, hits: RecallHit[]): string {
  if (!hits.length) return msg.none(query);
  const out: string[] = [];
  hits.forEach((h, i) => {
    const snippet = h.snippet.replace(/\s+/g, ' ').trim();
    out.push(`${msg.hitHead(i + 1, h.kind, h.id)} ${snippet}`);
    if (h.text.length > snippet.replace(/\*\*/g, '').length + 8) out.push(`   ${h.text.length > 600 ? `${h.text.slice(0, 599)}\u2026` : h.text}`);
    out.push(`   ${msg.provenance(h)}; ${memoryRel(p)}/${h.path}`);
  });
  return out.join('\n');
}
