import { render as msg } from '../messages/render.js';
import { clip, demoteHeadings, normaliseText, oneLine } from './markdown.js';
import type { DerivedState, SessionWithWork, StateItem } from './current-state.js';
import { compactParts, fileLine, failureLine, statedLine } from './note-work.js';
import { shared } from '../messages/shared.js';
import { branchFirst, leadSessions, onOtherBranch } from './session-order.js';
import type { SectionKey } from './context-sections.js';

export interface ContextOptions {
  /** Characters, default 8000 (Claude Code caps SessionStart context at 10,000). */
  budget: number;
  /** Text about an interrupted handover; overrides the state's own. */
  interrupted?: string;
  /** Where current-state.md is, for the closing line, e.g. 'memory/layer2/current-state.md'. */
  memoryRel?: string;
  /** Context notes captured since the last handover (`agent-handover note`). */
  captured?: StateItem[];
  /** The project is not a git repository: say so instead of naming a branch. */
  noRepo?: boolean;
}

export const DEFAULT_CONTEXT_BUDGET = 8000;

/** Caps per session block, so one long session cannot crowd out everything else. */
const SESSION_CAPS = {
  first: { commits: 20, files: 40, failures: 8, tasks: 20, stated: 24, messageChars: 1500 },
  earlier: { commits: 8, files: 12, failures: 3, tasks: 8, stated: 5, messageChars: 300 },
} as const;

const ITEM_CHARS = 400;

/** One line (or block) of the context, shown whole or not at all. */
interface Entry {
  key: SectionKey;
  /** The heading lines this entry sits under, outermost first; each is printed once. */
  heads: string[];
  /** Preferred text first; a shorter variant is tried when the first does not fit. */
  variants: string[];
  value: number;
  /** Position in the finished text. */
  order: number;
  /** What an agent said, for an item that is not shown when the last message shown already says it. */
  said?: string;
}

function itemText(it: StateItem, withAge: boolean, shownSessions: Set<string>): string {
  const age = withAge ? `, ${it.ageDays === 0 ? 'today' : `${it.ageDays} day${it.ageDays === 1 ? '' : 's'} ago`}` : '';
  // A session already named by a heading above is not named again.
  const from = shownSessions.has(it.session) ? '' : `session ${it.session}, `;
  return `- ${oneLine(it.text, ITEM_CHARS)} (${it.id}; ${from}${it.at}${age})${it.stale ? ` ${msg.state.stale(it.ageDays)}` : ''}`;
}

