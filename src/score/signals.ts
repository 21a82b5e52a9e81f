import type { SessionFacts } from '../session/facts.js';
import type { InjectedRecord } from './injected.js';
import type { POINTS } from './points.js';
import { commandKey } from '../render/note-work.js';
import { baseName, commandParts, coverage, jaccard, keyWords, normPath, reruns, samePath, shortened } from './match.js';

export type SignalKind = keyof typeof POINTS;

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
const RESTATE_WITHIN = 10;

/** The most of a session's requests (from each end), todos and request text the score reads. */
const USES = { requests: 30, todos: 60, chars: 400 } as const;

interface Use {
  words: Set<string>;
  evidence: string;
  todo: boolean;
  done?: boolean;
  raw: string;
}

/**
 * The next session's words that can take up an item (its requests, its todos, its commits),
 * indexed by word: an item is compared only with the uses it shares a word with, so a session
 * with hundreds of requests and todos costs postings, not pairs.
 */
class Uses {
  readonly list: Use[] = [];
  private readonly byWord = new Map<string, number[]>();
  /** Todos by their exact text: a task carried over word for word needs no word counts. */
  readonly todoByText = new Map<string, Use[]>();

  constructor(f: SessionFacts, wanted: boolean) {
    if (!wanted) return;
    const t = f.transcript;
    // A request's opening says what it asks (its pasted logs and code only add words), and a long
    // session's first and last requests are where it takes work up and wraps it: the bound keeps a
    // session at its limits as cheap as a short one.
    const requests = t?.requests ?? [];
    requests.forEach((r, i) => {
      if (i < USES.requests || i >= requests.length - USES.requests) this.add({ words: keyWords(r.slice(0, USES.chars)), evidence: `request #${i + 1}`, todo: false, raw: r });
    });
    for (const todo of (t?.todos ?? []).slice(0, USES.todos)) this.add({ words: keyWords(todo.content), evidence: `todo "${todo.content.slice(0, 80)}" (${todo.status})`, todo: true, done: todo.status === 'completed', raw: todo.content });
    for (const c of f.commits) this.add({ words: keyWords(c.subject), evidence: `commit ${c.hash.slice(0, 7)}`, todo: false, done: true, raw: c.subject });
  }

  private add(u: Use): void {
    const k = this.list.push(u) - 1;
    if (u.todo) this.todoByText.set(u.raw, [...(this.todoByText.get(u.raw) ?? []), u]);
    for (const w of u.words) {
      const at = this.byWord.get(w);
      if (at) at.push(k);
      else this.byWord.set(w, [k]);
    }
  }

  /** How many of `words` each use holds, for the uses holding any. */
  shared(words: Set<string>): Map<number, number> {
    const counts = new Map<number, number>();
    for (const w of words) for (const k of this.byWord.get(w) ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
    return counts;
  }

  /** The first use (in session order) among `counts` for which `ok(use, shared)` holds. */
  first(counts: Map<number, number>, ok: (use: Use, shared: number) => boolean): Use | undefined {
    let best = -1;
    for (const [k, shared] of counts) if ((best < 0 || k < best) && ok(this.list[k]!, shared)) best = k;
    return best < 0 ? undefined : this.list[best];
  }
}

/** Share of an item's words a use holds (0 for an item of fewer than two words). */
const share = (words: Set<string>, shared: number) => (words.size >= 2 ? shared / words.size : 0);
const sameSet = (words: Set<string>, use: Use, shared: number) => shared / (words.size + use.words.size - shared);

/** A signal about one handover item, its line kept when known. */
function signal(kind: SignalKind, section: string, item: string, evidence: string, line?: number): Signal {
  return { kind, section, item, evidence, ...(line ? { line } : {}) };
}

function followupSignals(h: InjectedRecord, f: SessionFacts, uses: Uses): Signal[] {
  return h.followups.flatMap((fu) => {
    const closing = f.captures.find((c) => c.kind === 'done' && c.closes === fu.id);
    if (closing) return [signal('followup_closed', fu.section, fu.id, `capture ${closing.id} closes ${fu.id}`)];
    const cmd = (f.transcript?.commands ?? []).find((c) => !c.failed && c.command.includes(fu.id) && /\bdone\b/.test(c.command));
    if (cmd) return [signal('followup_closed', fu.section, fu.id, `line ${cmd.line ?? '?'}`, cmd.line)];
    const words = keyWords(fu.text);
    const byId = uses.list.find((u) => u.raw.includes(fu.id));
    const hit = byId ?? uses.first(uses.shared(words), (_u, n) => share(words, n) >= TAKE_UP);
    return hit ? [signal('followup_taken_up', fu.section, fu.id, hit.evidence)] : [];
  });
}

function taskSignals(h: InjectedRecord, uses: Uses): Signal[] {
  return h.tasks.flatMap((task) => {
    const of = (kind: SignalKind, u: Use | undefined) => (u ? [signal(kind, 'tasks', task, u.evidence)] : []);
    const exact = uses.todoByText.get(task);
    const closed = exact?.find((u) => u.done);
    if (exact) return closed ? of('task_closed', closed) : of('task_taken_up', exact[0]);
    const words = keyWords(task);
    const counts = uses.shared(words);
    const same = (u: Use, n: number) => u.todo && (u.raw === task || sameSet(words, u, n) >= SAME_TASK);
    const done = uses.first(counts, (u, n) => !!u.done && same(u, n));
    if (done) return of('task_closed', done);
    return of('task_taken_up', uses.first(counts, same) ?? uses.first(counts, (_u, n) => share(words, n) >= TAKE_UP));
  });
}

/**
 * The session's files that share a name with a file the handover named, with what was done to
 * them (the last that applies, as the session note says it). Only those few paths are normalised:
 * a session can have a thousand files and the score runs inside a Stop.
 */
function touchedNamed(f: SessionFacts, bases: Set<string>): Map<string, string> {
  const t = f.transcript;
  const ops = new Map<string, string>();
  if (!t) return ops;
  const each = (list: string[] | undefined, op: string) => {
    for (const p of list ?? []) {
      if (!bases.has(baseName(p))) continue;
      const r = normPath(p, t.cwd);
      if (op === 'deleted' && ops.get(r) === 'created') ops.delete(r);
      else ops.set(r, op);
    }
  };
  each(t.filesEdited, 'edited');
  each(t.filesCreated, 'created');
  each(t.filesDeleted, 'deleted');
  return ops;
}

function fileSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const out: Signal[] = [];
  const cwd = f.transcript?.cwd;
  const named = h.files;
  const bases = new Set(named.map(baseName));
  const touched = [...touchedNamed(f, bases)];
  const lines = new Map<string, number>();
  for (const e of f.transcript?.editLines ?? []) {
    if (!bases.has(baseName(e.path))) continue;
    const p = normPath(e.path, cwd);
    if (!lines.has(p)) lines.set(p, e.line);
  }
  // Each named file against the session's files, by exact path or (outside the project) by suffix.
  const editedNamed = new Set<string>();
  for (const path of named) {
    const e = touched.find(([p]) => samePath(p, path));
    if (!e) continue;
    editedNamed.add(path);
    const line = lines.get(e[0]) ?? [...lines].find(([p]) => samePath(p, e[0]))?.[1];
    out.push(signal('file_edited', 'files', path, `${e[1]}${line ? ` at line ${line}` : ''}`, line));
  }
  // Looking before the first edit for a file the handover named: the search is re-discovery; a
  // read counts only when the session did not go on to edit the file (an edit tool may need the read).
  const seen = new Set<string>();
  const withDot = named.filter((n) => baseName(n).includes('.'));
  for (const look of f.transcript?.opening?.looked ?? []) {
    const path = look.path && bases.has(baseName(look.path)) ? normPath(look.path, cwd) : undefined;
    const samePathHit = path ? named.find((n) => samePath(path, n)) : undefined;
    const hit = samePathHit
      ? look.how === 'search' || !editedNamed.has(samePathHit) ? samePathHit : undefined
      : look.how === 'search' && look.pattern ? withDot.find((n) => look.pattern!.includes(baseName(n))) : undefined;
    if (!hit || seen.has(hit)) continue;
    seen.add(hit);
    out.push({ kind: 'file_rediscovered', section: 'files', item: hit, evidence: `${look.how} at line ${look.line}`, line: look.line });
  }
  return out;
}

function failureSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  if (!h.failing.length) return [];
  const cwd = f.transcript?.cwd;
  // Only a command that names a failing command's program can re-run it: the rest are not keyed.
  const programs = h.failing.map((c) => c.trim().split(/\s+/)[0] ?? '').filter(Boolean);
  const cmds = (f.transcript?.commands ?? []).filter((c) => programs.some((p) => c.command.includes(p))).map((c) => ({ ...c, parts: commandParts(shortened(c.command, cwd)) }));
  return h.failing.flatMap((failing) => {
    const key = commandKey(failing);
    const last = key ? cmds.filter((c) => reruns(c.parts, key)).at(-1) : undefined;
    if (!last) return [];
    const where = `line ${last.line ?? '?'}`;
    return [last.failed ? signal('failure_rerun', 'failures', failing, `${where}, still failing`, last.line) : signal('failure_fixed', 'failures', failing, `${where}, passed`, last.line)];
  });
}

/** Does a question ask about something the handover had stated? */
function aboutHandover(q: string, h: InjectedRecord, items: Array<[string, Set<string>]>): string | undefined {
  const lower = q.toLowerCase();
  for (const p of h.files) if (lower.includes(p.toLowerCase()) || (baseName(p).includes('.') && lower.includes(baseName(p).toLowerCase()))) return p;
  for (const c of h.failing) if (q.includes(c)) return c;
  for (const fu of h.followups) if (q.includes(fu.id)) return fu.id;
  const words = keyWords(q);
  return items.find(([, w]) => coverage(w, words, 3) >= TAKE_UP)?.[0];
}

function askSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  const items = [h.request, ...h.tasks, ...h.followups.map((x) => x.text)].filter((x): x is string => !!x).map((x) => [x, keyWords(x)] as [string, Set<string>]);
  return (f.transcript?.questions ?? []).flatMap((q): Signal[] => {
    const item = aboutHandover(q.text, h, items);
    return item ? [{ kind: 'question_about_handover', item, evidence: `line ${q.line}: ${q.text.slice(0, 120)}`, line: q.line }] : [];
  });
}

function restatedSignals(h: InjectedRecord, f: SessionFacts): Signal[] {
  if (!h.request) return [];
  const said = keyWords(h.request);
  if (said.size < 3) return [];
  // Restating is what a user does at the start, before the work goes anywhere.
  const requests = (f.transcript?.requests ?? []).slice(0, RESTATE_WITHIN);
  const i = requests.findIndex((r) => jaccard(said, keyWords(r.slice(0, USES.chars))) >= RESTATED);
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
  // Nothing to take up, nothing to index.
  const uses = new Uses(f, h.followups.length + h.tasks.length > 0);
  return [...followupSignals(h, f, uses), ...taskSignals(h, uses), ...fileSignals(h, f), ...failureSignals(h, f), ...askSignals(h, f), ...restatedSignals(h, f), ...openingSignals(f)];
}
