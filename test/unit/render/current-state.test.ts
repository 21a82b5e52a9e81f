import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Capture, SessionFacts } from '../../../src/session/facts.js';
import { renderSessionNote } from '../../../src/render/session-note.js';
import { deriveState, regenerateCurrentState, renderCurrentState, WORK_SESSIONS, type GitState } from '../../../src/render/current-state.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { parseFrontMatter } from '../../../src/store/frontmatter.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';
import { sessionFacts } from '../../helpers/facts.js';

function c(kind: Capture['kind'], id: string, text: string, at: string, closes?: string): Capture {
  return { id, kind, text, at, session: 'x', ...(closes ? { closes } : {}) };
}

const facts = sessionFacts;

async function put(store: MemoryStore, f: SessionFacts): Promise<void> {
  const { body, meta } = renderSessionNote(f);
  await store.writeSessionNote({ tag: f.tag, date: f.startedAt.slice(0, 10), session: f.session, body, meta });
}

function setup() {
  const dir = tempDir();
  return { store: new MemoryStore(join(dir, 'memory'), { toolVersion: '0.0.0-test' }), indexPath: join(dir, '.agent-handover', 'index.json') };
}

const NOW = '2026-08-20T12:00:00.000Z';
const GIT: GitState = { branch: 'main', head: '0123456789abcdef0123456789abcdef01234567', uncommitted: [' M src/z.ts', '?? a.txt'] };

async function history(store: MemoryStore): Promise<void> {
  await put(store, facts('s-old', '2026-06-01', {
    manualNote: 'Set up the project',
    captures: [
      c('followup', 'f-aaaa', 'Write the README', '2026-06-01T09:10:00Z'),
      c('followup', 'f-bbbb', 'Add CI', '2026-06-01T09:11:00Z'),
      c('decision', 'd-aaaa', 'Use vitest', '2026-06-01T09:12:00Z'),
      c('gotcha', 'g-aaaa', 'Node 18 lacks fetch flags', '2026-06-01T09:13:00Z'),
    ],
  }));
  await put(store, facts('s-mid', '2026-08-10', {
    manualNote: 'CI work',
    captures: [
      c('done', 'x-aaaa', 'CI added', '2026-08-10T09:10:00Z', 'f-bbbb'),
      c('followup', 'f-cccc', '  write the readme. ', '2026-08-10T09:11:00Z'), // same as f-aaaa once normalised
      c('followup', 'f-dddd', 'Cache node_modules in CI', '2026-08-10T09:12:00Z'),
      c('decision', 'd-bbbb', 'use vitest', '2026-08-10T09:13:00Z'), // a repeat: the newest copy wins
    ],
  }));
  await put(store, facts('s-new', '2026-08-19', {
    transcript: {
      requests: ['Speed up the build'], lastAssistantMessage: 'The build now takes 4 s.', filesEdited: [], commands: [], todos: [],
      compactSummaries: [], sidechains: [], sessionIds: [], lineCount: 3, badLines: 0, unknownTypes: 0, carry: { tasks: [], pendingResults: [] },
    },
    captures: [c('gotcha', 'g-bbbb', 'esbuild ignores tsconfig paths', '2026-08-19T09:10:00Z')],
  }));
}

