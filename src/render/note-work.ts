import { render as msg } from '../messages/render.js';
import type { CommandFact, CueFact, TodoFact } from '../session/transcript-types.js';
import type { SessionFacts } from '../session/facts.js';
import { relCommand, relPath, shortPaths } from '../session/tool-facts.js';
import { findCues } from '../session/cues.js';
import { digestCompactSummary, digestUserMessages, summaryFiles } from '../session/compact-digest.js';
import { clip, gist, inlineCode, normaliseText, oneLine, uniqueBy } from './markdown.js';

/**
 * The work of one session as its note records it and the context shows it: what was done, what
 * failed, what is open and what was said. Rendered into the note's sections and read back from
 * them, so the SessionStart context is a view of notes, not a second extractor.
 */
export interface SessionWork {
  requests: string[];
  lastMessage?: string;
  commits: Array<{ hash: string; subject: string }>;
  files: Array<{ path: string; op: FileOp }>;
  failures: Failure[];
  tasks: TodoFact[];
  stated: Stated[];
  /** The latest compaction summary (its digest, see compact-digest.ts), for a session that started before it. */
  compact?: string;
}

export type FileOp = 'created' | 'edited' | 'deleted' | 'touched before compaction';

export interface Failure {
  command: string;
  error?: string;
  /** A different later command that did the same job and succeeded (a workaround). */
  fixedBy?: string;
  status: 'failing' | 'fixed' | 'rejected';
  /** Failed runs / all runs of this command. */
  failed: number;
  runs: number;
  line?: number;
}

export interface Stated {
  kind: CueFact['kind'];
  who: CueFact['who'];
  text: string;
  line?: number;
  /** YYYY-MM-DD. */
  date?: string;
}

export const WORK_LIMITS = { stated: 25, statedChars: 300, failures: 10, errorChars: 200 } as const;

