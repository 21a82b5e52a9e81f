import type { Capture, SessionFacts } from '../session/facts.js';
import { render as msg } from '../messages/render.js';
import { blockquote, capLines, clip, cmp, fence, gist, inlineCode, isoDay, normaliseText, oneLine, splitSections } from './markdown.js';
import { failureLine, fileLine, parseWork, sessionFailures, sessionFiles, sessionStated, statedLine, type SessionWork } from './note-work.js';
import { isChatter, isHarnessMessage } from '../session/cues.js';
import { shortPaths } from '../session/tool-facts.js';
import { digestCompactSummary } from '../session/compact-digest.js';
import { parseFrontMatter, type Meta } from '../store/frontmatter.js';

/** Bounds that keep a note small however long the session ran. */
export const NOTE_LIMITS = {
  requests: 5,
  requestChars: 300,
  lastMessageChars: 2400,
  manualNoteChars: 1500,
  itemChars: 600,
  items: 100,
  commits: 30,
  subjectChars: 200,
  files: 50,
  diffStatLines: 60,
  uncommitted: 50,
  commands: 20,
  failedCommands: 10,
  commandChars: 200,
  todos: 30,
  todoChars: 200,
  compactSummaries: 2,
  compactChars: 6000,
  summaryLine: 200,
  summaryBlock: 2500,
} as const;

export type ItemKind = 'decision' | 'gotcha' | 'followup' | 'constraint' | 'context';

/** One captured item as read back from a note. */
export interface NoteItem {
  kind: ItemKind;
  id: string;
  text: string;
  /** YYYY-MM-DD of the capture. */
  date: string;
}

/** What current-state.md needs from one layer1 note; JSON-serialisable so the index can cache it. */
export interface ParsedNote {
  session: string;
  tag?: string;
  /** YYYY-MM-DD from the file name. */
  date: string;
  agent?: string;
  branch?: string;
  startedAt?: string;
  updatedAt?: string;
  endedAt?: string;
  status: 'active' | 'ended';
  headStart?: string;
  head?: string;
  /** One line for lists. */
  summary: string;
  /** The Summary section as Markdown. */
  summaryBlock: string;
  items: NoteItem[];
  /** Follow-up ids this session closed. */
  closes: string[];
  /** What was done, failed, left open and said (see note-work.ts); left out of the index on disk. */
  work?: SessionWork;
}

const SECTION_KIND: Record<string, ItemKind> = {
  [msg.section.decisions]: 'decision',
  [msg.section.gotchas]: 'gotcha',
  [msg.section.followups]: 'followup',
  [msg.section.constraints]: 'constraint',
  [msg.section.context]: 'context',
};

function itemSuffix(c: Capture, closes?: string): string {
  return `(${closes ? `closes: ${closes}, ` : ''}id: ${c.id}, ${isoDay(c.at, '0000-00-00')})`;
}

function byTime(a: Capture, b: Capture): number {
  return cmp(a.at, b.at) || cmp(a.id, b.id);
}

/** Captures in time order, one per id (the latest text wins), with empty texts dropped. */
function uniqueCaptures(captures: Capture[]): Capture[] {
  const byId = new Map<string, Capture>();
  for (const c of [...captures].sort(byTime)) {
    if (c.kind !== 'done' && !c.text.trim()) continue;
    byId.set(c.id, byId.has(c.id) ? { ...byId.get(c.id)!, text: c.text } : c);
  }
  return [...byId.values()].sort(byTime);
}

/** The line lists use for a session: the manual note, else the opening request(s) (the goal), else the agent's last word. */
export function summaryLine(f: SessionFacts): string {
  const t = f.transcript;
  const firstCommit = f.commits[0]?.subject;
  // A first request like "there's some feedback to address:" says little alone: take the next ones too.
  let opening = '';
  for (const r of uniqueRequests(t?.requests ?? [])) {
    if (opening.length >= 100) break;
    opening = `${opening} ${gist(r, NOTE_LIMITS.summaryLine)}`.trim();
  }
  const candidates = [f.manualNote, opening, lastWords(f), firstCommit];
  const pick = candidates.find((c) => c !== undefined && c.trim() !== '');
  return pick ? oneLine(pick, NOTE_LIMITS.summaryLine) : msg.noSummary;
}

/** Requests once each (a re-sent prompt counts at its last sending), in order; chatter is no request. */
function uniqueRequests(all: string[]): string[] {
  const last = new Map<string, number>();
  all.forEach((r, i) => last.set(normaliseText(r), i));
  return all.filter((r, i) => !isChatter(r) && last.get(normaliseText(r)) === i);
}

