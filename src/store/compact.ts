import { readFile } from 'node:fs/promises';
import { Checkpoint } from '../engine/checkpoint.js';
import { readIfExists } from '../io/atomic.js';
import { HandoverEngine, type RunResult } from '../engine/engine.js';
import { Step, type StepContext } from '../engine/step.js';
import { MemoryStore, type NoteRef } from './memory-store.js';
import { entryMarkerCount, parseArchive, renderArchive, unionEntries, type ArchiveEntry } from './archive.js';
import { HandoverError, ValidationError } from '../errors.js';
import { core as msg } from '../messages/core.js';
import { parseFrontMatter } from './frontmatter.js';

export interface CompactOptions {
  store: MemoryStore;
  olderThanDays: number;
  /** Journal of the compaction run; separate from the handover's own checkpoint. */
  checkpointPath: string;
  pauseFiles?: string[];
  tag?: string;
  /** Fixed "now" (ISO); defaults to the run's start. */
  now?: string;
  dryRun?: boolean;
}

export interface CompactResult {
  months: string[];
  archived: number;
  removed: number;
  run?: RunResult;
}

/** Months all of whose days are more than `days` days before `now` (UTC). */
export function monthIsDue(month: string, now: Date, days: number): boolean {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const firstOfNext = Date.UTC(y, m, 1);
  // max(0, …): the current month (still being written) is never due, whatever `days` says.
  return now.getTime() - firstOfNext >= Math.max(0, days) * 86_400_000;
}

function groupDue(notes: NoteRef[], now: Date, days: number): Array<{ month: string; tag: string; refs: NoteRef[] }> {
  const groups = new Map<string, { month: string; tag: string; refs: NoteRef[] }>();
  for (const n of notes) {
    if (!n.month || !n.tag || !monthIsDue(n.month, now, days)) continue;
    const key = `${n.month}\u0000${n.tag}`;
    if (!groups.has(key)) groups.set(key, { month: n.month, tag: n.tag, refs: [] });
    groups.get(key)!.refs.push(n);
  }
  return [...groups.values()];
}

async function entryOf(ref: NoteRef): Promise<ArchiveEntry | undefined> {
  let text: string;
  try {
    text = await readFile(ref.path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseFrontMatter(text);
  const id = ref.rel.replace(/^layer1\/\d{4}-\d{2}\//, '').replace(/\.md$/, '');
  return { id, meta: { ...(parsed?.meta ?? {}), id }, body: parsed?.body ?? text };
}

async function readArchive(path: string): Promise<ArchiveEntry[]> {
  const text = await readIfExists(path);
  if (text === undefined) return [];
  const entries = parseArchive(text);
  // Rewriting an archive with an entry we could not parse would drop that note; stop instead.
  if (entryMarkerCount(text) > entries.length) throw new HandoverError('ARCHIVE_DAMAGED', msg.archiveDamaged(path), { path, hint: msg.archiveFix(path) });
  return entries;
}

/**
 * Moves whole old months of layer1 notes into their layer3 archives as a checkpointed run of two
 * idempotent steps: `archive` (union by note id, atomic write) then `remove` (delete only notes
 * whose exact text is in the archive). A kill anywhere is finished by the next call; nothing is
 * lost and nothing doubled.
 */
export async function compact(opts: CompactOptions): Promise<CompactResult> {
  const { store } = opts;
  if (!Number.isFinite(opts.olderThanDays) || opts.olderThanDays < 0) throw new ValidationError(msg.invalidOlderThan(String(opts.olderThanDays)));
  // The tag filter is part of the run record: a resumed run removes what its own archive step archived.
  // Only the folders of due months are listed: on a Stop there usually are none.
  const plan = async (nowIso: string, tag: string | undefined) => {
    const now = new Date(nowIso);
    return groupDue(await store.list({ layer: 1, ...(tag ? { tag } : {}), months: (m) => monthIsDue(m, now, opts.olderThanDays) }), now, opts.olderThanDays);
  };
  const due = ({ meta, startedAt }: StepContext) =>
    plan((meta.now as string | undefined) ?? startedAt, typeof meta.tag === 'string' ? meta.tag : undefined);
  const months = (g: Array<{ month: string }>) => [...new Set(g.map((x) => x.month))].sort();
  if (opts.dryRun) {
    const g = await plan(opts.now ?? new Date().toISOString(), opts.tag);
    return { months: months(g), archived: g.reduce((a, x) => a + x.refs.length, 0), removed: 0 };
  }
  // Nothing due and nothing in flight: no run, no checkpoint writes (this runs on every Stop).
  if ((await plan(opts.now ?? new Date().toISOString(), opts.tag)).length === 0 && (await new Checkpoint(opts.checkpointPath).status().catch(() => 'in_progress')) !== 'in_progress') {
    return { months: [], archived: 0, removed: 0 };
  }
  let archived = 0;
  let removed = 0;
  let seen: string[] = [];
  const steps = [
    new Step('archive', async (ctx) => {
      const g = await due(ctx);
      seen = months(g);
      for (const { month, tag, refs } of g) {
        const path = store.archivePath(month, tag);
        const fresh = (await Promise.all(refs.map(entryOf))).filter((e): e is ArchiveEntry => !!e);
        const merged = unionEntries(await readArchive(path), fresh);
        await store.writeArchive(month, tag, renderArchive(`${month} ${tag} archive`, merged), { notes: merged.length });
        archived += fresh.length;
      }
    }),
    new Step('remove', async (ctx) => {
      for (const { month, tag, refs } of await due(ctx)) {
        const inArchive = new Map((await readArchive(store.archivePath(month, tag))).map((e) => [e.id, e.body]));
        for (const ref of refs) {
          const e = await entryOf(ref);
          if (e && inArchive.get(e.id) === (e.body.endsWith('\n') ? e.body : e.body + '\n')) {
            await store.remove(ref);
            removed += 1;
          }
        }
      }
    }),
  ];
  const engine = new HandoverEngine({ steps, checkpoint: opts.checkpointPath, pauseFiles: opts.pauseFiles ?? [] });
  const { result } = await engine.runAfterResume({ tag: opts.tag ?? 'compact', session: 'compact', meta: { ...(opts.now ? { now: opts.now } : {}), ...(opts.tag ? { tag: opts.tag } : {}) } });
  return { months: seen, archived, removed, run: result };
}
