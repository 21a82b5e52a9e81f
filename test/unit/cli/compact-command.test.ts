import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { cli, filesUnder, snapshotTree } from '../../helpers/cli-io.js';
import { notePath, noteText } from '../../fixtures/memory-notes.js';

function note(repo: TempRepo, session: string, at: string): void {
  const file = join(repo.dir, 'memory', notePath(session, at.slice(0, 10)));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, noteText(session, at, `work of ${session}`));
}

/** Two sessions in January 2020 and one in February 2020 (long due), one today (never due). */
function seed(repo: TempRepo): void {
  note(repo, 'jan-a', '2020-01-05T10:00:00.000Z');
  note(repo, 'jan-b', '2020-01-20T10:00:00.000Z');
  note(repo, 'feb-a', '2020-02-11T10:00:00.000Z');
  note(repo, 'now-a', new Date().toISOString());
}

describe('agent-handover compact', () => {
  it('--dry-run names the months and counts the notes, and writes nothing', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    seed(repo);
    const before = snapshotTree(repo.dir);
    const r = await cli(repo.dir, ['compact', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Would compact 2020-01, 2020-02: 3 notes.');
    expect(snapshotTree(repo.dir)).toEqual(before);
  });

  it('moves whole old months into layer3 archives and removes them from layer1', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    seed(repo);
    const r = await cli(repo.dir, ['compact']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Compacted 2020-01, 2020-02: 3 notes archived, 3 removed from layer1.');
    expect(filesUnder(join(repo.dir, 'memory', 'layer3'))).toEqual(['2020-01-handover-archive.md', '2020-02-handover-archive.md']);
    const jan = readFileSync(join(repo.dir, 'memory', 'layer3', '2020-01-handover-archive.md'), 'utf8');
    expect(jan).toContain('work of jan-a');
    expect(jan).toContain('work of jan-b');
    expect(filesUnder(join(repo.dir, 'memory', 'layer1'))).toHaveLength(1);
    expect(filesUnder(join(repo.dir, 'memory', 'layer1'))[0]).toContain('now-a');
    // The state folder it used keeps itself out of git status.
    expect(repo.git('status', '--porcelain')).toBe('?? memory/\n');
  });

  it('a second compact has nothing to do and exits 0', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    seed(repo);
    await cli(repo.dir, ['compact']);
    const again = await cli(repo.dir, ['compact']);
    expect(again).toEqual({ code: 0, out: 'Nothing to compact.', err: '' });
  });

  it('nothing due on a fresh project: exit 0, nothing written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['compact']);
    expect(r).toEqual({ code: 0, out: 'Nothing to compact.', err: '' });
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('');
  });

  it('--older-than widens or narrows what is due', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    seed(repo);
    expect((await cli(repo.dir, ['compact', '--dry-run', '--older-than', '100000'])).out).toBe('Nothing to compact.');
    expect((await cli(repo.dir, ['compact', '--dry-run', '--older-than', '0'])).out).toMatch(/^Would compact 2020-01, 2020-02.*: 3 notes\.$/);
  });

  it.each([['-1'], ['abc'], ['1.5']])('--older-than %s is a usage error', async (v) => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['compact', `--older-than=${v}`]);
    expect(r.code).toBe(64);
    expect(r.err).toContain('--older-than');
  });

  it('under PAUSE: exit 4 and nothing written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    seed(repo);
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    const r = await cli(repo.dir, ['compact']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/Paused by/);
    expect(snapshotTree(repo.dir)).toEqual(before);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
  });

  it('under PAUSE with nothing due: still exit 4 (paused is paused)', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    expect((await cli(repo.dir, ['compact'])).code).toBe(4);
  });
});
