import { parseFrontMatter } from '../store/frontmatter.js';
import { parseArchive } from '../store/archive.js';
import { parseLayer1Name } from '../store/memory-store.js';

/**
 * The one place that reads memory files for recall: every note section becomes searchable
 * documents. It goes by headings and list items and recognises a section by words in its title,
 * not by exact titles, so a renderer that renames "Decisions" to "Decisions and why" or adds a
 * section still yields what it can; lines it does not understand are skipped, never an error.
 */

export const RECALL_KINDS = ['session', 'decision', 'gotcha', 'followup', 'constraint', 'context', 'task', 'failure', 'commit', 'topic'] as const;
export type RecallKind = (typeof RECALL_KINDS)[number];

export interface RecallDoc {
  /** A capture id (d-…, g-…, f-…), a commit hash, or `<session>#<kind>-<n>` for lines without one. */
  id: string;
  kind: RecallKind;
  text: string;
  /** Path relative to the memory root of the file it came from. */
  path: string;
  session: string;
  agent: string;
  /** YYYY-MM-DD. */
  date: string;
  branch: string;
  /** The commit the line names, else the session's HEAD. */
  commit: string;
  /** Follow-ups: 'open' or 'closed'; tasks: 'done' or 'open'; '' otherwise. */
  status: string;
}

/** Section title words, first match wins (so "Failed commands" is a failure, not a task). */
const SECTION_RULES: Array<[RegExp, RecallKind | 'files' | 'skip' | 'stated']> = [
  [/provenance|uncommitted/i, 'skip'],
  // "Stated in the session": each line names its own kind (`- constraint: ... (user, line 16, ...)`).
  [/\bstated\b|\bsaid\b/i, 'stated'],
  [/summar|overview|what happened|goal/i, 'session'],
  [/decision|decided/i, 'decision'],
  [/gotcha|pitfall|caveat|surprise|lesson/i, 'gotcha'],
  [/follow|open (items|questions)|todo next|next steps/i, 'followup'],
  [/constraint|preference|rule/i, 'constraint'],
  [/command|failure|failed|error/i, 'failure'],
  [/task|todo|plan/i, 'task'],
  [/change|commit|files/i, 'files'],
  [/context|note/i, 'context'],
];

function sectionKind(title: string): RecallKind | 'files' | 'skip' | 'stated' | undefined {
  return SECTION_RULES.find(([re]) => re.test(title))?.[1];
}

/** `(closes: f-…, id: d-…, 2026-02-06)` at the end of a captured line. */
const SUFFIX_RE = /\s*\((?:closes: ([^,\s)]+), )?id: ([a-z]-[a-z0-9]{3,16})(?:, (\d{4}-\d{2}-\d{2}))?\)\s*$/;
const CHECK_RE = /^\[([ xX])\]\s+/;
const COMMIT_RE = /^([0-9a-f]{7,40})\s+(.+)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}/;
/** `failed: ...`, `failed 2/3: ...` or `rejected by the user: ...` in the commands section. */
const FAILED_RE = /^(?:failed\b|rejected\b)[^:]*:\s*(.*)$/i;
/** What the renderer appends to a failure: `(still failing)`, `(fixed later by \`...\`)`, `[line 195]`. */
const FAILED_TAIL_RE = /(?:\s+\((?:still failing|fixed later)[^()]*\))?(?:\s+\[line \d+\])?\s*$/i;
/** `constraint: text (user, line 16, 2026-02-06)` in the stated section. */
const STATED_RE = /^(constraint|decision|gotcha):\s*(.*?)(?:\s+\((?:user|agent)(?:, line \d+)?(?:, (\d{4}-\d{2}-\d{2}))?\))?$/i;

interface Section {
  title: string;
  lines: string[];
}

/** `#`–`######` headings outside fenced blocks; text before the first heading is left out. */
function sections(body: string): Section[] {
  const out: Section[] = [];
  let cur: Section | undefined;
  let fence = '';
  for (const line of body.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1]!;
      else if (f[1]!.startsWith(fence) && line.trim() === f[1]) fence = '';
      cur?.lines.push(line);
      continue;
    }
    const h = fence ? null : /^(#{2,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      cur = { title: h[2]!, lines: [] };
      out.push(cur);
    } else cur?.lines.push(line);
  }
  return out;
}

/** List items (`- `, `* `, `1. `) with their indented continuation lines joined. */
function listItems(lines: string[]): string[] {
  const items: string[] = [];
  let cur: string | undefined;
  for (const line of lines) {
    const m = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (m) {
      if (cur !== undefined) items.push(cur);
      cur = m[1]!;
    } else if (cur !== undefined && /^\s{2,}\S/.test(line)) cur += ` ${line.trim()}`;
    else if (cur !== undefined) {
      items.push(cur);
      cur = undefined;
    }
  }
  if (cur !== undefined) items.push(cur);
  return items.map((i) => i.trim()).filter(Boolean);
}

