import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishShared, materialise, sharedContext } from '../../../src/sync/shared-ref.js';
import { readRef } from '../../../src/sync/git-objects.js';
import { SecretDetectedError } from '../../../src/errors.js';
import { sharedClones, writeNote, userState, type Clone } from '../../fixtures/shared-clones.js';
import { noteText } from '../../fixtures/memory-notes.js';

const REF = 'refs/heads/agent-handover/memory';

function treeFiles(c: Clone, ref = REF): string[] {
  return c.git('ls-tree', '-r', '--name-only', ref).trim().split('\n').filter(Boolean).sort();
}

/** Staged, unstaged and stashed work of the user's own. */
function userWork(c: Clone): void {
  writeFileSync(join(c.dir, 'src/app.txt'), 'stashed\n');
  c.git('stash', 'push', '-q', '-m', 'user stash');
  writeFileSync(join(c.dir, 'src/app.txt'), 'app, unstaged edit\n');
  writeFileSync(join(c.dir, 'src/new.txt'), 'staged\n');
  c.git('add', 'src/new.txt');
}

describe('publishShared', () => {
  it('commits memory to its own ref and leaves the branch, HEAD, index, work tree and stash alone', async () => {
    const { clones: [c] } = sharedClones(1);
    userWork(c!);
    const before = userState(c!);
    const p = await c!.project();
    await writeNote(p, 's1', '2026-08-01T10:00:00Z');
    const r = await publishShared(p, 'agent-handover: stop s1');
    expect(r.status).toBe('committed');
    expect(await readRef(p.root, REF)).toBe(r.commit);
    expect(treeFiles(c!)).toEqual(['memory/layer1/2026-08/handover-2026-08-01-s1.md']);
    expect(c!.git('log', '-1', '--format=%B', REF)).toContain('Agent-Handover: yes');
    expect(userState(c!)).toEqual(before);
    expect(readFileSync(join(c!.dir, '.git/info/exclude'), 'utf8')).toContain('/.agent-handover/');
    // The readable copy lives in our own folder, never where a user's memory/ could be.
    expect(existsSync(join(c!.dir, '.agent-handover/memory/layer1/2026-08/handover-2026-08-01-s1.md'))).toBe(true);
    expect(existsSync(join(c!.dir, 'memory'))).toBe(false);
    expect((await publishShared(p, 'again')).status).toBe('unchanged');
  });

  it('lays a stale view over the ref: nothing deleted, nothing reverted, and the view catches up', async () => {
    const { clones: [c] } = sharedClones(1);
    const p = await c!.project();
    const s1 = await writeNote(p, 's1', '2026-08-01T10:00:00Z', 'first');
    const s2 = await writeNote(p, 's2', '2026-08-02T10:00:00Z');
    await publishShared(p, 'one');
    const newer = noteText('s1', '2026-08-01T12:00:00Z', 'second');
    writeFileSync(s1, newer);
    await publishShared(p, 'two');
    // A crash left the view behind the ref: an older copy of s1, s2 missing.
    writeFileSync(s1, noteText('s1', '2026-08-01T10:00:00Z', 'first'));
    rmSync(s2);
    const s3 = await writeNote(p, 's3', '2026-08-03T10:00:00Z');
    const r = await publishShared(p, 'three');
    expect(r.status).toBe('committed');
    expect(treeFiles(c!)).toHaveLength(3);
    expect(c!.git('show', `${REF}:memory/layer1/2026-08/handover-2026-08-01-s1.md`)).toBe(newer);
    expect(readFileSync(s1, 'utf8')).toBe(newer);
    expect(existsSync(s2)).toBe(true);
    expect(existsSync(s3)).toBe(true);
  });

  it('a publish stopped between any two plumbing steps leaves the ref whole, and the next one lands', async () => {
    for (const step of ['read', 'commit', 'update-ref']) {
      const { clones: [c] } = sharedClones(1);
      const p = await c!.project();
      await writeNote(p, 'a', '2026-08-01T10:00:00Z');
      await publishShared(p, 'a');
      const tip = await readRef(p.root, REF);
      await writeNote(p, 'b', '2026-08-02T10:00:00Z');
      await expect(publishShared(p, 'b', { onStep: (s) => { if (s === step) throw new Error(`killed at ${s}`); } })).rejects.toThrow(`killed at ${step}`);
      const after = await readRef(p.root, REF);
      expect(step === 'update-ref' ? after !== tip : after === tip).toBe(true);
      expect(c!.git('fsck', '--no-dangling').trim()).toBe('');
      await publishShared(p, 'b again');
      expect(treeFiles(c!)).toHaveLength(2);
    }
  });

  it('PAUSE created at any step of a publish: the ref does not move, the view is not rewritten, and the publish says paused', async () => {
    for (const step of ['read', 'commit']) {
      const { clones: [c] } = sharedClones(1);
      const p = await c!.project();
      await writeNote(p, 'a', '2026-08-01T10:00:00Z');
      await publishShared(p, 'a');
      const tip = await readRef(p.root, REF);
      await writeNote(p, 'b', '2026-08-02T10:00:00Z');
      const r = await publishShared(p, 'b', { onStep: (s) => { if (s === step) writeFileSync(join(c!.dir, 'PAUSE'), ''); } });
      expect(r.status, step).toBe('deferred');
      expect(r.reason).toBe('paused');
      expect(await readRef(p.root, REF), step).toBe(tip);
      // PAUSE never shows in git status: install-hooks and the first publish keep it in .git/info/exclude.
      expect(c!.git('status', '--porcelain'), step).toBe('');
    }
  });

  // 30 here; `AH_PAUSE_RUNS=200 npx vitest run test/unit/shared-ref.test.ts` for the long version.
  const runs = Number(process.env.AH_PAUSE_RUNS ?? 30);
  it(`PAUSE created at a random moment of ${runs} publishes: whenever the ref moved, it moved before PAUSE existed`, async () => {
    const { clones: [c] } = sharedClones(1);
    const p = await c!.project();
    const pause = join(c!.dir, 'PAUSE');
    const refFile = join(c!.dir, '.git', 'refs', 'heads', 'agent-handover', 'memory');
    let landed = 0;
    let stopped = 0;
    // The PAUSE moments span 0 to 3 times an unpaused publish on this machine now, so both outcomes occur whatever the load.
    await writeNote(p, 's', '2026-08-01T10:00:00Z', 'warm-up');
    const t0 = performance.now();
    await publishShared(p, 'warm-up');
    const span = 3 * (performance.now() - t0);
    for (let i = 0; i < runs; i++) {
      await writeNote(p, 's', '2026-08-01T10:00:00Z', `turn ${i}`);
      const before = await readRef(p.root, REF);
      const timer = setTimeout(() => writeFileSync(pause, ''), ((i * 37) % runs) / runs * span);
      const r = await publishShared(p, `turn ${i}`);
      clearTimeout(timer);
      const after = await readRef(p.root, REF);
      if (existsSync(pause) && after !== before) {
        // The ref file is written while git holds its lock, before PAUSE is asked for the last time.
        expect(statSync(refFile, { bigint: true }).mtimeNs <= statSync(pause, { bigint: true }).mtimeNs, `run ${i}`).toBe(true);
      }
      if (r.status === 'committed') landed++;
      else stopped++;
      rmSync(pause, { force: true });
    }
    // Both outcomes happened, so the loop really raced PAUSE against the commit.
    expect(landed).toBeGreaterThan(0);
    expect(stopped).toBeGreaterThan(0);
  }, 600_000);

  it('refuses to commit a secret to the ref', async () => {
    const { clones: [c] } = sharedClones(1);
    const p = await c!.project();
    // The store redacts what it writes, so the secret arrives as a hand edit of the file on disk.
    const path = await writeNote(p, 's1', '2026-08-01T10:00:00Z');
    writeFileSync(path, readFileSync(path, 'utf8') + 'key AKIAIOSFODNN7EXAMPLQ and ghp_abcdefghijklmnopqrstuvwxyz0123456789\n');
    await expect(publishShared(p, 'secret')).rejects.toBeInstanceOf(SecretDetectedError);
    expect(await readRef(p.root, REF)).toBeUndefined();
  });

  it('worktrees of one repository share one memory', async () => {
    const { clones: [c] } = sharedClones(1);
    const wt = join(c!.dir, '..', 'wt2');
    c!.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const p1 = await c!.project();
    const { loadProject } = await import('../../../src/project/project.js');
    const p2 = await loadProject(wt);
    await writeNote(p1, 'main-session', '2026-08-01T10:00:00Z');
    await publishShared(p1, 'from main');
    await writeNote(p2, 'feature-session', '2026-08-01T11:00:00Z');
    await publishShared(p2, 'from feature');
    expect(treeFiles(c!)).toHaveLength(2);
    // The first work tree's view picks up the other's note on its next publish (or sync).
    await materialise(await sharedContext(p1), await readRef(p1.root, REF));
    expect(existsSync(join(c!.dir, '.agent-handover/memory/layer1/2026-08/handover-2026-08-01-feature-session.md'))).toBe(true);
    expect(c!.git('status', '--porcelain')).toBe('');
  });
});
