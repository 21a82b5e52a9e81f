import { readFile } from 'node:fs/promises';
import { CheckpointError, ValidationError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { core as msg } from '../messages/core.js';

export const CHECKPOINT_VERSION = 1;
const RUN_ID_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
export type CheckpointStatus = 'none' | 'in_progress' | 'completed';
export type StepState = 'pending' | 'done';

export interface StepInfo {
  attempts: number;
  last_error?: string;
  finished_at?: string;
}

export interface CheckpointData {
  version: number;
  run_id: string;
  status: Exclude<CheckpointStatus, 'none'>;
  started_at: string;
  finished_at: string | null;
  tag: string;
  session: string;
  steps: Record<string, StepState>;
  step_info: Record<string, StepInfo>;
  meta: Record<string, unknown>;
  /** Set when a run gave up on a step after too many attempts, so a broken step cannot wedge every later handover. */
  abandoned?: { step: string; reason: string };
}

export interface NewRun {
  runId: string;
  startedAt: string;
  tag: string;
  session: string;
  steps: string[];
  meta?: Record<string, unknown>;
}

/**
 * The journal of the handover in flight. Absent file = no run ever (`none`). A file that cannot be
 * parsed or has the wrong shape is a CheckpointError naming the path: never "clean", never RESUME,
 * because guessing either way can lose or duplicate a handover.
 */
export class Checkpoint {
  constructor(readonly path: string) {}

  async read(): Promise<CheckpointData | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      throw new CheckpointError(msg.checkpointUnreadable(this.path, code ?? String(err)), { path: this.path, hint: msg.checkpointFix(this.path), cause: err });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new CheckpointError(msg.checkpointUnreadable(this.path, 'not valid JSON'), { path: this.path, hint: msg.checkpointFix(this.path), cause: err });
    }
    const problem = shapeProblem(data);
    if (problem) throw new CheckpointError(msg.checkpointUnreadable(this.path, problem), { path: this.path, hint: msg.checkpointFix(this.path) });
    return data as CheckpointData;
  }

  async status(): Promise<CheckpointStatus> {
    return (await this.read())?.status ?? 'none';
  }

  async write(data: CheckpointData): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(data, null, 2) + '\n');
  }

  async begin(run: NewRun): Promise<CheckpointData> {
    // Refuse before writing: a run id we could not read back would wedge every later handover.
    if (!RUN_ID_RE.test(run.runId) || run.runId.includes('..')) throw new ValidationError(msg.invalidRunId(run.runId));
    const data: CheckpointData = {
      version: CHECKPOINT_VERSION,
      run_id: run.runId,
      status: 'in_progress',
      started_at: run.startedAt,
      finished_at: null,
      tag: run.tag,
      session: run.session,
      steps: Object.fromEntries(run.steps.map((s) => [s, 'pending' as const])),
      step_info: Object.fromEntries(run.steps.map((s) => [s, { attempts: 0 }])),
      meta: run.meta ?? {},
    };
    await this.write(data);
    return data;
  }
}

function shapeProblem(d: unknown): string | undefined {
  if (!d || typeof d !== 'object' || Array.isArray(d)) return 'expected a JSON object';
  const o = d as Record<string, unknown>;
  if (o.version !== CHECKPOINT_VERSION) return `unsupported format version ${JSON.stringify(o.version)} (expected ${CHECKPOINT_VERSION})`;
  if (o.status !== 'in_progress' && o.status !== 'completed') return `unknown status ${JSON.stringify(o.status)}`;
  if (typeof o.run_id !== 'string' || !o.run_id) return 'missing run_id';
  // run_id names the run's folder under runs/, so it must not be able to climb out of it.
  if (!RUN_ID_RE.test(o.run_id) || o.run_id.includes('..')) return `unsafe run_id ${JSON.stringify(o.run_id)}`;
  if (typeof o.started_at !== 'string' || Number.isNaN(Date.parse(o.started_at))) return 'missing or invalid started_at';
  if (o.finished_at !== null && o.finished_at !== undefined && typeof o.finished_at !== 'string') return 'invalid finished_at';
  if (typeof o.tag !== 'string' || typeof o.session !== 'string') return 'missing tag or session';
  if (!o.steps || typeof o.steps !== 'object' || Array.isArray(o.steps)) return 'missing steps';
  for (const [k, v] of Object.entries(o.steps)) if (v !== 'pending' && v !== 'done') return `step ${JSON.stringify(k)} has unknown state ${JSON.stringify(v)}`;
  if (!o.step_info || typeof o.step_info !== 'object' || Array.isArray(o.step_info)) return 'missing step_info';
  // The engine does arithmetic on attempts: a bad entry would crash it with a TypeError instead of naming the file.
  for (const [k, v] of Object.entries(o.step_info)) {
    if (v === null) continue;
    const a = typeof v === 'object' ? (v as Record<string, unknown>).attempts : undefined;
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0) return `step_info ${JSON.stringify(k)} has no valid attempts count`;
  }
  if (!o.meta || typeof o.meta !== 'object' || Array.isArray(o.meta)) return 'missing meta';
  return undefined;
}
