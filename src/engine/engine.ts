import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Checkpoint, type CheckpointData } from './checkpoint.js';
import { Lock, type LockOptions } from './lock.js';
import type { Step, StepContext } from './step.js';
import { pausedBy } from '../pause.js';
import { injectFault } from '../io/fault.js';
import { debugLine, debugOn, now } from '../io/debug.js';

export interface EngineOptions {
  steps: Step[];
  checkpoint: Checkpoint | string;
  pauseFiles?: string[];
  /** Defaults to `<checkpoint>.lock` beside the checkpoint. */
  lockPath?: string;
  /** Defaults to `runs/` beside the checkpoint. */
  runsDir?: string;
  lock?: LockOptions;
  /** After this many failed attempts of one step the run is abandoned so later handovers are not wedged. */
  maxAttempts?: number;
  /** Told once when a run is abandoned (the pipeline logs it and keeps a record for `doctor`). */
  onAbandon?: (run: CheckpointData, abandoned: { step: string; reason: string }) => Promise<void> | void;
}

/**
 * The liveness bound: a step gets at most this many attempts (one per hook call that reaches it,
 * a kill mid-step included), then its run is abandoned and the next handover starts fresh. So a
 * run that cannot finish holds up at most MAX_ATTEMPTS - 1 later calls, and `check` leaves RESUME.
 */
export const MAX_ATTEMPTS = 3;

export interface RunParams {
  tag?: string;
  session?: string;
  meta?: Record<string, unknown>;
  /** Fixed start instant (ISO); defaults to now. */
  startedAt?: string;
  runId?: string;
}

export type RunStatus = 'completed' | 'failed' | 'paused' | 'abandoned';

export interface RunResult {
  status: RunStatus;
  runId?: string;
  /** True when this call finished a run that an earlier, interrupted process had started. */
  resumed: boolean;
  ran: string[];
  skipped: string[];
  failedStep?: string;
  error?: string;
  pausedBy?: string;
  /** The checkpoint as it stands after the call (undefined when paused before anything existed). */
  checkpoint?: CheckpointData;
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * Runs a list of idempotent steps as one resumable transaction. The checkpoint is written before
 * and after every step, under a lock, so a kill at any instant leaves a run that the next call
 * finishes with the same run id, timestamp, tag and session, never re-running a step marked done.
 */
export class HandoverEngine {
  readonly steps: Step[];
  readonly checkpoint: Checkpoint;
  readonly pauseFiles: string[];
  readonly lock: Lock;
  readonly runsDir: string;
  private readonly lockOpts: LockOptions;
  private readonly maxAttempts: number;
  private readonly onAbandon: EngineOptions['onAbandon'];

  constructor(opts: EngineOptions) {
    const dup = opts.steps.find((s, i) => opts.steps.findIndex((t) => t.name === s.name) !== i);
    if (dup) throw new TypeError(`Duplicate step name ${JSON.stringify(dup.name)}`);
    this.steps = opts.steps;
    this.checkpoint = typeof opts.checkpoint === 'string' ? new Checkpoint(opts.checkpoint) : opts.checkpoint;
    this.pauseFiles = opts.pauseFiles ?? [];
    this.lock = new Lock(opts.lockPath ?? `${this.checkpoint.path}.lock`);
    this.runsDir = opts.runsDir ?? join(this.checkpoint.path, '..', 'runs');
    this.lockOpts = opts.lock ?? {};
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? MAX_ATTEMPTS);
    this.onAbandon = opts.onAbandon;
  }

  /** Finishes an interrupted run if there is one (resumed: true); otherwise starts a new run with `params`. */
  async run(params: RunParams = {}): Promise<RunResult> {
    return this.runOr(params, false);
  }

  /**
   * Finishes an interrupted run if there is one, and never starts a new one: a run seen in
   * progress before the lock may be complete once the lock is ours (its own process finished it).
   */
  async resume(): Promise<RunResult> {
    return this.runOr({}, true);
  }

  private async runOr(params: RunParams, resumeOnly: boolean): Promise<RunResult> {
    const paused = pausedBy(this.pauseFiles);
    if (paused) return { status: 'paused', resumed: false, ran: [], skipped: [], pausedBy: paused };
    const t0 = debugOn() ? now() : undefined;
    await this.lock.acquire(this.lockOpts);
    if (t0 !== undefined) debugLine('run', 'engine lock acquired', t0);
    try {
      const pausedNow = pausedBy(this.pauseFiles);
      if (pausedNow) return { status: 'paused', resumed: false, ran: [], skipped: [], pausedBy: pausedNow };
      const existing = await this.checkpoint.read();
      if (existing?.status === 'in_progress') return await this.execute(this.withCurrentSteps(existing), true);
      if (resumeOnly) return { status: 'completed', resumed: false, ran: [], skipped: [] };
      const startedAt = params.startedAt ?? new Date().toISOString();
      const data = await this.checkpoint.begin({
        runId: params.runId ?? newRunId(new Date(startedAt)),
        startedAt,
        tag: params.tag ?? 'handover',
        session: params.session ?? 'manual',
        steps: this.steps.map((s) => s.name),
        meta: params.meta ?? {},
      });
      return await this.execute(data, false);
    } finally {
      await this.lock.releaseLock();
    }
  }

