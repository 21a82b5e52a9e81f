import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForTest } from '../fixtures/bundle.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { parseArchive, renderArchive, unionEntries } from '../../src/store/archive.js';
import { regenerateCurrentState } from '../../src/render/current-state.js';
import { installMergeDrivers, uninstallMergeDrivers } from '../../src/install/merge-drivers.js';
import { shDoubleQuote } from '../../src/install/hook-command.js';
import { noteBody } from '../fixtures/memory-notes.js';

let driverScript = '';

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'ah-merge-driver-'));
  driverScript = join(out, 'merge-driver.mjs');
  await bundleForTest('test/fixtures/merge-driver-child.ts', driverScript);
  return () => rmSync(out, { recursive: true, force: true });
});

const conflictMarkers = /^(<{7}|={7}|>{7})( |$)/m;

/** One handover on the current branch: a note, the regenerated state and one more archive entry. */
async function handover(repo: TempRepo, session: string, at: string): Promise<void> {
  const store = new MemoryStore(join(repo.dir, 'memory'));
  const date = at.slice(0, 10);
  await store.writeSessionNote({ tag: 'handover', date, session, body: noteBody(session, `work in ${session}`, date), meta: { started_at: at, updated_at: at, summary: `work in ${session}` } });
  await regenerateCurrentState(store, { branch: repo.git('branch', '--show-current').trim(), uncommitted: [] }, { indexPath: join(repo.dir, '.agent-handover/index.json'), now: at });
  const path = store.archivePath('2026-06', 'handover');
  const old = existsSync(path) ? parseArchive(readFileSync(path, 'utf8')) : [];
  const merged = unionEntries(old, [{ id: `old-${session}`, meta: { id: `old-${session}` }, body: `archived with ${session}\n` }]);
  await store.writeArchive('2026-06', 'handover', renderArchive('2026-06 handover archive', merged), { notes: merged.length });
  repo.commitAll(`handover ${session}`);
}

async function divergedRepo(drivers: boolean): Promise<TempRepo> {
  const repo = makeTempRepo({ mode: 'branch' });
  repo.write('.gitignore', '.agent-handover/\n');
  if (drivers) await installMergeDrivers(repo.dir, `node ${shDoubleQuote(driverScript)}`);
  await handover(repo, 'base', '2026-08-01T10:00:00Z');
  repo.git('checkout', '-q', '-b', 'feature');
  await handover(repo, 'feature-session', '2026-08-02T10:00:00Z');
  repo.git('checkout', '-q', 'main');
  await handover(repo, 'main-session', '2026-08-03T10:00:00Z');
  return repo;
}

function merge(repo: TempRepo, ...args: string[]): number {
  return spawnSync('git', ['merge', '--no-edit', ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' }).status ?? -1;
}

describe('branch mode merge drivers', () => {
  it('without them, the same merge conflicts (the scenario is a real conflict)', async () => {
    const repo = await divergedRepo(false);
    expect(merge(repo, 'feature')).not.toBe(0);
  });

  it('a merge of two branches that each wrote a note, the state and an archive completes with both', async () => {
    const repo = await divergedRepo(true);
    expect(merge(repo, 'feature')).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-list', '--parents', '-1', 'HEAD').trim().split(' ')).toHaveLength(3);
    const state = readFileSync(join(repo.dir, 'memory/layer2/current-state.md'), 'utf8');
    expect(state).toContain('feature-session');
    expect(state).toContain('main-session');
    expect(state).toMatch(/^sessions: 3$/m);
    const archive = readFileSync(join(repo.dir, 'memory/layer3/2026-06-handover-archive.md'), 'utf8');
    expect(parseArchive(archive).map((e) => e.id).sort()).toEqual(['old-base', 'old-feature-session', 'old-main-session']);
    for (const f of repo.git('ls-files', 'memory').trim().split('\n')) expect(readFileSync(join(repo.dir, f), 'utf8')).not.toMatch(conflictMarkers);
  });

  it('a rebase resolves the same way', async () => {
    const repo = await divergedRepo(true);
    repo.git('checkout', '-q', 'feature');
    const r = spawnSync('git', ['rebase', 'main'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const state = readFileSync(join(repo.dir, 'memory/layer2/current-state.md'), 'utf8');
    expect(state).toContain('feature-session');
    expect(state).toContain('main-session');
    expect(parseArchive(readFileSync(join(repo.dir, 'memory/layer3/2026-06-handover-archive.md'), 'utf8'))).toHaveLength(3);
  });

  it('install is idempotent and uninstall gives the user their .gitattributes back', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, '.gitattributes'), '*.png binary\n');
    const cmd = `node ${shDoubleQuote(driverScript)}`;
    expect(await installMergeDrivers(repo.dir, cmd)).toEqual({ attributes: 'updated', config: 'updated' });
    expect(await installMergeDrivers(repo.dir, cmd)).toEqual({ attributes: 'unchanged', config: 'unchanged' });
    const attrs = readFileSync(join(repo.dir, '.gitattributes'), 'utf8');
    expect(attrs).toContain('memory/layer2/current-state.md merge=agent-handover-state');
    expect(attrs).toContain('memory/layer3/*.md merge=agent-handover-archive');
    expect(repo.git('check-attr', 'merge', 'memory/layer3/2026-06-handover-archive.md')).toContain('agent-handover-archive');
    expect(repo.git('config', '--get', 'merge.agent-handover-state.driver')).toContain('merge-driver current-state %O %A %B %P');
    await uninstallMergeDrivers(repo.dir);
    expect(readFileSync(join(repo.dir, '.gitattributes'), 'utf8')).toBe('*.png binary\n');
    const left = spawnSync('git', ['config', '--get-regexp', '^merge\\.agent-handover'], { cwd: repo.dir, env: repo.env });
    expect(left.status).toBe(1);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' })).toBe('?? .gitattributes\n');
  });
});
