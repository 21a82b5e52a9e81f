import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { cli, hook } from '../helpers/cli-io.js';
import { sessionFacts } from '../helpers/facts.js';
import { fixtureNotes, SESSIONS } from '../refine/fixture.js';
import { renderSessionNote } from '../../src/render/session-note.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { loadProject } from '../../src/project/project.js';
import { refineLooksDue, REFINE_DUE } from '../../src/refine/due.js';
import { refineInBackground } from '../../src/refine/background.js';
import { REFINE_ENV, startRefineIfDue } from '../../src/refine/schedule.js';
import type { Capture } from '../../src/session/facts.js';

// Branch mode keeps the memory in memory/ of the work tree, where these tests read it.
const MEM = 'memory';

async function plant(repo: TempRepo, sessions = SESSIONS): Promise<void> {
  const store = new MemoryStore(join(repo.dir, MEM));
  const { planted } = fixtureNotes();
  for (const s of sessions) {
    const at = `${s.date}T09:30:00.000Z`;
    const captures: Capture[] = planted.filter((p) => p.session === s.session).map((p) => ({ id: p.id, kind: p.kind, text: p.text, at, session: s.session }));
    const { body, meta } = renderSessionNote(sessionFacts(s.session, s.date, { captures }));
    await store.writeSessionNote({ tag: 'main', date: s.date, session: s.session, body, meta });
  }
}

function topics(dir: string): Record<string, string> {
  const t = join(dir, MEM, 'topics');
  return existsSync(t) ? Object.fromEntries(readdirSync(t).sort().map((n) => [n, readFileSync(join(t, n), 'utf8')])) : {};
}

async function until(what: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting for the background refine');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const log = (repo: TempRepo) => (existsSync(join(repo.dir, '.agent-handover', 'log')) ? readFileSync(join(repo.dir, '.agent-handover', 'log'), 'utf8') : '');

describe('refine between sessions', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[REFINE_ENV];
    delete process.env[REFINE_ENV];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[REFINE_ENV];
    else process.env[REFINE_ENV] = saved;
  });

  it('a Stop starts it in the background when due; it writes the pages `refine` would write', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await plant(repo);
    const r = await hook('stop', { session_id: 'stop-refines', hook_event_name: 'Stop', stop_hook_active: false, cwd: repo.dir }, repo.dir, { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir, [REFINE_ENV]: '' });
    expect(r.exitCode).toBe(0);
    await until(() => /refined in the background/.test(log(repo)));
    const pages = topics(repo.dir);
    expect(Object.keys(pages).length).toBeGreaterThan(0);
    expect(log(repo)).toMatch(/refined in the background: \d+ items \u2192 \d+ facts, \d+ topic pages written/);
    // The same pages as a refine by hand over the same notes: it finds nothing to write.
    const again = await cli(repo.dir, ['refine']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).not.toMatch(/^write /m);
    expect(topics(repo.dir)).toEqual(pages);
  }, 90_000);

  it('SessionStart starts it too, and answers with the context all the same', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await plant(repo);
    const r = await hook('session-start', { session_id: 'start-refines', hook_event_name: 'SessionStart', source: 'startup', cwd: repo.dir }, repo.dir, { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Use pnpm for installs');
    await until(() => /refined in the background/.test(log(repo)));
    expect(Object.keys(topics(repo.dir)).length).toBeGreaterThan(0);
  }, 90_000);

  it('is due with no checkpoint, not right after a refine, due after new notes, and a day on only if a note changed', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const root = join(repo.dir, MEM);
    const cp = join(repo.dir, '.agent-handover', 'refine.json');
    expect(await refineLooksDue(root, cp, new Date().toISOString())).toBe(false);
    await plant(repo);
    expect(await refineLooksDue(root, cp, new Date().toISOString())).toBe(true);
    expect((await cli(repo.dir, ['refine'])).code).toBe(0);
    const now = new Date().toISOString();
    expect(await refineLooksDue(root, cp, now)).toBe(false);
    const dayOn = new Date(Date.now() + REFINE_DUE.afterMs + 1000).toISOString();
    expect(await refineLooksDue(root, cp, dayOn)).toBe(false);
    const store = new MemoryStore(root);
    for (let i = 0; i < REFINE_DUE.newNotes - 1; i++) {
      const { body, meta } = renderSessionNote(sessionFacts(`new-${i}`, '2026-04-01'));
      await store.writeSessionNote({ tag: 'main', date: '2026-04-01', session: `new-${i}`, body, meta });
    }
    expect(await refineLooksDue(root, cp, now)).toBe(false);
    expect(await refineLooksDue(root, cp, dayOn)).toBe(true);
    const { body, meta } = renderSessionNote(sessionFacts('new-last', '2026-04-01'));
    await store.writeSessionNote({ tag: 'main', date: '2026-04-01', session: 'new-last', body, meta });
    expect(await refineLooksDue(root, cp, now)).toBe(true);
  });

  it('one worker at a time: a second one finds the lock taken and does nothing', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await plant(repo);
    const p = await loadProject(repo.dir);
    const input = { store: p.store, indexPath: join(p.layout.stateDir, 'index.json'), checkpointPath: join(p.layout.stateDir, 'refine.json'), gitRoot: p.root, memoryRel: MEM, now: new Date().toISOString() };
    await Promise.all([refineInBackground(p, input), refineInBackground(p, input)]);
    expect(log(repo).match(/refined in the background/g)).toHaveLength(1);
    // Not due any more: a third run leaves the log as it was.
    await refineInBackground(p, input);
    expect(log(repo).match(/refined in the background/g)).toHaveLength(1);
  });

  it('`refine: { auto: false }` in the config turns it off; `refine` by hand still works', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await plant(repo);
    repo.write('.agent-handover.yml', 'git:\n  mode: branch\nrefine:\n  auto: false\n');
    const off = await loadProject(repo.dir);
    expect(off.config.refine.auto).toBe(false);
    expect(await startRefineIfDue(off, {})).toBe(false);
    const r = await hook('stop', { session_id: 'stop-no-refine', hook_event_name: 'Stop', stop_hook_active: false, cwd: repo.dir }, repo.dir, { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir, [REFINE_ENV]: '' });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(repo.dir, '.agent-handover', 'refine.json'))).toBe(false);
    expect(topics(repo.dir)).toEqual({});
    expect((await cli(repo.dir, ['refine'])).code).toBe(0);
    expect(Object.keys(topics(repo.dir)).length).toBeGreaterThan(0);
  }, 90_000);

  it('never under PAUSE', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await plant(repo);
    repo.write('PAUSE', '');
    const r = await cli(repo.dir, ['refine', '--if-due']);
    expect(r.code).toBe(0);
    expect(topics(repo.dir)).toEqual({});
    expect(existsSync(join(repo.dir, '.agent-handover', 'refine.json'))).toBe(false);
  });

  it('a PAUSE that appears while it works leaves every file as it was', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await plant(repo);
    const p = await loadProject(repo.dir);
    const { runRefine } = await import('../../src/refine/run-refine.js');
    const r = await runRefine({ store: p.store, indexPath: join(p.layout.stateDir, 'index.json'), checkpointPath: join(p.layout.stateDir, 'refine.json'), gitRoot: p.root, memoryRel: MEM, now: new Date().toISOString(), mayWrite: () => false });
    expect(r.written).toBe(false);
    expect(r.pages.length).toBeGreaterThan(0);
    expect(topics(repo.dir)).toEqual({});
    for (const f of ['refine.json', 'refined.json', 'refine-clusters.json', 'index.json']) expect(existsSync(join(p.layout.stateDir, f)), f).toBe(false);
  });
});