/** The agent's last words worth showing: never a hook's message; a reply to a notification only when nothing else was said. */
function lastWords(f: SessionFacts): string | undefined {
  const t = f.transcript;
  const last = t?.lastAssistantMessage?.trim();
  const words = last && !isHarnessMessage(last) ? last : t?.minorReply?.trim() || undefined;
  if (!words) return undefined;
  const wrap = t?.wrapUp?.trim();
  // The last line first; the turn's real wrap-up after it, when the turn ended on a short line.
  return shortPaths(wrap ? `${words}\n\n${msg.wrapUp}\n\n${clip(wrap, NOTE_LIMITS.lastMessageChars)}` : words, t?.cwd);
}

/** Blocks of a section, each under its bold title, set apart by blank lines; empty ones left out. */
function titled(blocks: Array<[string, string[]] | false | undefined | ''>): string[] {
  const shown = blocks.filter((b): b is [string, string[]] => !!b && b[1].length > 0);
  return shown.flatMap(([title, lines], i) => [...(i ? [''] : []), title, '', ...lines]);
}

function summarySection(f: SessionFacts): string[] {
  const requests = uniqueRequests(f.transcript?.requests ?? []);
  const max = NOTE_LIMITS.requests;
  // The first request usually states the goal; the last few say where the session ended up.
  const shown = requests.length <= max ? requests : [requests[0]!, ...requests.slice(-(max - 1))];
  const lines = shown.map((r) => `- ${gist(r, NOTE_LIMITS.requestChars)}`);
  if (requests.length > max) lines.splice(1, 0, `- ${msg.earlierRequests(requests.length - max)}`);
  const last = lastWords(f);
  const manual = f.manualNote?.trim();
  return titled([
    [msg.requests(requests.length, shown.length), lines],
    last && [msg.lastMessage, [blockquote(last, NOTE_LIMITS.lastMessageChars)]],
    manual && [msg.manualNote, [blockquote(manual, NOTE_LIMITS.manualNoteChars)]],
  ]);
}

function itemLines(captures: Capture[], kind: 'decision' | 'gotcha' | 'constraint' | 'context'): string[] {
  const lines = captures.filter((c) => c.kind === kind).map((c) => `- ${oneLine(c.text, NOTE_LIMITS.itemChars)} ${itemSuffix(c)}`);
  return capLines(lines, NOTE_LIMITS.items, (n) => `- ${msg.more(n)}`);
}

function followupLines(captures: Capture[], closedHere: Set<string>): string[] {
  const raised = new Set(captures.filter((c) => c.kind === 'followup').map((c) => c.id));
  const lines: string[] = [];
  for (const c of captures) {
    if (c.kind === 'followup') {
      lines.push(`- [${closedHere.has(c.id) ? 'x' : ' '}] ${oneLine(c.text, NOTE_LIMITS.itemChars)} ${itemSuffix(c)}`);
    } else if (c.kind === 'done' && c.closes && !raised.has(c.closes)) {
      const text = c.text.trim() && c.text.trim() !== c.closes ? oneLine(c.text, NOTE_LIMITS.itemChars) : msg.closesEarlier(c.closes);
      lines.push(`- [x] ${text} ${itemSuffix(c, c.closes)}`);
    }
  }
  return capLines(lines, NOTE_LIMITS.items, (n) => `- ${msg.more(n)}`);
}

function changesSection(f: SessionFacts): string[] {
  const commits = f.commits.map((c) => `- ${c.hash.slice(0, 7)} ${oneLine(c.subject, NOTE_LIMITS.subjectChars)}`);
  const files = sessionFiles(f);
  const stat = f.diffStat?.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  return titled([
    [msg.commits, capLines(commits, NOTE_LIMITS.commits, (n) => `- ${msg.more(n)}`)],
    [msg.filesEdited(files.length), capLines(files.map(fileLine), NOTE_LIMITS.files, (n) => `- ${msg.more(n)}`)],
    stat && [msg.diffStat, [fence(capLines(stat.split('\n'), NOTE_LIMITS.diffStatLines, msg.more).join('\n'))]],
  ]);
}

