import { sessionFiles } from '../render/note-work.js';
import type { SessionFacts } from '../session/facts.js';
import type { InjectedRecord } from './injected.js';
import { baseName, commandOf, coverage, jaccard, keyWords, normPath, reruns, samePath } from './match.js';

export type SignalKind =
  | 'followup_closed'
  | 'followup_taken_up'
  | 'task_closed'
  | 'task_taken_up'
  | 'file_edited'
  | 'failure_fixed'
  | 'failure_rerun'
  | 'file_rediscovered'
  | 'question_about_handover'
  | 'request_restated'
  | 'slow_start'
  | 'first_edit';

/** One observation about the next session, with where in its transcript (or record) it is. */
export interface Signal {
  kind: SignalKind;
  /** The context section it draws on (files, failures, tasks, followups, request). */
  section?: string;
  /** The handover item concerned: a path, a command, an id, a task. */
  item?: string;
  /** Where: "line 12", "request #2", "todo …", "capture f-…". */
  evidence: string;
  line?: number;
}

const TAKE_UP = 0.5;
const SAME_TASK = 0.6;
const RESTATED = 0.6;

/** The next session's words that can take up an item: its requests, its todos and its commits. */
function uses(f: SessionFacts): Array<{ words: Set<string>; evidence: string; done?: boolean; raw: string }> {
  const t = f.transcript;
  const out: Array<{ words: Set<string>; evidence: string; done?: boolean; raw: string }> = [];
  (t?.requests ?? []).forEach((r, i) => out.push({ words: keyWords(r), evidence: `request #${i + 1}`, raw: r }));
  for (const todo of t?.todos ?? []) out.push({ words: keyWords(todo.content), evidence: `todo "${todo.content.slice(0, 80)}" (${todo.status})`, done: todo.status === 'completed', raw: todo.content });
  for (const c of f.commits) out.push({ words: keyWords(c.subject), evidence: `commit ${c.hash.slice(0, 7)}`, done: true, raw: c.subject });
  return out;
}

function followupSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const out: Signal[] = [];
  const all = uses(f);
  for (const fu of h.followups) {
    const closing = f.captures.find((c) => c.kind === 'done' && c.closes === fu.id);
    const cmd = (f.transcript?.commands ?? []).find((c) => !c.failed && c.command.includes(fu.id) && /\bdone\b/.test(c.command));
    if (closing) out.push({ kind: 'followup_closed', section: fu.section, item: fu.id, evidence: `capture ${closing.id} closes ${fu.id}` });
    else if (cmd) out.push({ kind: 'followup_closed', section: fu.section, item: fu.id, evidence: `line ${cmd.line ?? '?'}`, ...(cmd.line ? { line: cmd.line } : {}) });
    else {
      const words = keyWords(fu.text);
      const hit = all.find((u) => u.raw.includes(fu.id) || coverage(words, u.words) >= TAKE_UP);
      if (hit) out.push({ kind: 'followup_taken_up', section: fu.section, item: fu.id, evidence: hit.evidence });
    }
  }
  return out;
}

function taskSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const out: Signal[] = [];
  const all = uses(f);
  for (const task of h.tasks) {
    const words = keyWords(task);
    const todos = all.filter((u) => u.evidence.startsWith('todo') && (u.raw === task || jaccard(words, u.words) >= SAME_TASK));
    const done = todos.find((u) => u.done);
    if (done) out.push({ kind: 'task_closed', section: 'tasks', item: task, evidence: done.evidence });
    else {
      const hit = todos[0] ?? all.find((u) => coverage(words, u.words) >= TAKE_UP);
      if (hit) out.push({ kind: 'task_taken_up', section: 'tasks', item: task, evidence: hit.evidence });
    }
  }
  return out;
}

function fileSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const out: Signal[] = [];
  const cwd = f.transcript?.cwd;
  const files = sessionFiles(f).filter((x) => x.op !== 'touched before compaction');
  const edited = files.map((x) => x.path);
  const lines = (f.transcript?.editLines ?? []).map((e) => ({ path: normPath(e.path, cwd), line: e.line }));
  const named = h.files;
  for (const path of named) {
    const e = files.find((x) => samePath(x.path, path));
    if (!e) continue;
    const line = lines.find((l) => samePath(l.path, e.path))?.line;
    out.push({ kind: 'file_edited', section: 'files', item: path, evidence: `${e.op}${line ? ` at line ${line}` : ''}`, ...(line ? { line } : {}) });
  }
  // Looking before the first edit for a file the handover named: the search is re-discovery; a
  // read counts only when the session did not go on to edit the file (an edit tool may need the read).
  const seen = new Set<string>();
  for (const look of f.transcript?.opening?.looked ?? []) {
    const path = look.path ? normPath(look.path, cwd) : undefined;
    const hit = named.find((n) => {
      if (path && samePath(path, n)) return look.how === 'search' || !edited.some((x) => samePath(x, n));
      const base = baseName(n);
      return look.how === 'search' && base.includes('.') && !!look.pattern && look.pattern.includes(base);
    });
    if (!hit || seen.has(hit)) continue;
    seen.add(hit);
    out.push({ kind: 'file_rediscovered', section: 'files', item: hit, evidence: `${look.how} at line ${look.line}`, line: look.line });
  }
  return out;
}

function failureSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const out: Signal[] = [];
  const cwd = f.transcript?.cwd;
  const cmds = f.transcript?.commands ?? [];
  for (const failing of h.failing) {
    const runs = cmds.filter((c) => reruns(commandOf(c.command, cwd), failing));
    const last = runs.at(-1);
    if (!last) continue;
    const where = `line ${last.line ?? '?'}`;
    const line = last.line ? { line: last.line } : {};
    out.push(last.failed ? { kind: 'failure_rerun', section: 'failures', item: failing, evidence: `${where}, still failing`, ...line } : { kind: 'failure_fixed', section: 'failures', item: failing, evidence: `${where}, passed`, ...line });
  }
  return out;
}

/** Does a question ask about something the handover had stated? */
function aboutHandover(q: string, h: InjectedRecord): string | undefined {
  const lower = q.toLowerCase();
  for (const p of h.files) if (lower.includes(p.toLowerCase()) || (baseName(p).includes('.') && lower.includes(baseName(p).toLowerCase()))) return p;
  for (const c of h.failing) if (q.includes(c)) return c;
  for (const fu of h.followups) if (q.includes(fu.id)) return fu.id;
  const words = keyWords(q);
  for (const item of [h.request, ...h.tasks, ...h.followups.map((x) => x.text)]) {
    if (item && coverage(keyWords(item), words, 3) >= TAKE_UP) return item;
  }
  return undefined;
}

function askSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const out: Signal[] = [];
  for (const q of f.transcript?.questions ?? []) {
    const item = aboutHandover(q.text, h);
    if (item) out.push({ kind: 'question_about_handover', item, evidence: `line ${q.line}: ${q.text.slice(0, 120)}`, line: q.line });
  }
  return out;
}

function restatedSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  if (!h.request) return [];
  const said = keyWords(h.request);
  if (said.size < 3) return [];
  const requests = f.transcript?.requests ?? [];
  const i = requests.findIndex((r) => jaccard(said, keyWords(r)) >= RESTATED);
  return i < 0 ? [] : [{ kind: 'request_restated', section: 'request', item: h.request.slice(0, 120), evidence: `request #${i + 1}` }];
}

function openingSignals(f: SessionFacts): Signal[] {
  const o = f.transcript?.opening;
  if (!o || o.firstEditLine === undefined) return [];
  const first: Signal = { kind: 'first_edit', evidence: `line ${o.firstEditLine}, after ${o.turns} turn${o.turns === 1 ? '' : 's'} and ${o.toolCalls} tool call${o.toolCalls === 1 ? '' : 's'}`, line: o.firstEditLine };
  return [first, { kind: 'slow_start', evidence: `${o.turns} turns, ${o.toolCalls} tool calls before line ${o.firstEditLine}`, line: o.firstEditLine }];
}

/** Every signal of the next session against the handover it was shown, in a fixed order. */
export function signalsOf(h: InjectedRecord, f: SessionFacts): Signal[] {
  return [...followupSignals(h, f), ...taskSignals(h, f), ...fileSignals(h, f), ...failureSignals(h, f), ...askSignals(h, f), ...restatedSignals(h, f), ...openingSignals(f)];
}
