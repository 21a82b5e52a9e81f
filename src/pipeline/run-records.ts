import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { hooks as msg } from '../messages/hooks.js';
import type { CheckpointData } from '../engine/checkpoint.js';
import type { Project } from '../project/project.js';

/** One abandoned run, as `doctor` lists it. */
export interface AbandonedRun {
  run_id: string;
  session: string;
  step: string;
  reason: string;
  at: string;
}

/** How many abandoned runs `abandoned.json` remembers, and how many runs/ folders are kept. */
export const KEEP_ABANDONED = 20;
export const KEEP_RUNS = 20;

export function abandonedPath(stateDir: string): string {
  return join(stateDir, 'abandoned.json');
}

/** The abandoned runs on record, newest last; a missing or unreadable file is none. */
export async function readAbandoned(stateDir: string): Promise<AbandonedRun[]> {
  try {
    const list = JSON.parse(await readFile(abandonedPath(stateDir), 'utf8')) as unknown;
    return Array.isArray(list) ? (list as AbandonedRun[]).filter((r) => r && typeof r.run_id === 'string') : [];
  } catch {
    return [];
  }
}

/** The engine's onAbandon: one log line and a bounded record, so the give-up is never silent. */
export async function recordAbandoned(p: Project, run: CheckpointData, why: { step: string; reason: string }): Promise<void> {
  // Error texts can quote what failed; they pass the sanitiser like anything else kept on disk.
  const { redactSync } = await import('../redact/redact.js');
  const reason = redactSync(why.reason.replace(/\s+/g, ' ').slice(0, 400), { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow }).text;
  const entry: AbandonedRun = { run_id: run.run_id, session: run.session, step: why.step, reason, at: new Date().toISOString() };
  const list = [...(await readAbandoned(p.layout.stateDir)), entry].slice(-KEEP_ABANDONED);
  await writeFileAtomic(abandonedPath(p.layout.stateDir), JSON.stringify(list, null, 1) + '\n', { durable: false });
  const { appendLog } = await import('../io/log.js');
  await appendLog(p.layout.logPath, 'engine', msg.runAbandoned(run.run_id, why.step, run.step_info[why.step]?.attempts ?? 0, reason));
}

/**
 * Keeps runs/ bounded: the newest `keep` run folders stay (run ids start with their UTC start
 * time, so name order is age order), and the folder of the run in flight is never removed.
 */
export async function pruneRuns(runsDir: string, keepId: string | undefined, keep = KEEP_RUNS): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return 0;
  }
  const old = names.slice(0, Math.max(0, names.length - keep)).filter((n) => n !== keepId);
  for (const n of old) await rm(join(runsDir, n), { recursive: true, force: true });
  return old.length;
}