function commandsSection(f: SessionFacts): string[] {
  const cmds = f.transcript?.commands ?? [];
  if (!cmds.length) return [];
  const failures = sessionFailures(f);
  const shownFailed = new Set(failures.map((x) => x.command));
  // Repeated commands (npm test x30) are one line with a count; failures come first, with their error.
  const groups = new Map<string, number>();
  for (const c of cmds) {
    if (c.failed || c.rejected) continue;
    const key = oneLine(c.command, NOTE_LIMITS.commandChars);
    if (key) groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const ok = [...groups.entries()].filter(([cmd]) => !shownFailed.has(cmd));
  const okLines = ok.slice(0, Math.max(0, NOTE_LIMITS.commands - failures.length)).map(([cmd, runs]) => `- ${inlineCode(cmd)}${runs > 1 ? ` \u00d7${runs}` : ''}`);
  const left = ok.length - okLines.length;
  const totalFailed = cmds.filter((c) => c.failed).length;
  return [msg.commandsSummary(cmds.length, totalFailed), '', ...failures.map(failureLine), ...okLines, ...(left > 0 ? [`- ${msg.more(left)}`] : [])];
}

function tasksSection(f: SessionFacts): string[] {
  const todos = (f.transcript?.todos ?? []).filter((t) => t.content.trim());
  const lines = todos.map((t) => `- [${t.status === 'completed' ? 'x' : ' '}] ${oneLine(t.content, NOTE_LIMITS.todoChars)}${msg.todoStatus(t.status)}`);
  return capLines(lines, NOTE_LIMITS.todos, (n) => `- ${msg.more(n)}`);
}

/** A compaction summary without Claude Code's preamble, for telling repeats apart. */
function compactKey(text: string): string {
  return normaliseText(text.replace(/^This session is being continued from a previous conversation[^\n]*\n?/, '').replace(/^(?:Analysis|Summary):\s*/i, '')).slice(0, 400);
}

function compactSection(f: SessionFacts): string[] {
  const all = [...(f.transcript?.compactSummaries ?? []), ...f.compactSummaries].map((s) => digestCompactSummary(s).trim()).filter(Boolean);
  // The same summary arrives from the transcript and from PreCompact/PostCompact: stored once.
  const byKey = new Map<string, string>();
  for (const s of all) {
    const k = compactKey(s);
    const dup = [...byKey.keys()].find((x) => x.startsWith(k.slice(0, 200)) || k.startsWith(x.slice(0, 200)));
    if (dup !== undefined) byKey.delete(dup);
    byKey.set(k, s);
  }
  const unique = [...byKey.values()];
  // The latest summaries say the most about where the session stands.
  const kept = unique.slice(-NOTE_LIMITS.compactSummaries);
  const more = unique.length > kept.length ? [msg.more(unique.length - kept.length), ''] : [];
  return [...more, ...kept.flatMap((s, i) => [...(i ? [''] : []), blockquote(s, NOTE_LIMITS.compactChars)])];
}

function provenanceSection(f: SessionFacts): string[] {
  const p = msg.provenance;
  const t = f.transcript;
  const out = [`- ${p.session}: ${inlineCode(f.session)}`, `- ${p.agent}: ${f.agent}`];
  if (f.transcriptPath) out.push(`- ${p.transcript}: ${inlineCode(f.transcriptPath)}${t ? ` (${p.lines(t.lineCount, t.badLines, t.unknownTypes)})` : ''}`);
  else if (t) out.push(`- ${p.transcript}: ${p.lines(t.lineCount, t.badLines, t.unknownTypes)}`);
  if (t?.sidechains.length) out.push(`- ${p.subagents(t.sidechains.length)}`);
  out.push(`- ${p.event}: ${f.event}`);
  if (f.headStart || f.head) {
    const a = f.headStart?.slice(0, 12);
    const b = f.head?.slice(0, 12);
    out.push(`- ${p.head}: ${a && b && a !== b ? `\`${a}..${b}\`` : `\`${b ?? a}\``}`);
  }
  out.push(`- ${p.started}: ${f.startedAt}`);
  out.push(f.endedAt ? `- ${p.ended}: ${f.endedAt}${f.endReason ? p.endReason(f.endReason) : ''}` : `- ${p.updated}: ${f.updatedAt} (${p.active})`);
  if (f.redactions > 0) out.push(`- ${p.redactions(f.redactions)}`);
  return out;
}

/**
 * The layer1 note of a session. Pure: the same facts give the same bytes (no clock, sorted where
 * order carries no meaning), every list and long text is capped, and empty sections are left out.
 */
export function renderSessionNote(f: SessionFacts): { body: string; meta: Meta } {
  const captures = uniqueCaptures(f.captures);
  const closes = [...new Set(captures.filter((c) => c.kind === 'done' && c.closes).map((c) => c.closes!))].sort();
  const s = msg.section;
  const sections: Array<[string, string[]]> = [
    [s.summary, summarySection(f)],
    [s.decisions, itemLines(captures, 'decision')],
    [s.gotchas, itemLines(captures, 'gotcha')],
    [s.followups, followupLines(captures, new Set(closes))],
    [s.constraints, itemLines(captures, 'constraint')],
    [s.context, itemLines(captures, 'context')],
    [s.stated, sessionStated(f).map(statedLine)],
    [s.changes, changesSection(f)],
    [s.uncommitted, capLines([...f.uncommitted].sort().map((u) => `- ${inlineCode(oneLine(u, 300))}`), NOTE_LIMITS.uncommitted, (n) => `- ${msg.more(n)}`)],
    [s.commands, commandsSection(f)],
    [s.tasks, tasksSection(f)],
    [s.compact, compactSection(f)],
    [s.provenance, provenanceSection(f)],
  ];
  const parts = [msg.noteTitle(f.session)];
  for (const [title, lines] of sections) if (lines.length) parts.push(`## ${title}\n\n${lines.join('\n')}`);
  const body = `${parts.join('\n\n')}\n`;
  const meta: Meta = {
    agent: f.agent,
    branch: f.branch ?? null,
    started_at: f.startedAt,
    ended_at: f.endedAt ?? null,
    updated_at: f.updatedAt,
    head_start: f.headStart ?? null,
    head: f.head ?? null,
    status: f.endedAt ? 'ended' : 'active',
    redactions: f.redactions,
    summary: summaryLine(f),
    followups: captures.filter((c) => c.kind === 'followup').map((c) => c.id),
    closes,
    decisions: captures.filter((c) => c.kind === 'decision').length,
    gotchas: captures.filter((c) => c.kind === 'gotcha').length,
    commits: f.commits.length,
    ...(f.handoverScore ? { handover_of: f.handoverScore.of, handover_score: f.handoverScore.score, handover_signals: f.handoverScore.signals } : {}),
  };
  return { body, meta };
}

const ITEM_RE = /^- (?:\[([ xX])\] )?(.*) \((?:closes: ([^,\s)]+), )?id: ([^,\s)]+)(?:, (\d{4}-\d{2}-\d{2}))?\)$/;

