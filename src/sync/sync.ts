import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../errors.js';
import { git } from '../git/git.js';
import { sync as msg } from '../messages/sync.js';
import { pausedBy } from '../pause.js';
import type { Project } from '../project/project.js';
import { casRef, hasCommit, isAncestor, readRef } from './git-objects.js';
import { mergeCommits } from './merge-commits.js';
import { REMOTE_TRACKING_REF, fetchMemory, pushMemory, remoteExists, remoteTip } from './remote.js';
import { materialise, publishShared, sharedContext, type MaterialiseResult, type SharedContext, type StepHook } from './shared-ref.js';
import { readSyncRecord, recordSync } from './sync-state.js';

export type SyncStatusWord = 'synced' | 'up-to-date' | 'offline' | 'no-remote' | 'paused' | 'skipped' | 'failed';

export interface SyncResult {
  ok: boolean;
  status: SyncStatusWord;
  /** True when the remote could not be reached: memory is safe locally and the next sync sends it. */
  offline?: boolean;
  error?: string;
  message: string;
  local?: string;
  remote?: string;
  merged: boolean;
  pushed: boolean;
  attempts: number;
  materialised: MaterialiseResult;
  at: string;
}

export interface SyncOptions {
  /** Extra rounds after a push the remote rejected because it moved (default config.sync.retries). */
  retries?: number;
  /** Fetch and merge into the local memory, but do not push (SessionStart). */
  fetchOnly?: boolean;
  /** Per network call (ls-remote, fetch, push); default 60 s. */
  timeoutMs?: number;
  /** Test seam: called between steps. */
  onStep?: StepHook;
  /** The remote to exchange with (default git.remote): the pre-push hook passes the one being pushed to. */
  remote?: string;
  /** false: do not commit the local view first (SessionStart: the Stops publish; no remote then costs one git call). */
  publish?: boolean;
}

export interface SyncStatus {
  mode: 'branch' | 'shared';
  ref: string;
  remote: string;
  local?: string;
  /** The remote ref as of the last fetch. */
  remoteTracking?: string;
  ahead: number;
  behind: number;
  lastSyncAt?: string;
  lastAttemptAt?: string;
  lastStatus?: string;
  lastError?: string;
}

/**
 * Exchanges shared-mode memory with the remote: publish the local view, fetch the remote ref,
 * merge (union layer1 and layer3, regenerate layer2) into a two-parent commit on the local ref,
 * bring the view up to it, push; a rejected push refetches and remerges, a bounded number of
 * times. Never throws: an unreachable remote gives `{ ok: false, offline: true }`.
 */
export async function syncMemory(p: Project, opts: SyncOptions = {}): Promise<SyncResult> {
  const at = new Date().toISOString();
  const base = { merged: false, pushed: false, attempts: 0, materialised: { written: 0, removed: 0 }, at };
  if (!p.isGitRepo) return { ...base, ok: false, status: 'skipped', message: msg.notARepo };
  if (p.config.git.mode !== 'shared') return { ...base, ok: true, status: 'skipped', message: msg.branchMode };
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) return { ...base, ok: false, status: 'paused', message: msg.paused(paused) };
  let result: SyncResult;
  try {
    result = await runSync(p, opts, base);
  } catch (err) {
    const error = describeError(err);
    result = { ...base, ok: false, status: 'failed', error, message: error };
  }
  if (result.status !== 'paused' && !pausedBy(p.layout.pauseFiles)) {
    await recordSync(p.layout, result).catch(() => undefined);
  }
  return result;
}

type Base = Pick<SyncResult, 'merged' | 'pushed' | 'attempts' | 'materialised' | 'at'>;