/** Markdown reduced to its words: quotes, emphasis, code ticks and links unwrapped. */
export function plainText(md: string): string {
  return md
    .replace(/^\s*>\s?/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+|\*{1,3}(?=\S)|(?<=\S)\*{1,3}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function noteDocs(meta: Record<string, unknown>, body: string, ctx: ReturnType<typeof contextOf>): RecallDoc[] {
  const docs: RecallDoc[] = [];
  const counters = new Map<string, number>();
  const doc = (kind: RecallKind, text: string, extra: Partial<RecallDoc> = {}) => {
    const clean = plainText(text);
    if (!clean) return;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    docs.push({ id: `${ctx.session}#${kind}-${n}`, kind, text: clean, ...ctx, ...extra });
  };
  // The session document: what it was about, in its own words, plus the files it touched, so
  // "which session changed the parser?" finds it.
  const about: string[] = [];
  const summary = str(meta.summary);
  if (summary) about.push(summary);
  for (const s of sections(body)) {
    const kind = sectionKind(s.title);
    if (kind === 'skip') continue;
    if (kind === 'session' || kind === undefined) {
      about.push(s.lines.join('\n'));
      continue;
    }
    for (const raw of listItems(s.lines)) {
      let text = raw;
      let status = '';
      const check = CHECK_RE.exec(text);
      if (check) {
        status = check[1] === ' ' ? 'open' : 'closed';
        text = text.slice(check[0].length);
      }
      const suffix = SUFFIX_RE.exec(text);
      const extra: Partial<RecallDoc> = {};
      if (suffix) {
        text = text.slice(0, suffix.index);
        if (suffix[1]) continue; // a closing line: the follow-up it closes carries the meaning
        extra.id = suffix[2]!;
        if (suffix[3]) extra.date = suffix[3];
      }
      if (kind === 'files') {
        const c = COMMIT_RE.exec(plainText(text));
        if (c) doc('commit', c[2]!, { id: c[1]!, commit: c[1]! });
        else about.push(text);
        continue;
      }
      if (kind === 'failure') {
        // Only failed or rejected commands: the commands that ran fine are noise to a search.
        const failed = FAILED_RE.exec(text);
        if (failed) doc('failure', failed[1]!.replace(FAILED_TAIL_RE, ''));
        continue;
      }
      if (kind === 'stated') {
        // Said in the session's own words: searchable as its kind, and still part of what the session was about.
        const st = STATED_RE.exec(text);
        if (st) doc(st[1]!.toLowerCase() as RecallKind, st[2]!, st[3] ? { date: st[3] } : {});
        about.push(st ? st[2]! : text);
        continue;
      }
      if (kind === 'followup' || kind === 'task') extra.status = kind === 'task' ? (status === 'closed' ? 'done' : 'open') : status || 'open';
      doc(kind, text, extra);
    }
  }
  const text = plainText(about.join('\n'));
  if (text) docs.unshift({ id: ctx.session, kind: 'session', text: text.slice(0, 4000), ...ctx, status: str(meta.status) });
  return docs;
}

function contextOf(meta: Record<string, unknown>, path: string, fallback: { session?: string; date?: string }) {
  const date = str(meta.date) || fallback.date || str(meta.started_at).slice(0, 10);
  return {
    path,
    session: str(meta.session) || str(meta.id) || fallback.session || path,
    agent: str(meta.agent),
    date: DATE_RE.test(date) ? date.slice(0, 10) : '',
    branch: str(meta.branch),
    commit: str(meta.head) || str(meta.head_start),
    status: '',
  };
}

/**
 * The documents of one memory file, by its path relative to the memory root: a layer1 session
 * note, a layer3 archive (each archived note with the archive as its path) or a topic page.
 * Anything else (layer2 is derived from the rest) gives none.
 */
export function memoryDocs(rel: string, raw: string): RecallDoc[] {
  const text = raw.replace(/\r\n/g, '\n');
  if (rel.startsWith('layer3/')) {
    return parseArchive(text).flatMap((e) => noteDocs(e.meta, e.body, contextOf(e.meta, rel, { session: e.id })));
  }
  const parsed = parseFrontMatter(text);
  const meta = (parsed?.meta ?? {}) as Record<string, unknown>;
  const body = parsed?.body ?? text;
  if (rel.startsWith('layer1/')) {
    const name = parseLayer1Name(rel.slice(rel.lastIndexOf('/') + 1));
    return noteDocs(meta, body, contextOf(meta, rel, name ?? {}));
  }
  if (rel.startsWith('topics/')) {
    const slug = rel.slice(7).replace(/\.md$/, '');
    // A topic page: every line has its own provenance; the page is one document per section item.
    const ctx = contextOf(meta, rel, { session: `topic:${slug}` });
    const docs: RecallDoc[] = [];
    let n = 0;
    for (const s of sections(body)) {
      for (const item of listItems(s.lines)) {
        const suffix = SUFFIX_RE.exec(item);
        const session = /session[: ]+`?([\w.:-]+)`?/i.exec(item)?.[1];
        const clean = plainText(suffix ? item.slice(0, suffix.index) : item);
        if (!clean) continue;
        docs.push({ id: suffix?.[2] ?? `topic:${slug}#${++n}`, kind: 'topic', text: `${slug}: ${clean}`, ...ctx, session: session ?? ctx.session, date: suffix?.[3] ?? ctx.date });
      }
    }
    return docs;
  }
  return [];
}
