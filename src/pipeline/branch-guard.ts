import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../git/git.js';
import { readHead } from '../git/loose-objects.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { OwnChange, PublishResult } from '../git/git-backend.js';
import { shared as msg } from '../messages/shared.js';
import { render as rmsg } from '../messages/render.js';
import { foreignMemoryFiles } from './memory-guard.js';
import { memoryRel, type Project } from '../project/project.js';

/** Front-matter keys that only say when a file was written (and by which event). */
const CLOCK_LINE = /^(?:as_of|updated_at|generated_at): .*$/gm;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The session note's provenance lines of the same kind: `- Updated: <when>`, `- Last event: <event>`. */
const PROVENANCE_CLOCK = new RegExp(`^- (?:${escape(rmsg.provenance.updated)}|${escape(rmsg.provenance.event)}): .*$`, 'gm');

function withoutClock(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CLOCK_LINE, '').replace(PROVENANCE_CLOCK, '');
}

/**
 * Branch mode, before any commit: the reasons a handover commit must wait (it lands with the next
 * publish, which commits the whole memory folder), or must be skipped because nothing but a
 * timestamp changed. Undefined: go ahead.
 */
export async function branchModeGuard(p: Project, ownChanges: () => Promise<OwnChange[]>): Promise<PublishResult | undefined> {
  const foreign = await foreignMemoryFiles(p);
  if (foreign.length) return { status: 'deferred', reason: 'foreign-files', message: `${msg.memoryRootForeign(memoryRel(p), foreign)} ${msg.memoryRootForeignFix}` };
  // HEAD read from .git when the layout is plain (no git process), else asked of git.
  const fast = p.git ? readHead(p.git) : undefined;
  const ref = fast ? fast.ref : (await git(p.root, ['symbolic-ref', '-q', 'HEAD'], { okCodes: [1, 128] })).code === 0 ? 'HEAD' : undefined;
  if (!ref) return { status: 'deferred', reason: 'detached-head', message: msg.deferredDetached };
  const born = fast ? !!fast.oid : (await git(p.root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [1, 128] })).code === 0;
  if (!born) return { status: 'deferred', reason: 'unborn-branch', message: msg.deferredUnborn };
  const clockOnly = await onlyClockChanged(p, await ownChanges());
  if (clockOnly) {
    // The committed copies go back on disk (our files only, written atomically, no index touched),
    // so a timestamp-only turn leaves neither a commit nor a modified memory/ in git status.
    for (const [file, text] of clockOnly) await writeFileAtomic(join(p.root, file), text);
    return { status: 'unchanged', message: msg.onlyTimestamps };
  }
  return undefined;
}

/**
 * Why branch mode cannot commit the memory folder on this branch at all: it is gitignored (a
 * natural way to keep notes local). Such handovers land in shared form (on the memory ref) instead
 * of failing on every run. Undefined: the branch can take them.
 */
export async function branchUnfit(p: Project): Promise<'ignored' | undefined> {
  const ignored = await git(p.root, ['check-ignore', '-q', '--', `${memoryRel(p)}/layer2/current-state.md`], { okCodes: [1, 128] });
  return ignored.code === 0 ? 'ignored' : undefined;
}

/** A sparse checkout is on: a failing `git add` of the memory folder then means it is outside the sparse set. */
export async function sparseCheckout(p: Project): Promise<boolean> {
  const r = await git(p.root, ['config', '--bool', 'core.sparseCheckout'], { okCodes: [1] });
  return r.stdout.trim() === 'true';
}

/**
 * When every memory file that differs from HEAD differs only in its timestamps (and none is new or
 * gone): those files with their committed text. Undefined otherwise.
 */
async function onlyClockChanged(p: Project, changes: OwnChange[]): Promise<Array<[string, string]> | undefined> {
  if (!changes.length || changes.some(({ xy }) => xy !== ' M' && xy !== 'M ' && xy !== 'MM')) return undefined;
  const out: Array<[string, string]> = [];
  for (const { path: f } of changes) {
    const [disk, committed] = await Promise.all([readFile(join(p.root, f), 'utf8').catch(() => undefined), git(p.root, ['show', `HEAD:${f}`], { okCodes: [128] })]);
    if (disk === undefined || committed.code !== 0 || withoutClock(disk) !== withoutClock(committed.stdout)) return undefined;
    out.push([f, committed.stdout]);
  }
  return out;
}