describe('deriveState', () => {
  it('collects open follow-ups across sessions, deduplicated, minus closed ones, with provenance, age and staleness', async () => {
    const { store, indexPath } = setup();
    await history(store);
    const s = await deriveState(store, GIT, { indexPath, now: NOW });
    expect(s.openFollowups.map((f) => [f.id, f.session, f.at, f.ageDays, f.stale])).toEqual([
      ['f-dddd', 's-mid', '2026-08-10', 10, false],
      ['f-aaaa', 's-old', '2026-06-01', 80, true],
    ]);
    expect(s.decisions.map((d) => [d.id, d.session])).toEqual([['d-bbbb', 's-mid']]);
    expect(s.gotchas.map((g) => g.id)).toEqual(['g-bbbb', 'g-aaaa']);
    expect(s.recentSessions.map((r) => r.session)).toEqual(['s-new', 's-mid', 's-old']);
    expect(s.lastSession).toMatchObject({ session: 's-new', summary: 'Speed up the build', link: '../layer1/2026-08/main-2026-08-19-s-new.md' });
    expect(s.uncommitted).toEqual(['?? a.txt', ' M src/z.ts'].sort());
    expect(s).toMatchObject({ branch: 'main', head: GIT.head, asOf: '2026-08-20', totals: { sessions: 3, decisions: 1, gotchas: 2 } });
  });

  it('honours staleAfterDays and the tag filter', async () => {
    const { store, indexPath } = setup();
    await history(store);
    await put(store, facts('s-other', '2026-08-19', { tag: 'side', captures: [c('followup', 'f-side', 'Side task', '2026-08-19T09:00:00Z')] }));
    const all = await deriveState(store, GIT, { indexPath, now: NOW, staleAfterDays: 5 });
    expect(all.openFollowups.map((f) => [f.id, f.stale])).toEqual([['f-side', false], ['f-dddd', true], ['f-aaaa', true]]);
    const main = await deriveState(store, GIT, { indexPath, now: NOW, tag: 'main' });
    expect(main.openFollowups.map((f) => f.id)).toEqual(['f-dddd', 'f-aaaa']);
  });

  it('a follow-up closed by id is gone even when closed from a later session; the same text raised anew is open', async () => {
    const { store, indexPath } = setup();
    await put(store, facts('s1', '2026-08-01', { captures: [c('followup', 'f-1', 'Bump deps', '2026-08-01T09:00:00Z')] }));
    await put(store, facts('s2', '2026-08-02', { captures: [c('done', 'x-1', 'f-1', '2026-08-02T09:00:00Z', 'f-1')] }));
    expect((await deriveState(store, GIT, { indexPath, now: NOW })).openFollowups).toEqual([]);
    await put(store, facts('s3', '2026-08-03', { captures: [c('followup', 'f-2', 'bump deps', '2026-08-03T09:00:00Z')] }));
    expect((await deriveState(store, GIT, { indexPath, now: NOW })).openFollowups.map((f) => f.id)).toEqual(['f-2']);
  });

  it('keeps items of notes compacted into layer3 archives', async () => {
    const { store, indexPath } = setup();
    await history(store);
    const before = await deriveState(store, GIT, { indexPath, now: NOW });
    const { compact } = await import('../../../src/store/compact.js');
    const r = await compact({ store, olderThanDays: 30, checkpointPath: join(dirname(indexPath), 'compact.json'), now: NOW, pauseFiles: [] });
    expect(r.removed).toBe(1);
    expect((await store.list({ layer: 1 })).map((n) => n.session)).toEqual(['s-mid', 's-new']);
    const after = await deriveState(store, GIT, { indexPath, now: NOW });
    expect(after.openFollowups.map((f) => [f.id, f.noteRel])).toEqual([['f-dddd', 'layer1/2026-08/main-2026-08-10-s-mid.md'], ['f-aaaa', 'layer3/2026-06-main-archive.md']]);
    expect(after.totals).toEqual(before.totals);
  });

  it('skips a note without metadata instead of failing', async () => {
    const { store, indexPath } = setup();
    await history(store);
    const bad = store.layer1Path('main', '2026-08-15', 'broken');
    writeFileSync(bad, '# no front matter\n- [ ] x (id: f-zzzz)\n');
    const s = await deriveState(store, GIT, { indexPath, now: NOW });
    expect(s.totals.sessions).toBe(3);
    expect(s.openFollowups.map((f) => f.id)).not.toContain('f-zzzz');
  });
});

