import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';
import { cli, filesUnder, snapshotTree } from '../../helpers/cli-io.js';

const commitCount = (repo: TempRepo) => Number(repo.git('rev-list', '--count', 'HEAD').trim());
const layer1 = (repo: TempRepo) => filesUnder(join(repo.dir, 'memory', 'layer1'));

describe('agent-handover run', () => {
  it('writes the session note and the current state and commits memory/ only, once', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('src/app.ts', 'export const x = 1;\n'); // the user's uncommitted work
    const r = await cli(repo.dir, ['run', '--session', 'run-1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/completed/);
    expect(r.out).toMatch(/Publish: committed [0-9a-f]{12}/);
    const notes = layer1(repo);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^\d{4}-\d{2}\/handover-\d{4}-\d{2}-\d{2}-run-1\.md$/);
    expect(readFileSync(join(repo.dir, 'memory', 'layer2', 'current-state.md'), 'utf8')).toMatch(/^---\n/);
    expect(commitCount(repo)).toBe(2);
    const files = repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n');
    expect(files.sort()).toEqual([`memory/layer1/${notes[0]}`, 'memory/layer2/current-state.md']);
    // The user's file is still untracked and unchanged.
    expect(repo.git('status', '--porcelain')).toBe('?? src/\n');
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
  });

  it('a second run with nothing new makes no new commit and no second note', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['run', '--session', 'run-2'])).code).toBe(0);
    const head = repo.git('rev-parse', 'HEAD');
    const again = await cli(repo.dir, ['run', '--session', 'run-2']);
    expect(again.code).toBe(0);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(layer1(repo)).toHaveLength(1);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('a user commit between runs is recorded in a new handover commit', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['run', '--session', 'run-3'])).code).toBe(0);
    repo.write('lib.ts', 'export {};\n');
    const userCommit = repo.commitAll('add lib');
    expect((await cli(repo.dir, ['run', '--session', 'run-3'])).code).toBe(0);
    expect(commitCount(repo)).toBe(4);
    expect(readFileSync(join(repo.dir, 'memory', 'layer1', layer1(repo)[0]!), 'utf8')).toContain(userCommit.slice(0, 7));
  });

  it('--no-commit writes memory but commits nothing', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['run', '--no-commit', '--session', 'run-4']);
    expect(r.code).toBe(0);
    expect(commitCount(repo)).toBe(1);
    expect(layer1(repo)).toHaveLength(1);
    expect(repo.git('status', '--porcelain')).toBe('?? memory/\n');
  });

  it('--note TEXT goes into the note; --note-file F too', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['run', '--session', 'run-5', '--note', 'Switched the parser to streaming'])).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'memory', 'layer1', layer1(repo)[0]!), 'utf8')).toContain('Switched the parser to streaming');
    const f = join(tempDir(), 'note.txt');
    writeFileSync(f, 'Note from a file: cache keys include the locale\n');
    expect((await cli(repo.dir, ['run', '--session', 'run-6', '--note-file', f])).code).toBe(0);
    const six = layer1(repo).find((n) => n.includes('run-6'))!;
    expect(readFileSync(join(repo.dir, 'memory', 'layer1', six), 'utf8')).toContain('cache keys include the locale');
  });

  it('--note and --note-file together: usage error 64, nothing written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['run', '--note', 'a', '--note-file', 'b.txt']);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/--note or --note-file/);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });

  it('--note-file that does not exist: a usage error (64) naming it with the fix, no stack trace, nothing written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['run', '--note-file', 'missing.txt']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('missing.txt');
    expect(r.err).toContain('Fix: Check the path');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });

  it('--dry-run prints the plan and writes nothing at all', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const before = snapshotTree(repo.dir);
    const head = repo.git('rev-parse', 'HEAD');
    const r = await cli(repo.dir, ['run', '--dry-run', '--session', 'dry-1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Dry run: nothing will be written.');
    for (const step of ['collect', 'session_note', 'current_state', 'compact', 'publish']) expect(r.out).toMatch(new RegExp(`\\+ ${step}: `));
    expect(r.out).toMatch(/session_note: writes memory\/layer1\/\d{4}-\d{2}\/handover-\d{4}-\d{2}-\d{2}-dry-1\.md \(new\)/);
    expect(snapshotTree(repo.dir)).toEqual(before);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    const nc = await cli(repo.dir, ['run', '--dry-run', '--no-commit']);
    expect(nc.out).toMatch(/- publish: .*\(skipped: --no-commit\)/);
    expect(snapshotTree(repo.dir)).toEqual(before);
  });

  it('--dry-run under PAUSE says so and still writes nothing', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    const r = await cli(repo.dir, ['run', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Paused by .*PAUSE/);
    expect(snapshotTree(repo.dir)).toEqual(before);
  });

  it('under PAUSE: exit 4 and nothing written, not even .agent-handover/', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    const r = await cli(repo.dir, ['run', '--session', 'p-1', '--note', 'x']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/Paused by .*PAUSE.*nothing was written/);
    expect(snapshotTree(repo.dir)).toEqual(before);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    expect(commitCount(repo)).toBe(1);
  });

  it('$AGENT_HANDOVER_PAUSE pauses too', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const elsewhere = join(tempDir(), 'STOP');
    writeFileSync(elsewhere, '');
    const r = await cli(repo.dir, ['run'], { AGENT_HANDOVER_PAUSE: elsewhere });
    expect(r.code).toBe(4);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
  });

  it('a failed step: exit 1, check says RESUME, the next run resumes it without re-running done steps', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'memory'), 'not a folder\n');
    const failed = await cli(repo.dir, ['run', '--session', 'f-1']);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/step session_note failed/);
    expect(failed.err).toMatch(/retries it/);
    expect((await cli(repo.dir, ['check'])).code).toBe(1);
    rmSync(join(repo.dir, 'memory'));
    const next = await cli(repo.dir, ['run', '--session', 'f-2']);
    expect(next.code).toBe(0);
    // The interrupted run (session f-1) finished first, starting from session_note.
    expect(next.out).toMatch(/Finished interrupted handover \S+ \(session_note, current_state, compact, publish\)/);
    expect(layer1(repo).map((n) => n.replace(/^.*-(f-\d)\.md$/, '$1')).sort()).toEqual(['f-1', 'f-2']);
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
  });

  it.each([['../escape'], ['-dash'], ['a/b'], ['2026-01-01']])('--tag %j is refused: exit 1 with the reason, nothing written', async (tag) => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['run', `--tag=${tag}`]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tag/i);
    expect(r.err).toContain(tag);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
    expect((await cli(repo.dir, ['check'])).code).toBe(0);
  });

  it('--tag names the note', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['run', '--tag', 'release-2', '--session', 't-1'])).code).toBe(0);
    expect(layer1(repo)[0]).toMatch(/\/release-2-\d{4}-\d{2}-\d{2}-t-1\.md$/);
  });
});
