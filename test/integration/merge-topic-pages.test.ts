import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForTest } from '../fixtures/bundle.js';
import { makeTempRepo, repoIn, tempDir, type TempRepo } from '../helpers/repo.js';
import { sessionFacts } from '../helpers/facts.js';
import { COMMITS, fixtureNotes, SESSIONS } from '../refine/fixture.js';
import { renderSessionNote } from '../../src/render/session-note.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { runRefine } from '../../src/refine/run-refine.js';
import { installMergeDrivers } from '../../src/install/merge-drivers.js';
import { shDoubleQuote } from '../../src/install/hook-command.js';
import type { Capture } from '../../src/session/facts.js';

// Branch mode: topic pages are committed on the branch, so two branches that each refined their
// own notes change the same pages. The topic driver refines them again from both sides' notes.

let driverScript = '';
beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'ah-topic-driver-'));
  driverScript = join(out, 'merge-driver.mjs');
  await bundleForTest('test/fixtures/merge-driver-child.ts', driverScript);
  return () => rmSync(out, { recursive: true, force: true });
});

const conflictMarkers = /^(<{7}|={7}|>{7})( |$)/m;
const { planted } = fixtureNotes();

/** Writes the fixture's sessions and commits picked by index as notes and commits, refines, commits the memory. */
async function work(repo: TempRepo, which: (i: number) => boolean, commits: (i: number) => boolean, label: string): Promise<void> {
  const store = new MemoryStore(join(repo.dir, 'memory'));
  for (const [i, s] of SESSIONS.entries()) {
    if (!which(i)) continue;
    const at = `${s.date}T09:30:00.000Z`;
    const captures: Capture[] = planted.filter((p) => p.session === s.session).map((p) => ({ id: p.id, kind: p.kind, text: p.text, at, session: s.session }));
    for (const id of s.closes ?? []) captures.push({ id: `x-${id.slice(2)}`, kind: 'done', text: id, at, session: s.session, closes: id });
    const { body, meta } = renderSessionNote(sessionFacts(s.session, s.date, { captures, ...(s.summary ? { manualNote: s.summary } : {}) }));
    await store.writeSessionNote({ tag: 'main', date: s.date, session: s.session, body, meta });
  }
  COMMITS.forEach((c, i) => {
    if (!commits(i)) return;
    for (const f of c.files) repo.write(f, `${c.subject} (${label})\n`);
    repo.git('add', '--', ...c.files);
    execFileSync('git', ['commit', '-q', '-m', c.subject], { cwd: repo.dir, env: { ...repo.env, GIT_COMMITTER_DATE: `${c.date}T12:00:00Z`, GIT_AUTHOR_DATE: `${c.date}T12:00:00Z` } });
  });
  await refine(repo);
  repo.commitAll(`handover ${label}`);
}

async function refine(repo: TempRepo) {
  return runRefine({ store: new MemoryStore(join(repo.dir, 'memory')), indexPath: join(repo.dir, '.agent-handover/index.json'), checkpointPath: join(repo.dir, '.agent-handover/refine.json'), gitRoot: repo.dir, memoryRel: 'memory', now: '2026-04-01T00:00:00.000Z' });
}

function topics(dir: string): Record<string, string> {
  const t = join(dir, 'memory', 'topics');
  return existsSync(t) ? Object.fromEntries(readdirSync(t).sort().map((n) => [n, readFileSync(join(t, n), 'utf8')])) : {};
}

function merge(repo: TempRepo, other: string): number {
  return spawnSync('git', ['merge', '--no-edit', other], { cwd: repo.dir, env: repo.env, encoding: 'utf8' }).status ?? -1;
}

async function diverged(): Promise<TempRepo> {
  const repo = makeTempRepo({ mode: 'branch' });
  repo.write('.gitignore', '.agent-handover/\n');
  await installMergeDrivers(repo.dir, `node ${shDoubleQuote(driverScript)}`);
  repo.commitAll('drivers');
  const n = SESSIONS.length;
  await work(repo, (i) => i < n / 3, (i) => i < 3, 'base');
  repo.git('checkout', '-q', '-b', 'feature');
  await work(repo, (i) => i >= n / 3 && i % 2 === 0, (i) => i >= 3 && i % 2 === 0, 'feature');
  repo.git('checkout', '-q', 'main');
  await work(repo, (i) => i >= n / 3 && i % 2 === 1, (i) => i >= 3 && i % 2 === 1, 'main');
  return repo;
}

describe('branch mode: topic pages merge by being refined again', () => {
  it('merging either way gives byte-identical topic pages, the ones refine writes after the merge', async () => {
    const repo = await diverged();
    const base = repo.git('merge-base', 'main', 'feature').trim();
    const onBoth = (b: string) => new Set(repo.git('diff', '--name-only', base, b, '--', 'memory/topics').trim().split('\n').filter(Boolean));
    const main = onBoth('main');
    const both = [...onBoth('feature')].filter((f) => main.has(f));
    // The scenario is a real conflict: pages changed on both branches.
    expect(both.length).toBeGreaterThan(0);

    // Machine A merges feature into main; machine B (a clone) merges main into feature.
    const b = repoIn(join(tempDir(), 'b'), join(tempDir(), 'home-b'));
    execFileSync('git', ['clone', '-q', '--no-local', repo.dir, b.dir], { env: b.env });
    await installMergeDrivers(b.dir, `node ${shDoubleQuote(driverScript)}`);
    b.git('checkout', '-q', 'feature');
    expect(merge(repo, 'feature')).toBe(0);
    expect(merge(b, 'origin/main')).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('');
    const [ta, tb] = [topics(repo.dir), topics(b.dir)];
    for (const text of Object.values(ta)) expect(text).not.toMatch(conflictMarkers);
    expect(tb).toEqual(ta);
    // Every page changed on both sides is what refine derives from the merged notes and commits.
    const r = await refine(repo);
    for (const rel of both) {
      const plan = r.pages.find((p) => `memory/${p.rel}` === rel);
      if (plan) expect(plan.state, rel).toBe('unchanged');
    }
    // A page only one side changed is that side's (git runs no driver for it) until the next refine,
    // which is due after a merge brought notes; then both machines agree again.
    await refine(b);
    expect(topics(b.dir)).toEqual(topics(repo.dir));
  }, 60_000);
});