function sessionEntries(w: SessionWithWork, k: number, memoryRoot: string, next: () => number): Entry[] {
  const c = msg.context;
  const first = k === 0;
  const caps = first ? SESSION_CAPS.first : SESSION_CAPS.earlier;
  // Older sessions are worth less, item for item.
  const weight = first ? 1 : k === 1 ? 0.6 : 0.45;
  const head = c.session(first, w.session, w.date, w.agent === 'unknown' ? undefined : w.agent, w.status, w.branch, `${memoryRoot}${w.noteRel}`);
  const out: Entry[] = [];
  const add = (key: SectionKey, sub: string, variants: string[], value: number) => out.push({ key, heads: [head, sub], variants, value: value * weight, order: next() });
  const work = w.work;
  const lastRequest = work.requests.at(-1);
  if (lastRequest) add('request', c.lastRequest, [`- ${oneLine(lastRequest, 400)}`, `- ${oneLine(lastRequest, 160)}`], 95);
  work.commits.slice(0, caps.commits).forEach((x, i) => add('commits', c.commits, [`- ${x.hash.slice(0, 7)} ${oneLine(x.subject, 160)}`], 86 - i * 0.3));
  // Created and deleted files say more than edited ones; each path stays whole.
  work.files.slice(0, caps.files).forEach((x, i) => add('files', c.files, [fileLine(x)], (x.op === 'edited' ? 66 : 70) - i * 0.2));
  // Each further failure is worth less: the first still-failing command matters most, a fifth one
  // less than the session's commits or its last message.
  work.failures.slice(0, caps.failures).forEach((x, i) => add('failures', c.failures, [failureLine(x), failureLine({ ...x, command: clip(x.command, 90), error: x.error ? clip(x.error, 80) : undefined } as typeof x)], (x.status === 'failing' ? 90 : x.status === 'fixed' ? 62 : 56) - i * 6));
  const open = work.tasks.filter((t) => t.status !== 'completed');
  open.slice(0, caps.tasks).forEach((t, i) => add('tasks', c.tasks, [`- [ ] ${oneLine(t.content, 200)}${t.status === 'in_progress' ? ' (in progress)' : ''}`], (t.status === 'in_progress' ? 88 : 82) - i * 0.3));
  const done = work.tasks.length - open.length;
  if (open.length && done) add('tasks', c.tasks, [c.tasksDone(done)], 40);
  // Nothing twice: a stated item that is the last request itself is shown once, as the request.
  const asked = lastRequest ? normaliseText(lastRequest).slice(0, 60) : undefined;
  const said = work.stated.filter((x) => !asked || !normaliseText(x.text).startsWith(asked.slice(0, Math.min(asked.length, normaliseText(x.text).length, 60))));
  const stated = [...said].sort((a, b) => rankStated(b) - rankStated(a)).slice(0, caps.stated);
  for (const x of said.filter((y) => stated.includes(y))) {
    add('stated', c.stated, [statedLine({ ...x, date: undefined } as typeof x)], rankStated(x));
    if (x.who === 'agent') out.at(-1)!.said = x.text;
  }
  if (work.lastMessage) {
    const quoted = (t: string) => t.split('\n').map((l) => `> ${l}`.trimEnd()).join('\n');
    add('message', c.lastMessage, [quoted(clip(work.lastMessage.trim(), caps.messageChars)), quoted(clip(oneLine(work.lastMessage, 280), 280))], 80);
  }
  // A session with nothing else recorded still says what it was (a manual note, its first commit).
  if (!out.length && w.summary && (first || w.summary !== msg.noSummary)) add('summary', c.summaryLine, [`- ${oneLine(w.summary, ITEM_CHARS)}`], 80);
  if (work.compact) for (const part of compactParts(work.compact)) add('compact', c.compact, [`- ${part.text}`, `- ${clip(part.text, 200)}`], part.value);
  return out;
}

/** What a stated item is worth: the user's constraints most, an agent's "because" least. */
function rankStated(x: { kind: string; who: string; text: string }): number {
  const base = x.who === 'user' ? (x.kind === 'constraint' ? 85 : 78) : x.kind === 'gotcha' ? 72 : 64;
  return base - Math.min(6, Math.floor(x.text.length / 100));
}