describe('deriveState: the recent sessions\' work', () => {
  it('reads back the work of a bounded number of recent notes, a few per branch, newest first', async () => {
    const { store, indexPath } = setup();
    for (let i = 0; i < 30; i++) {
      const day = `2026-08-${String(1 + (i % 19)).padStart(2, '0')}`;
      await put(store, facts(`s-${String(i).padStart(2, '0')}`, day, {
        branch: i % 3 === 0 ? 'feature/x' : 'main',
        startedAt: `${day}T09:${String(i).padStart(2, '0')}:00.000Z`,
        updatedAt: `${day}T10:${String(i).padStart(2, '0')}:00.000Z`,
        transcript: { requests: [`Request number ${i}`], lastAssistantMessage: `Done ${i}.`, filesEdited: [`src/f${i}.ts`], commands: [], todos: [], compactSummaries: [], sidechains: [], sessionIds: [], lineCount: 3, badLines: 0, unknownTypes: 0, carry: { tasks: [], pendingResults: [] } },
      }));
    }
    await deriveState(store, GIT, { indexPath, now: NOW }); // builds the index (reads every note once)
    rmSync(join(dirname(indexPath), 'derived.json'));
    let reads = 0;
    const read = async (p: string) => {
      reads += 1;
      return readFileSync(p, 'utf8');
    };
    const s = await deriveState(store, GIT, { indexPath, now: NOW, read });
    // The index holds no work: only the few recent notes are read again, never all of them.
    expect(reads).toBeLessThanOrEqual(WORK_SESSIONS.total);
    expect(s.recentWork.length).toBeLessThanOrEqual(WORK_SESSIONS.total);
    expect(s.recentWork.filter((w) => w.branch === 'main').length).toBeLessThanOrEqual(WORK_SESSIONS.perBranch);
    const newest = s.recentWork[0]!;
    expect(newest.work.requests).toEqual([`Request number ${newest.session.slice(2).replace(/^0/, '')}`]);
    expect(newest.work.files.map((f) => f.path)).toEqual([`src/f${Number(newest.session.slice(2))}.ts`]);
    // A warm start takes the work from the derived cache and reads no note at all.
    reads = 0;
    const again = await deriveState(store, GIT, { indexPath, now: NOW, read });
    expect(reads).toBe(0);
    expect(again.recentWork).toEqual(s.recentWork);
  });
});

describe('renderCurrentState / regenerateCurrentState', () => {
  it('renders the derived state with working relative links, deterministically', async () => {
    const { store, indexPath } = setup();
    await history(store);
    const s = await deriveState(store, GIT, { indexPath, now: NOW });
    const a = renderCurrentState(s);
    expect(renderCurrentState(structuredClone(s))).toEqual(a);
    expect(a.body).toContain('Branch `main` at `0123456789ab`, as of 2026-08-20.');
    expect(a.body).toContain('- [ ] Write the README (id: f-aaaa; from [s-old](../layer1/2026-06/main-2026-06-01-s-old.md), 2026-06-01, 80 days ago) (stale: 80 days)');
    expect(a.body).toContain('## Open follow-ups (2)');
    expect(a.body).toContain('> The build now takes 4 s.');
    expect(a.meta).toMatchObject({ sessions: 3, last_session: 's-new', open_followups: ['f-dddd', 'f-aaaa'] });
    const path = await regenerateCurrentState(store, GIT, { indexPath, now: NOW });
    for (const m of readFileSync(path, 'utf8').matchAll(/\]\((\.\.\/layer1\/[^)]+)\)/g)) {
      expect(existsSync(resolve(dirname(path), m[1]!))).toBe(true);
    }
  });

  it('resolves a merge conflict in current-state.md by regenerating, and incremental equals fresh', async () => {
    const repo = makeTempRepo();
    const store = new MemoryStore(join(repo.dir, 'memory'), { toolVersion: '0.0.0-test' });
    const indexPath = join(repo.dir, '.agent-handover', 'index.json');
    await history(store);
    repo.write('src/z.ts', 'x');
    const gitState = (): GitState => ({
      branch: repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim(),
      head: repo.git('rev-parse', 'HEAD').trim(),
      uncommitted: repo.git('status', '--porcelain', '--', '.', ':!memory', ':!.agent-handover').split('\n').filter(Boolean),
    });
    const path = await regenerateCurrentState(store, gitState(), { indexPath, now: NOW });
    const clean = readFileSync(path, 'utf8');
    expect(clean).toContain('`?? src/`');
    writeFileSync(path, `<<<<<<< HEAD\n${clean}=======\nother machine\n>>>>>>> origin/main\n`);
    await regenerateCurrentState(store, gitState(), { indexPath, now: NOW });
    const after = readFileSync(path, 'utf8');
    expect(after).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(after).toBe(clean);
    rmSync(indexPath);
    await regenerateCurrentState(store, gitState(), { indexPath, now: NOW });
    expect(readFileSync(path, 'utf8')).toBe(clean);
    expect(parseFrontMatter(clean)!.meta).toMatchObject({ layer: 2, branch: 'main', sessions: 3 });
  });

  it('says so when there are no notes yet', async () => {
    const { store, indexPath } = setup();
    const s = await deriveState(store, { uncommitted: [] }, { indexPath, now: NOW });
    const { body } = renderCurrentState(s);
    expect(body).toContain('No session notes yet.');
    expect(body).toContain('Branch (detached HEAD)');
  });
});
