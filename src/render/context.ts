import { render as msg } from '../messages/render.js';
import { clip, oneLine } from './markdown.js';
import type { DerivedState, StateItem } from './current-state.js';

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

type CategoryKey = 'interrupted' | 'followups' | 'captured' | 'summary' | 'uncommitted' | 'decisions' | 'gotchas' | 'sessions';

interface Category {
  key: CategoryKey;
  header: string;
  /** Each item with its variants, preferred first; an item is shown whole in one variant or not at all. */
  items: string[][];
  /** How many exist in all, shown or not. */
  total: number;
}

const ITEM_CHARS = 400;

function itemText(it: StateItem, withAge: boolean): string {
  const age = withAge ? `, ${it.ageDays === 0 ? 'today' : `${it.ageDays} day${it.ageDays === 1 ? '' : 's'} ago`}` : '';
  return `- ${oneLine(it.text, ITEM_CHARS)} (${it.id}; session ${it.session}, ${it.at}${age})${it.stale ? ` ${msg.state.stale(it.ageDays)}` : ''}`;
}

function categories(s: DerivedState, interrupted: string | undefined, memoryRoot: string, captured: StateItem[]): Category[] {
  const c = msg.context;
  const cats: Category[] = [];
  if (interrupted) cats.push({ key: 'interrupted', header: c.interrupted, items: [[clip(interrupted.trim(), 1000)]], total: 1 });
  cats.push({ key: 'followups', header: c.followups, items: s.openFollowups.map((f) => [itemText(f, true)]), total: s.openFollowups.length });
  cats.push({ key: 'captured', header: c.captured, items: captured.map((f) => [itemText(f, false)]), total: captured.length });
  if (s.lastSession) {
    const l = s.lastSession;
    const where = `(${memoryRoot}${l.noteRel})`;
    const block = l.summaryBlock.replace(/^(#{1,6}\s)/gm, '\\$1');
    const variants = [`${clip(block, 3000)}\n${where}`, `${oneLine(l.summary, ITEM_CHARS)} ${where}`].filter((v) => !v.startsWith('\n'));
    cats.push({ key: 'summary', header: c.lastSummary(l.session, l.date, l.agent), items: [variants], total: 1 });
  }
  cats.push({ key: 'uncommitted', header: c.uncommitted, items: s.uncommitted.map((u) => [`- ${oneLine(u, 300)}`]), total: s.uncommitted.length });
  cats.push({ key: 'decisions', header: c.decisions, items: s.decisions.map((d) => [itemText(d, false)]), total: Math.max(s.totals.decisions, s.decisions.length) });
  cats.push({ key: 'gotchas', header: c.gotchas, items: s.gotchas.map((g) => [itemText(g, false)]), total: Math.max(s.totals.gotchas, s.gotchas.length) });
  cats.push({
    key: 'sessions',
    header: c.sessions,
    items: s.recentSessions.map((r) => [`- ${r.date} ${r.session}${r.agent ? ` ${r.agent}` : ''} (${r.status}): ${oneLine(r.summary, 200)}`]),
    total: Math.max(s.totals.sessions, s.recentSessions.length),
  });
  return cats;
}

function omittedLine(counts: Array<[CategoryKey, number]>, memoryRel: string, layer1Rel: string): string {
  const parts = counts.filter(([, n]) => n > 0).map(([k, n]) => `${n} ${msg.context.categories[k]![n === 1 ? 0 : 1]}`);
  const total = counts.reduce((a, [, n]) => a + n, 0);
  return total === 0 ? msg.context.complete(memoryRel, layer1Rel) : msg.context.omitted(total, parts, memoryRel, layer1Rel);
}

/**
 * What SessionStart injects: the state in priority order (interrupted handover, open follow-ups,
 * last summary, uncommitted work, decisions, gotchas, recent sessions), cut to `budget` characters
 * by whole items, ending with a line that says how many items were left out and where they are.
 * The result is never longer than the budget.
 */
export function renderContext(s: DerivedState, opts: ContextOptions): string {
  const budget = Math.max(0, Math.floor(Number.isFinite(opts.budget) ? opts.budget : DEFAULT_CONTEXT_BUDGET));
  const memoryRel = opts.memoryRel ?? 'memory/layer2/current-state.md';
  const memoryRoot = memoryRel.replace(/layer2\/current-state\.md$/, '');
  const layer1Rel = `${memoryRoot === memoryRel ? 'memory/' : memoryRoot}layer1/`;
  const cats = categories(s, opts.interrupted ?? s.interrupted, memoryRoot === memoryRel ? 'memory/' : memoryRoot, opts.captured ?? []);

  // Room for the closing line whatever ends up omitted: its longest form lists every category in full.
  const worst = omittedLine(cats.map((c) => [c.key, c.total]), memoryRel, layer1Rel);
  const reserve = 2 + Math.max(worst.length, msg.context.complete(memoryRel, layer1Rel).length);

  const pieces = [msg.context.title, opts.noRepo ? msg.context.noRepo : msg.context.where(s.branch, s.head)];
  let len = pieces.join('\n').length;
  const omitted: Array<[CategoryKey, number]> = [];
  if (len + reserve > budget) {
    pieces.length = 0;
    len = 0;
  }
  for (const cat of cats) {
    let shown = 0;
    let headed = false;
    for (const variants of cat.items) {
      const headCost = headed ? 0 : (pieces.length ? 2 : 0) + cat.header.length;
      const fit = variants.find((v) => len + headCost + 1 + v.length + reserve <= budget);
      if (fit === undefined) break;
      if (!headed) {
        if (pieces.length) pieces.push('');
        pieces.push(cat.header);
        headed = true;
      }
      pieces.push(fit);
      len += headCost + 1 + fit.length;
      shown += 1;
    }
    omitted.push([cat.key, cat.total - shown]);
  }
  const closing = omittedLine(omitted, memoryRel, layer1Rel);
  const out = pieces.length ? `${pieces.join('\n')}\n\n${closing}` : closing;
  if (out.length <= budget) return out;
  // Only a budget too small for even the closing line gets here.
  const total = omitted.reduce((a, [, n]) => a + n, 0);
  const short = msg.context.omittedShort(total);
  return short.length <= budget ? short : clip(short, budget);
}
