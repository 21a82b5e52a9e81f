import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, repoIn, tempDir, type TempRepo } from '../helpers/repo.js';
import { cli, hook } from '../helpers/cli-io.js';
import { sessionFacts } from '../helpers/facts.js';
import { renderSessionNote } from '../../src/render/session-note.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Capture } from '../../src/session/facts.js';
import { COMMITS, fixtureNotes, SESSIONS } from '../refine/fixture.js';
import { refineDue, REFINE_DUE } from '../../src/refine/run-refine.js';
import { loadProject } from '../../src/project/project.js';
import { publishShared } from '../../src/sync/shared-ref.js';
import { syncMemory } from '../../src/sync/sync.js';

/** Shared mode (the default): the readable memory is .agent-handover/memory; it is committed on the memory ref. */
const MEM = join('.agent-handover', 'memory');

/**
 * The planted fixture as real layer1 notes, published to the memory ref as a handover would, and its
 * commits as real commits with their dates on the user's branch.
 */
async function plantFixture(repo: TempRepo): Promise<void> {
  const p = await loadProject(repo.dir);
  const store = p.store;
  const { planted } = fixtureNotes();
  for (const s of SESSIONS) {
    const at = `${s.date}T09:30:00.000Z`;
    const captures: Capture[] = planted.filter((p) => p.session === s.session).map((p) => ({ id: p.id, kind: p.kind, text: p.text, at, session: s.session }));
    for (const id of s.closes ?? []) captures.push({ id: `x-${id.slice(2)}`, kind: 'done', text: id, at, session: s.session, closes: id });
    const { body, meta } = renderSessionNote(sessionFacts(s.session, s.date, { captures, ...(s.summary ? { manualNote: s.summary } : {}) }));
    await store.writeSessionNote({ tag: 'main', date: s.date, session: s.session, body, meta });
  }
  expect(await publishShared(p, 'memory: planted notes', { scan: false })).toMatchObject({ status: 'committed' });
  for (const c of COMMITS) {
    for (const f of c.files) repo.write(f, `${c.subject}\n`);
    repo.git('add', '-A');
    execFileSync('git', ['commit', '-q', '-m', c.subject], { cwd: repo.dir, env: { ...repo.env, GIT_COMMITTER_DATE: `${c.date}T12:00:00Z`, GIT_AUTHOR_DATE: `${c.date}T12:00:00Z` } });
  }
}

function topics(dir: string): Record<string, string> {
  const t = join(dir, MEM, 'topics');
  if (!existsSync(t)) return {};
  return Object.fromEntries(readdirSync(t).sort().map((n) => [n, readFileSync(join(t, n), 'utf8')]));
}