function entries(s: DerivedState, interrupted: string | undefined, memoryRoot: string, captured: StateItem[]): { list: Entry[]; totals: Map<SectionKey, number> } {
  const c = msg.context;
  let order = 0;
  const next = () => order++;
  const list: Entry[] = [];
  if (interrupted) list.push({ key: 'interrupted', heads: [c.interrupted], variants: [clip(interrupted.trim(), 1000)], value: 100, order: next() });
  const lead = leadSessions(s);
  lead.forEach((w, k) => list.push(...sessionEntries(w, k, memoryRoot, next)));
  const shown = new Set(lead.map((w) => w.session));
  // A state without notes' work (an older cache, a hand-made note) still leads with the last summary.
  if (!lead.length && s.lastSession) {
    const l = s.lastSession;
    const where = `(${memoryRoot}${l.noteRel})`;
    const block = demoteHeadings(l.summaryBlock);
    const variants = [`${clip(block, 3000)}\n${where}`, `${oneLine(l.summary, ITEM_CHARS)} ${where}`].filter((v) => !v.startsWith('\n'));
    list.push({ key: 'message', heads: [c.lastSummary(l.session, l.date, l.agent)], variants, value: 90, order: next() });
    shown.add(l.session);
  }
  s.openFollowups.forEach((f, i) => list.push({ key: 'followups', heads: [c.followups], variants: [itemText(f, true, shown)], value: (f.stale ? 48 : 78) - i * 0.2, order: next() }));
  // Notes captured since the last handover are what the user said a moment ago.
  captured.forEach((f, i) => list.push({ key: 'captured', heads: [c.captured], variants: [itemText(f, false, shown)], value: 84 - i * 0.2, order: next() }));
  // Stale items still count, for less: a month-old decision may have been overtaken.
  s.decisions.forEach((d, i) => list.push({ key: 'decisions', heads: [c.decisions], variants: [itemText(d, false, shown)], value: (d.stale ? 44 : 74) - i * 0.5, order: next() }));
  s.gotchas.forEach((g, i) => list.push({ key: 'gotchas', heads: [c.gotchas], variants: [itemText(g, false, shown)], value: (g.stale ? 44 : 74) - i * 0.5, order: next() }));
  s.uncommitted.forEach((u, i) => list.push({ key: 'uncommitted', heads: [c.uncommitted], variants: [`- ${oneLine(u, 300)}`], value: 52 - i * 0.05, order: next() }));
  // This branch's sessions first, then what other branches (and machines) did, their branch named.
  const others = branchFirst(s.recentSessions, s.branch).filter((r) => !shown.has(r.session));
  others.forEach((r, i) => list.push({ key: 'sessions', heads: [c.sessions], variants: [`- ${r.date} ${r.session}${r.agent ? ` ${r.agent}` : ''} (${r.status}${onOtherBranch(r, s.branch) ? shared.onBranch(r.branch!) : ''}): ${oneLine(r.summary, 200)}`], value: 30 - i, order: next() }));

  const totals = new Map<SectionKey, number>();
  for (const e of list) totals.set(e.key, (totals.get(e.key) ?? 0) + 1);
  // Items that exist beyond what the state carries still count as left out.
  const beyond = (k: SectionKey, n: number) => totals.set(k, Math.max(totals.get(k) ?? 0, n));
  beyond('decisions', s.totals.decisions);
  beyond('gotchas', s.totals.gotchas);
  beyond('sessions', Math.max(0, s.totals.sessions - shown.size));
  for (const w of lead) {
    const caps = w === lead[0] ? SESSION_CAPS.first : SESSION_CAPS.earlier;
    const over = (k: SectionKey, have: number, cap: number) => have > cap && totals.set(k, (totals.get(k) ?? 0) + have - cap);
    over('files', w.work.files.length, caps.files);
    over('commits', w.work.commits.length, caps.commits);
    over('failures', w.work.failures.length, caps.failures);
    over('stated', w.work.stated.length, caps.stated);
  }
  return { list, totals };
}

function omittedLine(counts: Array<[SectionKey, number]>, memoryRel: string, layer1Rel: string): string {
  const parts = counts.filter(([, n]) => n > 0).map(([k, n]) => `${n} ${msg.context.categories[k]![n === 1 ? 0 : 1]}`);
  const total = counts.reduce((a, [, n]) => a + n, 0);
  return total === 0 ? msg.context.complete(memoryRel, layer1Rel) : msg.context.omitted(total, parts, memoryRel, layer1Rel);
}

/** Below this value an item is only added while the context is still short of SOFT_SHARE of the budget. */
const LOW_VALUE = 50;
const SOFT_SHARE = 0.75;

/**
 * What SessionStart injects: a ranked view of the notes. It leads with the last session's work on
 * this branch (request, commits, files, failures, open tasks, what was said, last message), then
 * earlier sessions, captured follow-ups, decisions and gotchas, uncommitted work and other
 * sessions. Items are taken by value until `budget` is full: the least useful go first, none is
 * cut in half, and the closing line says how many were left out and where they are. The result is
 * never longer than the budget.
 */
