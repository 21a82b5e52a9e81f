import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CustomStepSpec } from '../config/types.js';
import { Step } from '../engine/step.js';
import { HandoverError, ValidationError } from '../errors.js';
import { config as msg } from '../messages/config.js';
import { endLeftovers, signal, trackGroup, untrackGroup } from './step-groups.js';

export type { CustomStepSpec };

export interface CustomStepContext {
  root: string;
  factsPath: string;
  event: string;
  runId: string;
  /** The engine's attempt at this step (1 first, 2 after a failure or resume). */
  attempt: number;
  /** After the timeout, SIGTERM to the group, then SIGKILL this much later. Default 2000 ms. */
  killGraceMs?: number;
}

export interface CustomStepResult {
  ok: boolean;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last OUTPUT_TAIL_BYTES of stdout and stderr, interleaved as they came. */
  output: string;
  /** How many times the command ran (0 when it could not start). */
  tries: number;
  /** Processes of an earlier attempt of this step that were still running and were ended first. */
  leftovers?: number;
}

export const OUTPUT_TAIL_BYTES = 4096;
// After the command exits, a background child it left may still hold the pipes open; wait this long
// for them to close, then stop reading so the handover is never held hostage.
const DRAIN_MS = 300;
// Variables a git hook sets for its own process; a step running git from one must see the real repo.
const GIT_HOOK_VARS = ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_PREFIX'];

/** Whether a custom step acts on `event` (no `when:` means every event). */
export function stepAppliesTo(spec: Pick<CustomStepSpec, 'when'>, event: string): boolean {
  return !spec.when || (spec.when as string[]).includes(event);
}

/**
 * Runs a custom step's command once: a failed step is tried again by the engine, at the next
 * handover, within its attempt bound, never by a loop in here on top of that (`retries` in the
 * config is accepted and ignored). A string runs with `sh -c`, an array as argv. The command runs
 * in its own process group, killed whole on timeout and when the hook exits; what an earlier
 * attempt left running (its hook was SIGKILLed) is ended before this attempt starts. A failed
 * command is a result, not an exception; a cwd outside the root throws ValidationError.
 */
export async function runCustomStep(spec: CustomStepSpec, ctx: CustomStepContext): Promise<CustomStepResult> {
  const cwd = await insideRoot(ctx.root, spec.cwd ?? '.');
  if (!cwd.exists) return { ok: false, code: null, signal: null, timedOut: false, output: msg.cwdMissing(cwd.path), tries: 0 };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of GIT_HOOK_VARS) delete env[k];
  Object.assign(env, spec.env, {
    AGENT_HANDOVER_FACTS: ctx.factsPath,
    AGENT_HANDOVER_EVENT: ctx.event,
    AGENT_HANDOVER_RUN_ID: ctx.runId,
    AGENT_HANDOVER_ATTEMPT: String(ctx.attempt),
    AGENT_HANDOVER_STEP: spec.name,
    AGENT_HANDOVER_ROOT: resolve(ctx.root),
  });
  const leftovers = ctx.attempt > 1 ? endLeftovers({ runId: ctx.runId, step: spec.name, root: resolve(ctx.root) }) : 0;
  const once = await runOnce(spec, cwd.path, env, ctx.killGraceMs ?? 2000);
  return { ...once, tries: once.started ? 1 : 0, ...(leftovers ? { leftovers } : {}) };
}

async function insideRoot(root: string, cwd: string): Promise<{ path: string; exists: boolean }> {
  const absRoot = resolve(root);
  const target = resolve(absRoot, cwd);
  const escapes = (base: string, p: string) => {
    const rel = relative(base, p);
    return rel === '..' || rel.startsWith('../') || isAbsolute(rel);
  };
  if (escapes(absRoot, target)) throw new ValidationError(msg.cwdEscapes(cwd, absRoot), { hint: msg.cwdFix, path: target });
  // A symlink inside the project may lead out of it.
  const [realRoot, realTarget] = await Promise.all([realpath(absRoot), realpath(target).catch(() => undefined)]);
  if (realTarget && escapes(realRoot, realTarget)) throw new ValidationError(msg.cwdEscapes(cwd, absRoot), { hint: msg.cwdFix, path: target });
  return { path: target, exists: realTarget !== undefined };
}

function runOnce(spec: CustomStepSpec, cwd: string, env: NodeJS.ProcessEnv, killGraceMs: number): Promise<Omit<CustomStepResult, 'tries'> & { started: boolean }> {
  const [cmd, args] = typeof spec.run === 'string' ? ['sh', ['-c', spec.run]] : [spec.run[0] ?? '', spec.run.slice(1)];
  const tail = new Tail(OUTPUT_TAIL_BYTES);
  return new Promise((done) => {
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      // An empty argv or a NUL byte throws synchronously instead of emitting 'error'.
      done({ ok: false, code: null, signal: null, timedOut: false, output: msg.spawnFailed((err as Error).message), started: false });
      return;
    }
    const group = child.pid;
    if (group) trackGroup(group);
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid) signal(-child.pid, sig);
    };
    const finish = (code: number | null, signal: string | null, extra?: string) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      if (group) untrackGroup(group);
      if (extra) tail.push(Buffer.from(`${tail.size ? '\n' : ''}${extra}\n`));
      done({ ok: !timedOut && code === 0, code, signal, timedOut, output: tail.text(), started: !!group });
    };
    child.stdout!.on('data', (b: Buffer) => tail.push(b));
    child.stderr!.on('data', (b: Buffer) => tail.push(b));
    child.on('error', (err) => finish(null, null, msg.spawnFailed(err.message)));
    timers.push(
      setTimeout(() => {
        timedOut = true;
        killGroup('SIGTERM');
        timers.push(setTimeout(() => killGroup('SIGKILL'), killGraceMs));
      }, spec.timeout * 1000),
    );
    child.on('exit', (code, signal) => {
      // After a timeout nothing the step started may outlive it, even if the leader went quietly.
      if (timedOut) killGroup('SIGKILL');
      const close = () => finish(code, signal, timedOut ? msg.killedAfter(spec.timeout) : undefined);
      const drain = setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        close();
      }, DRAIN_MS);
      child.on('close', () => {
        clearTimeout(drain);
        close();
      });
    });
  });
}

class Tail {
  private chunks: Buffer[] = [];
  size = 0;
  constructor(private readonly max: number) {}
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.max) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    // Cutting may split a UTF-8 sequence; drop the broken lead rather than print a replacement char.
    return all.subarray(Math.max(0, all.length - this.max)).toString('utf8').replace(/^\uFFFD+/, '');
  }
}

/**
 * The engine's view of a custom step: skipped (done) for events outside `when:`, fails with the
 * output tail when the command fails, so the checkpoint keeps it pending for the next run.
 */
export function customStepAsStep(spec: CustomStepSpec, root: string): Step {
  return new Step(spec.name, async (ctx) => {
    const event = typeof ctx.meta.event === 'string' ? ctx.meta.event : 'run';
    if (!stepAppliesTo(spec, event)) return true;
    const r = await runCustomStep(spec, {
      root,
      factsPath: join(ctx.runDir, 'facts.json'),
      event,
      runId: ctx.runId,
      attempt: ctx.attempt,
    });
    if (!r.ok) {
      const head = msg.stepFailed(spec.name, r.code, r.signal, r.timedOut, spec.timeout);
      throw new HandoverError('CUSTOM_STEP_FAILED', r.output ? `${head}:\n${r.output}` : head, { hint: msg.stepFailedFix(spec.name) });
    }
    return true;
  });
}
