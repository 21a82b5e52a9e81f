import { readIfExists, writeFileAtomic } from '../io/atomic.js';
import { folderStamps, refreshIndex } from '../render/note-index.js';
import { readJson } from '../render/json-file.js';
import type { MemoryStore } from '../store/memory-store.js';
import type { Meta } from '../store/frontmatter.js';
import { readCommits } from './commits.js';
import { refineNotes, type RefineOptions } from './refine.js';
import { changeLines, renderTopicPage, TOPICS_DIR } from './render.js';
import type { Refined } from './types.js';
import { writeRefinedCache } from './context-items.js';
import { countLayer1Files, REFINE_DUE } from './due.js';
import { dirname, join } from 'node:path';

export interface RefineInput {
  store: MemoryStore;
  /** .agent-handover/index.json */
  indexPath: string;
  /** .agent-handover/refine.json: when refine last ran and over how many notes. */
  checkpointPath: string;
  /** The git work tree, when there is one: its commits close follow-ups and fill topic pages. */
  gitRoot?: string;
  /** The memory folder relative to the work tree (excluded from the commits read). */
  memoryRel: string;
  /** ISO instant, recorded in the checkpoint only (never in a derived file). */
  now: string;
  dryRun?: boolean;
  tag?: string;
  /** False: cluster from scratch, ignoring the saved state (the result is the same, only slower). */
  resume?: boolean;
  /** Asked once more just before anything is written (PAUSE may have appeared meanwhile): false writes nothing. */
  mayWrite?: () => boolean;
}

/** .agent-handover/refined.json, next to the checkpoint: what the context applies (see context-items.ts). */
export function refinedCachePath(checkpointPath: string): string {
  return join(dirname(checkpointPath), 'refined.json');
}

/** .agent-handover/refine-clusters.json: where the last clustering ended, so the next refine resumes it. */
export function clusterStatePath(checkpointPath: string): string {
  return join(dirname(checkpointPath), 'refine-clusters.json');
}

const CLUSTER_STATE_VERSION = 1;

async function readClusterState(path: string): Promise<RefineOptions['prior']> {
  // Anything unexpected is a full run: the state only saves time, it never decides a result.
  const c = await readJson<{ version?: unknown; kinds?: unknown }>(path, (d) => d?.version === CLUSTER_STATE_VERSION && typeof d.kinds === 'object' && d.kinds !== null);
  return c?.kinds as RefineOptions['prior'];
}

export interface PagePlan {
  rel: string;
  state: 'new' | 'changed' | 'unchanged';
}

export interface RefineRun {
  refined: Refined;
  /** One line per merge, closure, maybe-done and supersession. */
  changes: string[];
  pages: PagePlan[];
  /** Topic pages no longer derived (removed unless dry run). */
  removed: string[];
  written: boolean;
  notes: number;
}

interface Checkpoint {
  at: string;
  notes: number;
  stamps: Record<string, number>;
  /** Files in layer1/ then: what the hooks' quick check (schedule.ts) compares with. */
  layer1Files?: number;
}

export { REFINE_DUE };

/**
 * Cheap when not due: an unchanged set of note folders (their mtimes) means no new note, and a
 * refine over the same notes writes the same pages. Otherwise due after REFINE_DUE.newNotes notes
 * or REFINE_DUE.afterMs since the last refine (the count comes from the index, which the
 * current_state step has just brought up to date).
 */
export async function refineDue(input: Pick<RefineInput, 'store' | 'indexPath' | 'checkpointPath' | 'now'>): Promise<boolean> {
  const last = await readJson<Checkpoint>(input.checkpointPath, (c) => typeof c?.at === 'string' && typeof c.notes === 'number' && typeof c.stamps === 'object' && c.stamps !== null);
  if (!last) return true;
  const stamps = await folderStamps(input.store.root);
  if (JSON.stringify(stamps) === JSON.stringify(last.stamps)) return false;
  if (Date.parse(input.now) - Date.parse(last.at) >= REFINE_DUE.afterMs) return true;
  const { notes } = await refreshIndex(input.store, input.indexPath, { writeIndex: false });
  return notes.length - last.notes >= REFINE_DUE.newNotes;
}

/**
 * Refines the notes and regenerates memory/topics/: every page is rendered from scratch, written
 * only when its bytes change, and pages no longer derived are removed, so two machines with the
 * same notes and commits end with the same files. A dry run computes the same plan and writes nothing.
 */
export async function runRefine(input: RefineInput): Promise<RefineRun> {
  const stamps = await folderStamps(input.store.root);
  const { notes } = await refreshIndex(input.store, input.indexPath, { writeIndex: !input.dryRun && (input.mayWrite?.() ?? true) });
  const commits = input.gitRoot ? await readCommits(input.gitRoot, input.memoryRel) : [];
  const prior = input.resume === false || input.tag !== undefined ? undefined : await readClusterState(clusterStatePath(input.checkpointPath));
  const refined = refineNotes(notes, commits, { ...(input.tag === undefined ? {} : { tag: input.tag }), ...(prior ? { prior } : {}) });
  const byId = new Map(refined.items.map((i) => [i.id, i]));
  const rel = (slug: string) => `${TOPICS_DIR}/${slug}.md`;
  const planned: Array<{ slug: string; body: string; meta: Meta; state: PagePlan['state'] }> = [];
  for (const page of refined.topics) {
    const { body, meta } = renderTopicPage(page, byId);
    const file = input.store.topicFile(body, meta);
    const old = await readIfExists(input.store.topicPath(page.slug)).catch(() => undefined);
    planned.push({ slug: page.slug, body, meta, state: old === undefined ? 'new' : old === file ? 'unchanged' : 'changed' });
  }
  const pages: PagePlan[] = planned.map((p) => ({ rel: rel(p.slug), state: p.state }));
  const gone = (await input.store.listTopics()).filter((slug) => !planned.some((p) => p.slug === slug));
  const write = !input.dryRun && (input.mayWrite?.() ?? true);
  if (write) {
    for (const p of planned) if (p.state !== 'unchanged') await input.store.writeTopic(p.slug, p.body, p.meta);
    for (const slug of gone) await input.store.removeTopic(slug);
    await writeRefinedCache(refinedCachePath(input.checkpointPath), refined);
    if (input.tag === undefined) await writeFileAtomic(clusterStatePath(input.checkpointPath), `${JSON.stringify({ version: CLUSTER_STATE_VERSION, kinds: refined.clusters ?? {} })}\n`, { durable: false });
    const layer1Files = await countLayer1Files(input.store.root);
    await writeFileAtomic(input.checkpointPath, `${JSON.stringify({ at: input.now, notes: notes.length, stamps, layer1Files } satisfies Checkpoint)}\n`, { durable: false });
  }
  return { refined, changes: changeLines(refined), pages, removed: gone.map(rel), written: write, notes: notes.length };
}