function str(v: Meta[string] | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Reads back what current-state.md needs from a layer1 note (the inverse of renderSessionNote).
 * Returns undefined when the file has no metadata header. Unknown lines are ignored, so a note
 * edited by hand still yields what it can.
 */
export function parseSessionNote(text: string, from: { session?: string; date?: string; tag?: string } = {}): ParsedNote | undefined {
  const parsed = parseFrontMatter(text.replace(/\r\n/g, '\n'));
  if (!parsed) return undefined;
  const { meta, body } = parsed;
  const sections = splitSections(body);
  const items: NoteItem[] = [];
  const closes = new Set<string>(Array.isArray(meta.closes) ? meta.closes : []);
  const fileDate = from.date ?? str(meta.date) ?? '0000-00-00';
  for (const [title, kind] of Object.entries(SECTION_KIND)) {
    const content = sections.get(title);
    if (!content) continue;
    for (const line of content.split('\n')) {
      const m = ITEM_RE.exec(line.trimEnd());
      if (!m) continue;
      const [, check, itemText, closesId, id, date] = m;
      if (closesId) {
        closes.add(closesId);
        continue;
      }
      if (kind === 'followup' && check && check !== ' ') closes.add(id!);
      items.push({ kind, id: id!, text: itemText!.trim(), date: date ?? fileDate });
    }
  }
  const summaryBlock = clip(sections.get(msg.section.summary) ?? '', NOTE_LIMITS.summaryBlock);
  const summary = str(meta.summary) ?? (summaryBlock ? oneLine(summaryBlock.replace(/^[>*-]+\s*/gm, ''), NOTE_LIMITS.summaryLine) : msg.noSummary);
  const out: ParsedNote = {
    session: from.session ?? str(meta.session) ?? '',
    date: fileDate,
    status: meta.status === 'ended' || str(meta.ended_at) ? 'ended' : 'active',
    summary,
    summaryBlock,
    items,
    closes: [...closes].sort(),
    work: parseWork(sections),
  };
  const optional: Array<[keyof ParsedNote, string | undefined]> = [
    ['tag', from.tag ?? str(meta.tag)],
    ['agent', str(meta.agent)],
    ['branch', str(meta.branch)],
    ['startedAt', str(meta.started_at)],
    ['updatedAt', str(meta.updated_at)],
    ['endedAt', str(meta.ended_at)],
    ['headStart', str(meta.head_start)],
    ['head', str(meta.head)],
  ];
  for (const [k, v] of optional) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}
