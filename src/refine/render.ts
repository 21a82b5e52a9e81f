import { refine as msg } from '../messages/refine.js';
import { oneLine, uniqueBy } from '../render/markdown.js';
import type { Meta } from '../store/frontmatter.js';
import type { Refined, RefinedItem, TopicPage } from './types.js';

const PROVENANCE_MAX = 5;
const ITEM_CHARS = 400;

/** The folder topic pages live in, relative to the memory root. */
export const TOPICS_DIR = 'topics';

function provenance(it: RefinedItem): string {
  const latestFirst = uniqueBy([...it.occurrences].reverse(), (o) => o.noteRel);
  const links = latestFirst.map((o) => `[${o.session}](../${o.noteRel}) ${o.date}${o.agent ? ` ${o.agent}` : ''}`);
  const shown = links.slice(0, PROVENANCE_MAX);
  if (links.length > shown.length) shown.push(msg.moreSessions(links.length - shown.length));
  return shown.join(', ');
}

/** One fact on one line: its text, how often and when it was seen, its id and where it came from. */
export function itemLine(it: RefinedItem): string {
  const notes: string[] = [msg.seen(it.count, it.latestDate), it.id];
  if (it.supersededBy) notes.push(msg.supersededBy(it.supersededBy));
  if (it.supersedes?.length) notes.push(msg.supersedes(it.supersedes));
  if (it.closed) notes.push(msg.closedBy(it.closed.source, it.closed.source === 'commit' ? it.closed.ref.slice(0, 7) : it.closed.ref, it.closed.date));
  if (it.maybeDoneBy?.length) notes.push(msg.maybeDoneBy(it.maybeDoneBy.map((h) => h.slice(0, 7))));
  const box = it.kind === 'followup' ? (it.closed ? '[x] ' : '[ ] ') : '';
  return `- ${box}${oneLine(it.text, ITEM_CHARS)} (${notes.join('; ')}; ${provenance(it)})`;
}

/** memory/topics/<slug>.md. Pure: no clock, every list in a fixed order. */
export function renderTopicPage(page: TopicPage, byId: Map<string, RefinedItem>): { body: string; meta: Meta } {
  const items = page.items.map((id) => byId.get(id)!).filter(Boolean);
  const parts = [msg.topicTitle(page.title), `_${msg.topicGenerated}_`];
  const section = (title: string, lines: string[]) => {
    if (lines.length) parts.push(`## ${title}\n\n${lines.join('\n')}`);
  };
  const newest = (a: RefinedItem, b: RefinedItem) => (a.latestDate < b.latestDate ? 1 : a.latestDate > b.latestDate ? -1 : 0);
  section(msg.kinds.decision!, items.filter((i) => i.kind === 'decision' && !i.supersededBy).sort(newest).map(itemLine));
  section(msg.kinds.gotcha!, items.filter((i) => i.kind === 'gotcha').sort(newest).map(itemLine));
  section(msg.kinds.followup!, items.filter((i) => i.kind === 'followup' && !i.closed).sort(newest).map(itemLine));
  section(msg.superseded, items.filter((i) => i.kind === 'decision' && i.supersededBy).sort(newest).map(itemLine));
  section(msg.closedFollowups, items.filter((i) => i.kind === 'followup' && i.closed).sort(newest).map(itemLine));
  section(msg.sessions, page.sessions.map((s) => `- ${s.date} [${s.session}](../${s.noteRel})${s.summary ? `: ${oneLine(s.summary, 200)}` : ''}`));
  section(msg.commits, page.commits.map((c) => `- ${c.hash.slice(0, 7)} ${c.date} ${oneLine(c.subject, 200)}`));
  const meta: Meta = {
    topic: page.title,
    items: items.length,
    sessions: page.sessions.length,
    commits: page.commits.length,
    latest: items.reduce((m, i) => (i.latestDate > m ? i.latestDate : m), ''),
  };
  return { body: `${parts.join('\n\n')}\n`, meta };
}

/** Every change refine makes, one line each (what `refine --dry-run` prints before the pages). */
export function changeLines(r: Refined): string[] {
  const out: string[] = [];
  for (const it of r.items) if (it.count > 1) out.push(msg.report.merge(it.kind, it.id, it.count, it.occurrences.map((o) => o.id), oneLine(it.text, 120)));
  for (const it of r.items) if (it.closed) out.push(msg.report.close(it.id, msg.closedBy(it.closed.source, it.closed.ref, it.closed.date)));
  for (const it of r.items) if (it.maybeDoneBy?.length) out.push(msg.report.maybe(it.id, it.maybeDoneBy.map((h) => h.slice(0, 7))));
  for (const it of r.items) if (it.supersededBy) out.push(msg.report.supersede(it.id, it.supersededBy));
  return out;
}