export function renderContext(s: DerivedState, opts: ContextOptions): string {
  const budget = Math.max(0, Math.floor(Number.isFinite(opts.budget) ? opts.budget : DEFAULT_CONTEXT_BUDGET));
  const memoryRel = opts.memoryRel ?? 'memory/layer2/current-state.md';
  const memoryRoot = memoryRel.replace(/layer2\/current-state\.md$/, '');
  const root = memoryRoot === memoryRel ? 'memory/' : memoryRoot;
  const layer1Rel = `${root}layer1/`;
  const { list, totals } = entries({ ...s, recentWork: s.recentWork ?? [] }, opts.interrupted ?? s.interrupted, root, opts.captured ?? []);

  // Room for the closing line whatever ends up omitted: its longest form lists every category in full.
  const worst = omittedLine([...totals.entries()], memoryRel, layer1Rel);
  const reserve = 2 + Math.max(worst.length, msg.context.complete(memoryRel, layer1Rel).length);

  const top = [msg.context.title, opts.noRepo ? msg.context.noRepo : msg.context.where(s.branch, s.head)];
  let len = top.join('\n').length;
  const withTop = len + reserve <= budget;
  if (!withTop) len = 0;
  const opened = new Set<string>();
  const chosen = new Map<Entry, string>();
  const ranked = [...list].sort((a, b) => b.value - a.value || a.order - b.order);
  // Breadth first: every item that fits gets in at its shortest, by value; then, by value again,
  // items grow to their fuller form while there is room. A small budget shows more kinds of fact,
  // a large one the same as taking each item whole.
  for (const e of ranked) {
    if (e.value < LOW_VALUE && len > budget * SOFT_SHARE) continue;
    const newHeads = e.heads.filter((h) => !opened.has(h));
    // A new top-level heading is set off by a blank line; a sub-heading follows its block directly.
    const headCost = newHeads.reduce((a, h, i) => a + h.length + 1 + (i === 0 && newHeads.length === e.heads.length ? 1 : 0), 0);
    const shortest = e.variants.reduce((a, v) => (v.length < a.length ? v : a));
    if (len + headCost + shortest.length + 1 + reserve > budget) continue;
    for (const h of newHeads) opened.add(h);
    chosen.set(e, shortest);
    len += headCost + shortest.length + 1;
  }
  for (const e of ranked) {
    const have = chosen.get(e);
    if (have === undefined) continue;
    const better = e.variants.find((v) => v.length > have.length && len - have.length + v.length + reserve <= budget);
    if (better === undefined) continue;
    chosen.set(e, better);
    len += better.length - have.length;
  }

  const left = new Map<SectionKey, number>(totals);
  for (const e of chosen.keys()) left.set(e.key, (left.get(e.key) ?? 0) - 1);
  // Nothing twice: an agent's sentence the last message shown already holds is dropped (its room
  // stays free, and it is not left out: it is shown).
  const plain = (t: string) => normaliseText(t.replace(/[*_`>#]/g, ' ').replace(/\u2026$/, ''));
  const shownMessages = [...chosen].filter(([e]) => e.key === 'message').map(([e, text]) => [e.heads[0], plain(text)] as const);
  for (const e of [...chosen.keys()]) {
    const words = e.said === undefined ? '' : plain(e.said);
    const repeated = words.length >= 20 && shownMessages.some(([head, text]) => head === e.heads[0] && text.includes(words));
    if (repeated) chosen.delete(e);
  }

  const lines: string[] = withTop ? [...top] : [];
  const printed = new Set<string>();
  for (const e of list) {
    const text = chosen.get(e);
    if (text === undefined) continue;
    e.heads.forEach((h, i) => {
      if (printed.has(h)) return;
      printed.add(h);
      if (i === 0 && lines.length) lines.push('');
      lines.push(h);
    });
    lines.push(text);
  }
  const closing = omittedLine([...left.entries()], memoryRel, layer1Rel);
  const out = lines.length ? `${lines.join('\n')}\n\n${closing}` : closing;
  if (out.length <= budget) return out;
  // Only a budget too small for even the closing line gets here.
  const total = [...left.values()].reduce((a, n) => a + n, 0);
  const short = msg.context.omittedShort(total);
  return short.length <= budget ? short : clip(short, budget);
}