/** Files the session created, edited or deleted, relative to its folder, one op each (the last that applies). */
export function sessionFiles(f: SessionFacts): Array<{ path: string; op: FileOp }> {
  const t = f.transcript;
  if (!t) return [];
  const rel = (p: string) => relPath(p, t.cwd);
  const ops = new Map<string, FileOp>();
  for (const p of t.filesEdited) ops.set(rel(p), 'edited');
  for (const p of t.filesCreated ?? []) ops.set(rel(p), 'created');
  // A session that began before a compaction names its earlier files only in the summary.
  for (const summary of [...t.compactSummaries, ...f.compactSummaries]) {
    for (const p of summaryFiles(digestCompactSummary(summary))) if (!ops.has(rel(p))) ops.set(rel(p), 'touched before compaction');
  }
  for (const p of t.filesDeleted ?? []) {
    const r = rel(p);
    // A file made and removed within the session left nothing behind.
    if (ops.get(r) === 'created') ops.delete(r);
    else ops.set(r, 'deleted');
  }
  // Repo-relative paths only: with the session's folder known, a file outside it is not the project's.
  const outside = (p: string) => t.cwd !== undefined && (p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:\//.test(p) || p.startsWith('../'));
  return [...ops.entries()].filter(([path]) => !outside(path)).map(([path, op]) => ({ path, op })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What a command is, for telling whether a later run fixed it: `cd x &&`, redirections and pipes to head/tail dropped. */
export function commandKey(command: string): string {
  return command
    .replace(/^\s*cd\s+\S+\s*&&\s*/, '')
    .replace(/\s*2>&1/g, '')
    .replace(/\s*\|\s*(?:head|tail|grep|less|cat|sed|awk|jq|wc|sort)\b.*$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function segments(command: string): string[] {
  return command.split(/&&|\|\||;|\n/).map((x) => x.trim()).filter(Boolean);
}

/** What a command does, for telling a workaround from an unrelated success: program and subcommand ("pip install", "npm run lint"). */
function signature(command: string): string | undefined {
  const seg = segments(command).find((x) => !/^(?:cd|source|\.|export|set)\b/.test(x));
  const words = (seg ?? '').split(/\s+/).filter((w) => w && !w.startsWith('-') && !/^\w+=/.test(w));
  const [prog, sub, third] = words;
  if (!prog || !sub) return undefined;
  const p = prog.replace(/^.*\//, '').replace(/3$/, '');
  return /^(?:run|exec|x)$/.test(sub) && third ? `${p} ${sub} ${third}` : `${p} ${sub}`;
}

/** A command as one short line: a heredoc or a script is named by its first line. */
function shortCommand(command: string): string {
  const first = command.trim().split('\n')[0]!;
  return oneLine(first.length < command.trim().length ? `${first} \u2026` : first, 160);
}

/** Failed and refused commands, still-failing first; a failure is fixed when a later run of the same command succeeded. */
export function sessionFailures(f: SessionFacts): Failure[] {
  const cmds: CommandFact[] = f.transcript?.commands ?? [];
  const cwd = f.transcript?.cwd;
  const byKey = new Map<string, Failure & { lastIndex: number; lastFailed: boolean }>();
  cmds.forEach((c, i) => {
    const key = commandKey(c.command);
    if (!key) return;
    const known = byKey.get(key);
    if (!c.failed && !c.rejected) {
      if (known) {
        known.runs += 1;
        known.lastIndex = i;
        known.lastFailed = false;
      }
      return;
    }
    const entry = known ?? { command: shortCommand(shortPaths(c.command, cwd)), status: 'failing' as const, failed: 0, runs: 0, lastIndex: i, lastFailed: true, ...(c.line ? { line: c.line } : {}) };
    entry.runs += 1;
    entry.lastIndex = i;
    if (c.failed) {
      entry.failed += 1;
      entry.lastFailed = true;
      if (c.error) entry.error = oneLine(shortPaths(c.error, cwd), WORK_LIMITS.errorChars);
    } else if (c.rejected && entry.failed === 0) entry.status = 'rejected';
    byKey.set(key, entry);
  });
  const out = [...byKey.values()].map(({ lastIndex, lastFailed, ...rest }): Failure => {
    if (rest.failed > 0) rest.status = lastFailed ? 'failing' : 'fixed';
    if (rest.status === 'failing') {
      const sig = signature(rest.command);
      const later = sig ? cmds.slice(lastIndex + 1).find((c) => !c.failed && !c.rejected && segments(c.command).some((x) => signature(x) === sig)) : undefined;
      if (later) {
        rest.status = 'fixed';
        rest.fixedBy = shortCommand(relCommand(later.command, cwd));
      }
    }
    return rest;
  });
  const rank = { failing: 0, fixed: 1, rejected: 2 } as const;
  return out.sort((a, b) => rank[a.status] - rank[b.status]).slice(0, WORK_LIMITS.failures);
}

/** Cues worth keeping, strongest first within the cap, then back in transcript order; near-repeats merged. */
export function sessionStated(f: SessionFacts): Stated[] {
  // What the user said before a compaction is only in its summary's list of user messages.
  const before: CueFact[] = [];
  for (const summary of [...(f.transcript?.compactSummaries ?? []), ...f.compactSummaries]) {
    for (const m of digestUserMessages(digestCompactSummary(summary))) {
      for (const c of findCues(m, 'user')) if (c.strength >= 2) before.push({ kind: c.kind, text: c.text, who: 'user', strength: c.strength - 1, line: 0 });
    }
  }
  const cues = [...before, ...(f.transcript?.cues ?? [])];
  const unique = uniqueBy(cues, (c) => normaliseText(c.text).slice(0, 80));
  const kept = [...unique].sort((a, b) => b.strength - a.strength || (b.who === 'user' ? 1 : 0) - (a.who === 'user' ? 1 : 0)).slice(0, WORK_LIMITS.stated);
  return unique
    .filter((c) => kept.includes(c))
    .map((c) => ({ kind: c.kind, who: c.who, text: oneLine(shortPaths(c.text, f.transcript?.cwd), WORK_LIMITS.statedChars), ...(c.line ? { line: c.line } : {}), ...(c.at ? { date: c.at.slice(0, 10) } : {}) }));
}

export function fileLine(x: { path: string; op: FileOp }): string {
  return `- ${inlineCode(oneLine(x.path, 300))} (${x.op})`;
}

export function failureLine(x: Failure): string {
  const mark = x.status === 'rejected' ? msg.rejectedMark : `${msg.failedMark}${x.runs > 1 ? ` ${x.failed}/${x.runs}` : ''}`;
  const status = x.status === 'rejected' ? '' : ` (${x.status === 'fixed' ? msg.fixedLater : msg.stillFailing}${x.fixedBy ? ` by ${inlineCode(x.fixedBy)}` : ''})`;
  return `- ${mark}: ${inlineCode(x.command)}${x.error ? ` \u2014 ${x.error}` : ''}${status}${x.line ? ` [line ${x.line}]` : ''}`;
}

export function statedLine(x: Stated): string {
  const where = [x.who, ...(x.line ? [`line ${x.line}`] : []), ...(x.date ? [x.date] : [])].join(', ');
  return `- ${x.kind}: ${x.text} (${where})`;
}

const COMMIT_RE = /^- ([0-9a-f]{7,40}) (.*)$/;
const FILE_RE = /^- (`+) ?(.*?) ?\1 \((created|edited|deleted|touched before compaction)\)$/;
const FAIL_RE = /^- (failed(?: (\d+)\/(\d+))?|rejected by the user): (`+) ?(.*?) ?\4(?: \u2014 (.*?))?(?: \((still failing|fixed later)(?: by (`+) ?(.*?) ?\8)?\))?(?: \[line (\d+)\])?$/;
const STATED_RE = /^- (constraint|decision|gotcha): (.*) \((user|agent)(?:, line (\d+))?(?:, (\d{4}-\d{2}-\d{2}))?\)$/;
const TASK_RE = /^- \[([ xX])\] (.*?)( \(in progress\))?$/;

/** The lines that match `re`, as matches. */
function matches(lines: string[], re: RegExp): RegExpExecArray[] {
  return lines.map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
}

function bulletBlock(section: string, header: string): string[] {
  const at = section.indexOf(header);
  if (at === -1) return [];
  const out: string[] = [];
  for (const line of section.slice(at + header.length).split('\n').slice(1)) {
    if (line.startsWith('- ')) out.push(line);
    else if (line.trim() && out.length) break;
  }
  return out;
}

/** Reads a note's sections back into its work (the inverse of the renderers above). */
export function parseWork(sections: Map<string, string>): SessionWork {
  const s = msg.section;
  const summary = sections.get(s.summary) ?? '';
  const requests = bulletBlock(summary, '**Requests**')
    .map((l) => l.slice(2))
    .filter((l) => !l.startsWith('\u2026 '));
  const lastAt = summary.indexOf(msg.lastMessage);
  let lastMessage: string | undefined;
  if (lastAt !== -1) {
    const quoted: string[] = [];
    for (const line of summary.slice(lastAt + msg.lastMessage.length).split('\n').slice(1)) {
      if (line.startsWith('>')) quoted.push(line.replace(/^> ?/, ''));
      else if (quoted.length) break;
    }
    lastMessage = quoted.join('\n').trim() || undefined;
  }
  const changes = sections.get(s.changes) ?? '';
  const linesOf = (title: string) => (sections.get(title) ?? '').split('\n');
  const commits = matches(bulletBlock(changes, msg.commits), COMMIT_RE).map((m) => ({ hash: m[1]!, subject: m[2]! }));
  const files = matches(changes.split('\n'), FILE_RE).map((m) => ({ path: m[2]!, op: m[3] as FileOp }));
  const failures: Failure[] = matches(linesOf(s.commands), FAIL_RE).map((m) => {
    const rejected = m[1]!.startsWith('rejected');
    return {
      command: m[5]!,
      ...(m[6] ? { error: m[6] } : {}),
      ...(m[9] ? { fixedBy: m[9] } : {}),
      status: rejected ? 'rejected' : m[7] === 'fixed later' ? 'fixed' : 'failing',
      failed: rejected ? 0 : m[2] ? Number(m[2]) : 1,
      runs: m[3] ? Number(m[3]) : 1,
      ...(m[10] ? { line: Number(m[10]) } : {}),
    } as Failure;
  });
  const tasks = matches(linesOf(s.tasks), TASK_RE).map((m) => ({ content: m[2]!, status: m[1] !== ' ' ? 'completed' : m[3] ? 'in_progress' : 'pending' }));
  const stated = matches(linesOf(s.stated), STATED_RE).map((m) => ({ kind: m[1] as Stated['kind'], text: m[2]!, who: m[3] as Stated['who'], ...(m[4] ? { line: Number(m[4]) } : {}), ...(m[5] ? { date: m[5] } : {}) }));
  const compactText = linesOf(s.compact).filter((l) => l.startsWith('>')).map((l) => l.replace(/^> ?/, '')).join('\n');
  const work: SessionWork = { requests, commits, files, failures, tasks, stated };
  if (lastMessage) work.lastMessage = lastMessage;
  if (compactText.trim()) work.compact = clip(compactText.trim(), 6000);
  return work;
}

/** A compaction digest's parts worth telling the next session, each as one line, most useful first. */
export function compactParts(digest: string): Array<{ title: string; text: string; value: number }> {
  const want: Array<[RegExp, number]> = [
    [/errors? and fix/i, 62],
    [/pending tasks/i, 60],
    [/current work/i, 58],
    [/key technical concepts/i, 56],
    [/primary request/i, 52],
  ];
  const out: Array<{ title: string; text: string; value: number }> = [];
  for (const part of digest.split(/^(?=\d+\.\s+[^\n]{3,80}:\s*$)/m)) {
    const title = /^\d+\.\s+([^\n]+):\s*$/m.exec(part)?.[1]?.trim();
    const rule = title ? want.find(([re]) => re.test(title)) : undefined;
    if (!title || !rule) continue;
    const body = part.replace(/^\d+\.\s+[^\n]+:\s*\n/, '');
    if (body.trim()) out.push({ title, text: gist(`${title}:\n${body}`, 500), value: rule[1] });
  }
  if (!out.length && digest.trim()) out.push({ title: '', text: gist(digest, 500), value: 48 });
  return out;
}
