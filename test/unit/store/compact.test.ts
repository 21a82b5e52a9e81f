import { describe, expect, test } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { compact, monthIsDue } from '../../../src/store/compact.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { parseArchive, renderArchive } from '../../../src/store/archive.js';
import { Checkpoint } from '../../../src/engine/checkpoint.js';
import { ValidationError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/repo.js';

const NOW = '2026-04-10T12:00:00.000Z';

async function seeded(base = tempDir()) {
  const root = join(base, 'memory');
  const store = new MemoryStore(root, { toolVersion: '1.0.0' });
  const notes: Array<[string, string, string]> = [
    ['t', '2026-01-03', 's1'],
    ['t', '2026-01-20', 's2'],
    ['u', '2026-01-05', 's3'],
    ['t', '2026-02-14', 's4'],
    ['t', '2026-03-30', 's5'],
    ['t', '2026-04-01', 's6'],
  ];
  for (const [tag, date, session] of notes) await store.writeSessionNote({ tag, date, session, body: `# ${session}\nnote of ${session}\n` });
  return { base, root, store, cpPath: join(base, 'state', 'compact-checkpoint.json') };
}

const layer1 = (root: string) => fg.sync('layer1/**/*.md', { cwd: root }).sort();
const archived = (root: string, file: string) => parseArchive(readFileSync(join(root, 'layer3', file), 'utf8'));
const idsIn = (root: string) =>
  fg
    .sync('layer3/*.md', { cwd: root })
    .flatMap((f) => parseArchive(readFileSync(join(root, f), 'utf8')).map((e) => e.id))
    .sort();

describe('monthIsDue', () => {
  test('whole months older than N days; the current month never', () => {
    const now = new Date(NOW);
    expect(monthIsDue('2026-02', now, 30)).toBe(true);
    expect(monthIsDue('2026-03', now, 30)).toBe(false);
    expect(monthIsDue('2026-03', now, 0)).toBe(true);
    expect(monthIsDue('2026-04', now, 0)).toBe(false);
    expect(monthIsDue('2026-04', now, -100)).toBe(false);
  });
});

describe('compact', () => {
  test('moves whole old months into layer3/YYYY-MM-<tag>-archive.md and removes the notes', async () => {
    const { root, store, cpPath } = await seeded();
    const r = await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    expect(r.run?.status).toBe('completed');
    expect(r.months).toEqual(['2026-01', '2026-02']);
    expect(r.removed).toBe(4);
    expect(fg.sync('layer3/*.md', { cwd: root }).sort()).toEqual(['layer3/2026-01-t-archive.md', 'layer3/2026-01-u-archive.md', 'layer3/2026-02-t-archive.md']);
    expect(layer1(root)).toEqual(['layer1/2026-03/t-2026-03-30-s5.md', 'layer1/2026-04/t-2026-04-01-s6.md']);
    const jan = archived(root, '2026-01-t-archive.md');
    expect(jan.map((e) => e.id)).toEqual(['t-2026-01-03-s1', 't-2026-01-20-s2']);
    expect(jan[0]!.body).toBe('# s1\nnote of s1\n');
    expect(jan[0]!.meta).toMatchObject({ layer: 1, session: 's1', date: '2026-01-03' });
    expect(await new Checkpoint(cpPath).status()).toBe('completed');
  });

  test('the current month is never compacted, even with 0 days', async () => {
    const { root, store, cpPath } = await seeded();
    await compact({ store, olderThanDays: 0, checkpointPath: cpPath, now: NOW });
    expect(layer1(root)).toEqual(['layer1/2026-04/t-2026-04-01-s6.md']);
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('olderThanDays %s is refused before anything is written', async (days) => {
    const { root, store, cpPath } = await seeded();
    await expect(compact({ store, olderThanDays: days, checkpointPath: cpPath, now: NOW })).rejects.toBeInstanceOf(ValidationError);
    expect(layer1(root)).toHaveLength(6);
    expect(existsSync(cpPath)).toBe(false);
  });

  test('running twice duplicates nothing', async () => {
    const { root, store, cpPath } = await seeded();
    await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    const before = fg.sync('layer3/*.md', { cwd: root }).map((f) => readFileSync(join(root, f), 'utf8'));
    const r = await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    expect(r.removed).toBe(0);
    expect(fg.sync('layer3/*.md', { cwd: root }).map((f) => readFileSync(join(root, f), 'utf8'))).toEqual(before);
    expect(idsIn(root)).toEqual(['t-2026-01-03-s1', 't-2026-01-20-s2', 't-2026-02-14-s4', 'u-2026-01-05-s3']);
  });

  test('killed after the archive step: the next call removes the notes, each note exactly once in the archive', async () => {
    const { base, root, store, cpPath } = await seeded();
    // What the archive step leaves on disk: the same store compacted in a copy, archives copied back.
    const copy = join(base, 'copy');
    cpSync(root, join(copy, 'memory'), { recursive: true });
    await compact({ store: new MemoryStore(join(copy, 'memory'), { toolVersion: '1.0.0' }), olderThanDays: 30, checkpointPath: join(copy, 'cp.json'), now: NOW });
    cpSync(join(copy, 'memory', 'layer3'), join(root, 'layer3'), { recursive: true });
    const cp = new Checkpoint(cpPath);
    const d = await cp.begin({ runId: 'killed-run', startedAt: NOW, tag: 'compact', session: 'compact', steps: ['archive', 'remove'], meta: { now: NOW } });
    d.steps.archive = 'done';
    await cp.write(d);
    expect(layer1(root)).toHaveLength(6);

    const r = await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    expect(r.run?.status).toBe('completed');
    expect(r.removed).toBe(4);
    expect(idsIn(root)).toEqual(['t-2026-01-03-s1', 't-2026-01-20-s2', 't-2026-02-14-s4', 'u-2026-01-05-s3']);
    expect(layer1(root)).toEqual(['layer1/2026-03/t-2026-03-30-s5.md', 'layer1/2026-04/t-2026-04-01-s6.md']);
    expect(await cp.status()).toBe('completed');
  });

  test('killed half way through the archive step: re-archiving is a union, no duplicates', async () => {
    const { root, store, cpPath } = await seeded();
    const s1 = (await store.list({ layer: 1, tag: 't' })).find((n) => n.session === 's1')!;
    const body = readFileSync(s1.path, 'utf8').split('---\n').slice(2).join('---\n');
    await store.writeArchive('2026-01', 't', renderArchive('2026-01 t archive', [{ id: 't-2026-01-03-s1', meta: { id: 't-2026-01-03-s1' }, body }]));
    await new Checkpoint(cpPath).begin({ runId: 'half', startedAt: NOW, tag: 'compact', session: 'compact', steps: ['archive', 'remove'], meta: { now: NOW } });
    await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    expect(archived(root, '2026-01-t-archive.md').map((e) => e.id)).toEqual(['t-2026-01-03-s1', 't-2026-01-20-s2']);
    expect(layer1(root)).toEqual(['layer1/2026-03/t-2026-03-30-s5.md', 'layer1/2026-04/t-2026-04-01-s6.md']);
  });

  test('existing archive entries (another machine) are kept', async () => {
    const { root, store, cpPath } = await seeded();
    await store.writeArchive('2026-01', 't', renderArchive('2026-01 t archive', [{ id: 't-2026-01-07-remote', meta: { id: 't-2026-01-07-remote' }, body: 'from the laptop\n' }]));
    await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    const jan = archived(root, '2026-01-t-archive.md');
    expect(jan.map((e) => e.id)).toEqual(['t-2026-01-03-s1', 't-2026-01-07-remote', 't-2026-01-20-s2']);
    expect(jan.find((e) => e.id === 't-2026-01-07-remote')?.body).toBe('from the laptop\n');
  });

  test('a note rewritten between archive and remove is kept, and archived in its newer form next time', async () => {
    const { root, store, cpPath } = await seeded();
    const cp = new Checkpoint(cpPath);
    await compact({ store, olderThanDays: 30, checkpointPath: join(root, '..', 'other-cp.json'), now: NOW, tag: 'u' });
    // u's note is archived and removed; now simulate: archived, then the session wrote again, then remove ran.
    await store.writeSessionNote({ tag: 'u', date: '2026-01-05', session: 's3', body: 'newer\n' });
    const d = await cp.begin({ runId: 'r', startedAt: NOW, tag: 'u', session: 'compact', steps: ['archive', 'remove'], meta: { now: NOW, tag: 'u' } });
    d.steps.archive = 'done';
    await cp.write(d);
    await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW, tag: 'u' });
    expect(archived(root, '2026-01-u-archive.md').map((e) => e.body)).toEqual(['newer\n']);
    expect(layer1(root).filter((f) => f.includes('/u-'))).toEqual([]);
  });

  test('a resumed run removes what its own tag archived, whatever tag the new call asks for', async () => {
    const { base, root, store, cpPath } = await seeded();
    const copy = join(base, 'copy');
    cpSync(root, join(copy, 'memory'), { recursive: true });
    await compact({ store: new MemoryStore(join(copy, 'memory'), { toolVersion: '1.0.0' }), olderThanDays: 30, checkpointPath: join(copy, 'cp.json'), now: NOW, tag: 't' });
    cpSync(join(copy, 'memory', 'layer3'), join(root, 'layer3'), { recursive: true });
    const cp = new Checkpoint(cpPath);
    const d = await cp.begin({ runId: 'killed', startedAt: NOW, tag: 't', session: 'compact', steps: ['archive', 'remove'], meta: { now: NOW, tag: 't' } });
    d.steps.archive = 'done';
    await cp.write(d);
    await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW, tag: 'u' });
    expect(layer1(root)).toEqual(['layer1/2026-03/t-2026-03-30-s5.md', 'layer1/2026-04/t-2026-04-01-s6.md']);
  });

  test('PAUSE: nothing is written', async () => {
    const { base, root, store, cpPath } = await seeded();
    const pause = join(base, 'PAUSE');
    writeFileSync(pause, '');
    const r = await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW, pauseFiles: [pause] });
    expect(r.run?.status).toBe('paused');
    expect(existsSync(join(root, 'layer3'))).toBe(false);
    expect(existsSync(join(base, 'state'))).toBe(false);
    expect(layer1(root)).toHaveLength(6);
  });

  test('dry run reports and writes nothing', async () => {
    const { base, root, store, cpPath } = await seeded();
    const r = await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW, dryRun: true });
    expect(r).toMatchObject({ months: ['2026-01', '2026-02'], archived: 4, removed: 0 });
    expect(existsSync(join(root, 'layer3'))).toBe(false);
    expect(existsSync(join(base, 'state'))).toBe(false);
  });

  test('an archive with a damaged entry stops compaction instead of dropping the entry', async () => {
    const { root, store, cpPath } = await seeded();
    const p = await store.writeArchive('2026-01', 't', renderArchive('x', [{ id: 'keep-me', meta: { id: 'keep-me' }, body: 'precious\n' }]).replace('{"id":"keep-me"}', '{"id":"keep-me"'));
    const before = readFileSync(p, 'utf8');
    const r = await compact({ store, olderThanDays: 30, checkpointPath: cpPath, now: NOW });
    expect(r.run?.status).toBe('failed');
    expect(r.run?.error).toContain(p);
    expect(readFileSync(p, 'utf8')).toBe(before);
    expect(layer1(root).filter((f) => f.startsWith('layer1/2026-01/t-'))).toHaveLength(2);
  });
});