  /** Resume if needed, then always run a fresh handover with `params`. */
  async runAfterResume(params: RunParams = {}): Promise<{ resumed?: RunResult; result: RunResult }> {
    const first = await this.run(params);
    if (!first.resumed || first.status !== 'completed' && first.status !== 'abandoned') return { result: first };
    return { resumed: first, result: await this.run(params) };
  }

  // Steps added to the pipeline since the run began are appended as pending, so they run too.
  private withCurrentSteps(data: CheckpointData): CheckpointData {
    for (const s of this.steps) {
      if (!(s.name in data.steps)) {
        data.steps[s.name] = 'pending';
        data.step_info[s.name] = { attempts: 0 };
      }
    }
    return data;
  }

  private async execute(data: CheckpointData, resumed: boolean): Promise<RunResult> {
    const ran: string[] = [];
    const skipped: string[] = [];
    const base = { runId: data.run_id, resumed };
    // A step's "done" is persisted together with the next step's attempt count: one durable write
    // per step instead of two, with the same crash semantics (a kill before that write re-runs the
    // finished step, which is idempotent, exactly as a kill just before a separate write would).
    let unsaved: string | undefined;
    const persist = async () => {
      await this.checkpoint.write(data);
      if (unsaved) injectFault(`after:${unsaved}`);
      unsaved = undefined;
    };
    for (const step of this.steps) {
      if (data.steps[step.name] === 'done') {
        skipped.push(step.name);
        debugLine('step', `${step.name} (run ${data.run_id}): already done, skipped`);
        continue;
      }
      const paused = pausedBy(this.pauseFiles);
      if (paused) {
        if (unsaved) await persist();
        return { ...base, status: 'paused', ran, skipped, pausedBy: paused, checkpoint: data };
      }
      const info = (data.step_info[step.name] ??= { attempts: 0 });
      // A checkpoint from a run killed on its last attempt (or written with a larger bound).
      if (info.attempts >= this.maxAttempts) return this.abandon(data, step.name, info.last_error ?? 'too many attempts', { ...base, ran, skipped });
      info.attempts += 1;
      await persist();
      injectFault(`before:${step.name}`);
      let error: string | undefined;
      const t0 = debugOn() ? now() : undefined;
      try {
        const ok = await step.run(this.context(data, info.attempts));
        if (ok === false) error = `step ${step.name} reported failure`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      if (t0 !== undefined) debugLine('step', `${step.name} (run ${data.run_id}, attempt ${info.attempts}): ${error === undefined ? 'done' : `failed: ${error.split('\n')[0]}`}`, t0);
      if (error !== undefined) {
        info.last_error = error.slice(0, 2000);
        // The last allowed attempt failed: give up now, so this call's caller can go on to new work.
        if (info.attempts >= this.maxAttempts) return this.abandon(data, step.name, info.last_error, { ...base, ran, skipped });
        await this.checkpoint.write(data);
        return { ...base, status: 'failed', ran, skipped, failedStep: step.name, error, checkpoint: data };
      }
      data.steps[step.name] = 'done';
      delete info.last_error;
      info.finished_at = new Date().toISOString();
      ran.push(step.name);
      unsaved = step.name;
    }
    // The last step's "done" gets its own write so a kill before completion still reads as RESUME.
    if (unsaved) await persist();
    const paused = pausedBy(this.pauseFiles);
    if (paused) return { ...base, status: 'paused', ran, skipped, pausedBy: paused, checkpoint: data };
    data.status = 'completed';
    data.finished_at = new Date().toISOString();
    await this.checkpoint.write(data);
    return { ...base, status: 'completed', ran, skipped, checkpoint: data };
  }

  private async abandon(data: CheckpointData, step: string, reason: string, base: Pick<RunResult, 'runId' | 'resumed' | 'ran' | 'skipped'>): Promise<RunResult> {
    data.status = 'completed';
    data.finished_at = new Date().toISOString();
    data.abandoned = { step, reason };
    await this.checkpoint.write(data);
    // The hook must never fail because the report of a failure failed.
    await Promise.resolve(this.onAbandon?.(data, data.abandoned)).catch(() => undefined);
    return { ...base, status: 'abandoned', failedStep: step, error: reason, checkpoint: data };
  }

  private context(data: CheckpointData, attempt: number): StepContext {
    return {
      runId: data.run_id,
      startedAt: data.started_at,
      tag: data.tag,
      session: data.session,
      runDir: join(this.runsDir, data.run_id),
      attempt,
      meta: data.meta,
    };
  }
}