describe('agent-handover refine', () => {
  it('two clones refining the same notes write byte-identical topic pages', async () => {
    const origin = makeTempRepo();
    await plantFixture(origin);
    const base = tempDir();
    const clones = ['a', 'b'].map((n) => {
      const c = repoIn(join(base, n), join(base, `home-${n}`));
      execFileSync('git', ['clone', '-q', origin.dir, c.dir], { env: c.env });
      return c;
    });
    const outs = [];
    for (const c of clones) {
      // A fresh clone has the memory on origin's ref; sync brings it into the clone's view.
      expect(await syncMemory(await loadProject(c.dir))).toMatchObject({ ok: true });
      expect(existsSync(join(c.dir, MEM, 'layer1'))).toBe(true);
      const r = await cli(c.dir, ['refine']);
      expect(r.code, r.err).toBe(0);
      outs.push(r.out);
    }
    const [a, b] = clones.map((c) => topics(c.dir));
    expect(Object.keys(a!).length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(outs[1]).toBe(outs[0]);
    // A second refine over the same notes changes nothing.
    const again = await cli(clones[0]!.dir, ['refine']);
    expect(again.out).not.toMatch(/^write /m);
    expect(topics(clones[0]!.dir)).toEqual(a);
  });

  it('the context shows refined facts once refine has run: counts, no superseded decision, no follow-up closed by id', async () => {
    const repo = makeTempRepo();
    await plantFixture(repo);
    const before = await cli(repo.dir, ['context', '--budget', '10000']);
    expect(before.out).toContain('Use pnpm for installs');
    expect(before.out).toContain('Limit vitest to 2 threads in CI');
    expect((await cli(repo.dir, ['refine'])).code).toBe(0);
    const after = await cli(repo.dir, ['context', '--budget', '10000']);
    expect(after.code).toBe(0);
    expect(after.out).not.toContain('Use pnpm for installs');
    expect(after.out).toContain('Go back to npm for installs');
    expect(after.out).not.toContain('Limit vitest to 2 threads in CI');
    expect(after.out).toMatch(/ \(\u00d72\) \([gd]-/);
    console.log(`refine context: ${before.out.length} -> ${after.out.length} characters at budget 10000`);
  });

  it('--dry-run shows every merge, closure, supersession and page, and writes nothing', async () => {
    const repo = makeTempRepo();
    await plantFixture(repo);
    const r = await cli(repo.dir, ['refine', '--dry-run']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^merge gotcha /m);
    expect(r.out).toMatch(/^close f-aaaa08: closed by commit /m);
    expect(r.out).toMatch(/^maybe f-\S+: done by /m);
    expect(r.out).toMatch(/^supersede d-bbbb04 \u2192 d-bbbb05$/m);
    expect(r.out).toMatch(/^write topics\/\S+\.md \(new\)$/m);
    expect(existsSync(join(repo.dir, MEM, 'topics'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');

    const j = JSON.parse((await cli(repo.dir, ['refine', '--dry-run', '--json'])).out) as { before: number; after: number; closed: Array<{ id: string }>; pages: unknown[] };
    expect(j.after).toBeLessThan(j.before);
    expect(j.closed.map((c) => c.id)).toContain('f-aaaa08');
    expect(j.pages.length).toBeGreaterThan(0);
  });

  it('as a pipeline step, `run` refines when due and writes the topic pages', async () => {
    const repo = makeTempRepo();
    await plantFixture(repo);
    repo.write('.agent-handover.yml', 'steps:\n  - collect\n  - session_note\n  - current_state\n  - refine\n  - compact\n  - publish\n');
    const r = await cli(repo.dir, ['run', '--session', 'with-refine', '--no-commit']);
    expect(r.code, r.err).toBe(0);
    expect(Object.keys(topics(repo.dir)).length).toBeGreaterThan(0);
    expect(existsSync(join(repo.dir, '.agent-handover', 'refined.json'))).toBe(true);
  });

  it('a Stop never runs the refine step, even when it is due', async () => {
    const repo = makeTempRepo();
    await plantFixture(repo);
    repo.write('.agent-handover.yml', 'steps:\n  - collect\n  - session_note\n  - current_state\n  - refine\n  - publish\n');
    await hook('stop', { session_id: 'stop-no-refine', hook_event_name: 'Stop', stop_hook_active: false, cwd: repo.dir }, repo.dir, { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir });
    expect(existsSync(join(repo.dir, MEM, 'layer2', 'current-state.md'))).toBe(true);
    expect(topics(repo.dir)).toEqual({});
  });

  it('the step is due with no checkpoint, not due right after a refine, due again after new notes', async () => {
    const repo = makeTempRepo();
    await plantFixture(repo);
    const store = new MemoryStore(join(repo.dir, MEM));
    const input = { store, indexPath: join(repo.dir, '.agent-handover', 'index.json'), checkpointPath: join(repo.dir, '.agent-handover', 'refine.json'), now: '2026-03-25T00:00:00.000Z' };
    expect(await refineDue(input)).toBe(true);
    expect((await cli(repo.dir, ['refine'])).code).toBe(0);
    const now = new Date().toISOString();
    expect(await refineDue({ ...input, now })).toBe(false);
    for (let i = 0; i < REFINE_DUE.newNotes; i++) {
      const { body, meta } = renderSessionNote(sessionFacts(`new-${i}`, '2026-04-01'));
      await store.writeSessionNote({ tag: 'main', date: '2026-04-01', session: `new-${i}`, body, meta });
    }
    expect(await refineDue({ ...input, now })).toBe(true);
  });
});
