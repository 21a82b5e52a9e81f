import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GitBackend, type OwnChange, type PublishResult } from '../git/git-backend.js';
import { GitError, SecretDetectedError } from '../errors.js';
import { shared as smsg } from '../messages/shared.js';
import { pausedBy } from '../pause.js';
import { removeStaleTemps } from '../io/atomic.js';
import { publish as msg } from '../messages/publish.js';
import { logLine } from './run-meta.js';
import { memoryRel, type Project } from '../project/project.js';

/** How many refused files one publish repairs before it gives up (and the engine's bound takes over). */
export const MAX_REPAIRS = 8;

/**
 * Our publish: a last scan of the memory files about to be committed (the store sanitised them
 * when it wrote them; this refuses hand edits and anything else that slipped in), then a commit
 * of our own paths only. A refusal is repaired, not retried as is: the offending file is redacted
 * in place (one log line each) and the publish runs again, so one secret that slipped in cannot
 * wedge every later handover on the same refusal.
 */
export async function publishMemory(p: Project, message: string): Promise<PublishResult> {
  for (let repaired = 0; ; repaired++) {
    try {
      return await publishOnce(p, message);
    } catch (err) {
      if (!(err instanceof SecretDetectedError) || !err.path || repaired >= MAX_REPAIRS) throw err;
      const { repairSecret } = await import('./repair-secret.js');
      const fix = await repairSecret(p, err.path);
      if (!fix) throw err;
      await logLine(p, 'publish', msg.secretRepaired(fix.path, fix.kinds.join(', ') || 'secret', fix.how));
    }
  }
}

async function publishOnce(p: Project, message: string): Promise<PublishResult> {
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) return { status: 'deferred', reason: 'paused', message: msg.paused(paused) };
  await removeStaleTemps(p.layout.memoryDir);
  // Shared mode: memory goes to its own ref through plumbing (which runs its own secret scan).
  if (p.config.git.mode === 'shared') return (await import('../sync/shared-ref.js')).publishShared(p, message);
  // Branch mode: never another's files, never a detached or unborn HEAD, never a timestamp-only commit.
  // One `git status` of our paths serves the guard, the scan and the commit alike.
  const backend = new GitBackend(p.root, {
    paths: [memoryRel(p)], push: p.config.git.push, remote: p.config.git.remote, sign: p.config.git.sign, ...(p.git ? { repo: p.git } : {}),
  });
  const guard = await import('./branch-guard.js');
  const held = await guard.branchModeGuard(p, () => backend.ownChanges());
  if (held?.status === 'unchanged') await backend.repairUserIndex();
  if (held) return held;
  const toRef = async (why: 'ignored' | 'sparse'): Promise<PublishResult> => {
    const r = await (await import('../sync/shared-ref.js')).publishShared(p, message);
    return { ...r, reason: `branch-${why}`, message: `${why === 'ignored' ? smsg.branchIgnored(memoryRel(p)) : smsg.branchSparse(memoryRel(p))} ${r.message}` };
  };
  if (await guard.branchUnfit(p)) return toRef('ignored');
  // The last scan runs before the backend stages anything: `git add` hashes files into
  // .git/objects, and a refused secret must not stay there as a dangling blob.
  await scanChangedMemory(p, await backend.ownChanges());
  try {
    return await backend.publish(message, { pausedBy: () => pausedBy(p.layout.pauseFiles) });
  } catch (err) {
    // A signer that fails (no gpg, no agent, no key) must not leave every later handover at RESUME: wait, say why.
    if (err instanceof GitError && (await guard.sparseCheckout(p))) return toRef('sparse');
    if (p.config.git.sign && err instanceof GitError) return { status: 'deferred', reason: 'signing-failed', message: smsg.signingFailed(err.message) };
    throw err;
  }
}

async function scanChangedMemory(p: Project, changes: OwnChange[]): Promise<void> {
  const { scanForSecrets } = await import('../redact/scan.js');
  const opts = { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow };
  // Deleted files carry nothing to scan.
  for (const { path: rel } of changes.filter((c) => c.xy[0] !== 'D' && c.xy[1] !== 'D')) {
    const text = await readFile(join(p.root, rel), 'utf8').catch(() => '');
    const found = await scanForSecrets(text, opts);
    if (found.length) {
      const kinds = [...new Set(found.map((f) => f.kind))].join(', ');
      throw new SecretDetectedError(msg.secretFound(rel, kinds), { path: join(p.root, rel), hint: msg.secretFix });
    }
  }
}