async function runSync(p: Project, opts: SyncOptions, base: Base): Promise<SyncResult> {
  const { ref } = p.config.git;
  const remote = opts.remote ?? p.config.git.remote;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const retries = Math.max(0, opts.retries ?? p.config.sync.retries);
  const ctx = await sharedContext(p);
  if (opts.publish !== false) {
    const published = await publishShared(p, 'agent-handover: sync (local memory)', { onStep: opts.onStep });
    if (published.status === 'deferred') return { ...base, ok: false, status: 'paused', message: published.message };
  }
  const r: SyncResult = { ...base, ok: false, status: 'failed', message: '' };
  if (!(await remoteExists(ctx.root, remote))) {
    const local = await readRef(ctx.root, ref);
    return { ...r, status: 'no-remote', error: msg.noRemote(remote), message: `${msg.noRemote(remote)} ${msg.noRemoteFix(remote)}`, ...(local ? { local } : {}) };
  }
  let lastSeen: string | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    r.attempts = attempt + 1;
    const tip = await remoteTip(ctx.root, remote, ref, timeoutMs);
    if (!tip.reachable) return offline(r, remote, tip.error, await readRef(ctx.root, ref));
    if (tip.oid) {
      r.remote = tip.oid;
      if (await hasCommit(ctx.root, tip.oid)) await trackRemote(ctx.root, tip.oid);
      else {
        const failed = await fetchMemory(ctx.root, remote, ref, timeoutMs);
        if (failed) return offline(r, remote, failed, await readRef(ctx.root, ref));
      }
    }
    await opts.onStep?.('fetched');
    const integrated = await integrate(p, ctx, tip.oid, opts);
    if (integrated === 'paused') return { ...r, status: 'paused', message: msg.paused(pausedBy(p.layout.pauseFiles) ?? 'PAUSE') };
    if (integrated === 'raced') continue;
    r.merged ||= integrated.merged;
    r.local = integrated.local;
    const m = await materialise(ctx, integrated.local);
    r.materialised = { written: r.materialised.written + m.written, removed: r.materialised.removed + m.removed };
    await opts.onStep?.('materialised');
    if (opts.fetchOnly || !integrated.local || integrated.local === tip.oid) {
      const changed = r.merged || r.materialised.written > 0 || r.materialised.removed > 0;
      return { ...r, ok: true, status: changed ? 'synced' : 'up-to-date', message: changed ? msg.result.synced(integrated.local ?? '') : msg.result.upToDate };
    }
    if (pausedBy(p.layout.pauseFiles)) return { ...r, status: 'paused', message: msg.paused(pausedBy(p.layout.pauseFiles)!) };
    const pushError = await pushMemory(ctx.root, remote, ref, timeoutMs);
    await opts.onStep?.('pushed');
    if (!pushError) {
      await trackRemote(ctx.root, integrated.local);
      return { ...r, ok: true, status: 'synced', pushed: true, remote: integrated.local, message: msg.result.synced(integrated.local) };
    }
    // A push fails because the remote moved (retry), went away (offline) or refuses us (stop).
    const now = await remoteTip(ctx.root, remote, ref, timeoutMs);
    if (!now.reachable) return offline(r, remote, pushError, integrated.local);
    if (now.oid === tip.oid) return { ...r, status: 'failed', error: msg.pushRefused(remote, ref, pushError), message: `${msg.pushRefused(remote, ref, pushError)} ${msg.pushRefusedFix}` };
    lastSeen = now.oid;
    await sleep(25 * 2 ** attempt + Math.floor(Math.random() * 25));
  }
  return { ...r, status: 'failed', error: msg.raced(r.attempts), message: msg.raced(r.attempts), ...(lastSeen ? { remote: lastSeen } : {}) };
}

/** Best effort: the tracking ref only feeds `--status`, and a lock held by another git must not fail a sync. */
async function trackRemote(root: string, oid: string): Promise<void> {
  await git(root, ['update-ref', REMOTE_TRACKING_REF, oid], { okCodes: [1, 128] });
}

function offline(r: SyncResult, remote: string, detail: string, local: string | undefined): SyncResult {
  return { ...r, ok: false, status: 'offline', offline: true, error: detail, message: msg.offline(remote, detail), ...(local ? { local } : {}) };
}

/** Brings the local memory ref up to the remote tip: nothing, fast-forward or merge, each by compare-and-swap. */
async function integrate(p: Project, ctx: SharedContext, remote: string | undefined, opts: SyncOptions): Promise<{ local: string | undefined; merged: boolean } | 'raced' | 'paused'> {
  const local = await readRef(ctx.root, ctx.ref);
  if (!remote || local === remote) return { local, merged: false };
  if (local && (await isAncestor(ctx.root, remote, local))) return { local, merged: false };
  let next = remote;
  let merged = false;
  if (local && !(await isAncestor(ctx.root, local, remote))) {
    next = await mergeCommits(ctx, local, remote, { staleAfterDays: p.config.staleAfterDays, toolVersion: p.store.toolVersion });
    merged = true;
    await opts.onStep?.('merged');
  }
  if (pausedBy(p.layout.pauseFiles)) return 'paused';
  let paused = false;
  const moved = await casRef(ctx.root, ctx.ref, next, local, merged ? msg.mergeSubject : 'agent-handover: fast-forward memory', () => !(paused = !!pausedBy(p.layout.pauseFiles)));
  if (paused) return 'paused';
  if (!moved) return 'raced';
  return { local: next, merged };
}

/** Ahead/behind against the last fetched remote ref, and the last sync's outcome; no network. */
export async function syncStatus(p: Project): Promise<SyncStatus> {
  const { mode, ref, remote } = p.config.git;
  const rec = await readSyncRecord(p.layout);
  const out: SyncStatus = { mode, ref, remote, ahead: 0, behind: 0 };
  if (rec.lastSuccessAt) out.lastSyncAt = rec.lastSuccessAt;
  if (rec.lastAttemptAt) out.lastAttemptAt = rec.lastAttemptAt;
  if (rec.lastStatus) out.lastStatus = rec.lastStatus;
  if (rec.lastError) out.lastError = rec.lastError;
  if (!p.isGitRepo) return out;
  const local = await readRef(p.root, ref);
  const tracking = await readRef(p.root, REMOTE_TRACKING_REF);
  if (local) out.local = local;
  if (tracking) out.remoteTracking = tracking;
  if (local && tracking) {
    const [a = '0', b = '0'] = (await git(p.root, ['rev-list', '--left-right', '--count', `${local}...${tracking}`])).stdout.trim().split(/\s+/);
    out.ahead = Number(a);
    out.behind = Number(b);
  } else if (local) out.ahead = Number((await git(p.root, ['rev-list', '--count', local])).stdout.trim());
  else if (tracking) out.behind = Number((await git(p.root, ['rev-list', '--count', tracking])).stdout.trim());
  return out;
}
