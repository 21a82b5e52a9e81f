import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backfill } from '../../../src/handlers/backfill.js';
import { loadProject } from '../../../src/project/project.js';
import { Checkpoint } from '../../../src/engine/checkpoint.js';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';
import { copyTranscript, FIXTURES_SKIP, HAVE_FIXTURES, hook, noteMeta, waitFor } from '../../helpers/cli-io.js';

const HOUR_AGO = () => new Date(Date.now() - 60 * 60_000);
const stateOf = (repo: TempRepo, id: string) => JSON.parse(readFileSync(join(repo.dir, '.agent-handover', 'sessions', `${id}.json`), 'utf8')) as { endedAt?: string; endReason?: string };

/**
 * A session that started, took a turn (its note is active) and then vanished: no SessionEnd ever
 * ran. Make transcripts quiet only once every session exists: a startup SessionStart backfills.
 */
async function abandonedSession(repo: TempRepo, id: string, opts: { stale: boolean }): Promise<string> {
  const transcript = copyTranscript(tempDir(), undefined, `${id}.jsonl`);
  await hook('session-start', { session_id: id, cwd: repo.dir, source: 'startup', transcript_path: transcript }, repo.dir);
  await hook('stop', { session_id: id, cwd: repo.dir, transcript_path: transcript }, repo.dir);
  expect(noteMeta(repo.dir, id)).toMatchObject({ status: 'active' });
  if (opts.stale) utimesSync(transcript, HOUR_AGO(), HOUR_AGO());
  return transcript;
}

describe.skipIf(!HAVE_FIXTURES)(`backfill (${HAVE_FIXTURES ? 'real transcripts' : FIXTURES_SKIP})`, () => {
  it('at the next SessionStart of another session, an abandoned session with a quiet transcript gets its final note', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await abandonedSession(repo, 'gone-1', { stale: true });
    const out = await hook('session-start', { session_id: 'new-1', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(out.exitCode).toBe(0);
    // SessionStart gives backfill a bounded slice of its time; the run goes on in-process if it needs longer.
    const cp = new Checkpoint(join(repo.dir, '.agent-handover', 'checkpoint.json'));
    expect(await waitFor(() => noteMeta(repo.dir, 'gone-1')?.status === 'ended')).toBe(true);
    expect(await waitFor(() => existsSync(cp.path) && JSON.parse(readFileSync(cp.path, 'utf8')).status === 'completed')).toBe(true);
    const meta = noteMeta(repo.dir, 'gone-1')!;
    expect(meta.ended_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(stateOf(repo, 'gone-1')).toMatchObject({ endReason: 'backfill' });
    expect(await waitFor(() => repo.git('status', '--porcelain') === '')).toBe(true);
    expect(repo.git('log', '--format=%s')).toContain('agent-handover: session_end gone-1');
    // The new session is not touched.
    expect(noteMeta(repo.dir, 'new-1')).toBeUndefined();
  });

  it('a resumed, cleared or compacted start does not backfill (only a fresh startup does)', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await abandonedSession(repo, 'gone-2', { stale: true });
    await hook('session-start', { session_id: 'new-2', cwd: repo.dir, source: 'resume' }, repo.dir);
    expect(noteMeta(repo.dir, 'gone-2')).toMatchObject({ status: 'active' });
  });

  it('a session whose transcript changed recently (maybe still running elsewhere) is left alone', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await abandonedSession(repo, 'live-1', { stale: false });
    const p = await loadProject(repo.dir);
    expect(await backfill(p, 'new-3')).toEqual([]);
    expect(noteMeta(repo.dir, 'live-1')).toMatchObject({ status: 'active' });
    expect(stateOf(repo, 'live-1').endedAt).toBeUndefined();
  });

  it('never the current session, never one already ended, never one without a transcript', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const current = await abandonedSession(repo, 'current', { stale: false });
    const ended = await abandonedSession(repo, 'ended', { stale: false });
    await hook('session-end', { session_id: 'ended', cwd: repo.dir, transcript_path: ended, reason: 'logout' }, repo.dir, { AGENT_HANDOVER_NO_DETACH: '1' });
    for (const t of [current, ended]) utimesSync(t, HOUR_AGO(), HOUR_AGO());
    const endedNote = readFileSync(join(repo.dir, 'memory', 'layer1', repo.git('ls-files', 'memory/layer1').split('\n').find((f) => f.endsWith('-ended.md'))!.replace('memory/layer1/', '')), 'utf8');
    await hook('session-start', { session_id: 'no-transcript', cwd: repo.dir, source: 'resume' }, repo.dir);
    const p = await loadProject(repo.dir);
    expect(await backfill(p, 'current')).toEqual([]);
    expect(noteMeta(repo.dir, 'current')).toMatchObject({ status: 'active' });
    expect(readFileSync(join(repo.dir, 'memory', 'layer1', repo.git('ls-files', 'memory/layer1').split('\n').find((f) => f.endsWith('-ended.md'))!.replace('memory/layer1/', '')), 'utf8')).toBe(endedNote);
    expect(noteMeta(repo.dir, 'no-transcript')).toBeUndefined();
  });

  it('at most 3 per call; the next call takes the rest', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const ids = ['old-a', 'old-b', 'old-c', 'old-d'];
    const transcripts = [];
    for (const id of ids) transcripts.push(await abandonedSession(repo, id, { stale: false }));
    for (const t of transcripts) utimesSync(t, HOUR_AGO(), HOUR_AGO());
    const p = await loadProject(repo.dir);
    const first = await backfill(p, 'now');
    expect(first).toHaveLength(3);
    expect(ids.filter((id) => noteMeta(repo.dir, id)?.status === 'ended').sort()).toEqual([...first].sort());
    const second = await backfill(p, 'now');
    expect(second).toEqual(ids.filter((id) => !first.includes(id)));
    expect(ids.every((id) => noteMeta(repo.dir, id)?.status === 'ended')).toBe(true);
    expect(await backfill(p, 'now')).toEqual([]);
  });

  it('under PAUSE nothing is backfilled', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await abandonedSession(repo, 'gone-p', { stale: true });
    const p = await loadProject(repo.dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    expect(await backfill(p, 'now')).toEqual([]);
    expect(noteMeta(repo.dir, 'gone-p')).toMatchObject({ status: 'active' });
  });
});

describe('backfill skips ended sessions by name', () => {
  it('an ended session gets a .ended marker, and backfill never reads its state file again', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const { writeSessionState } = await import('../../../src/session/session-state.js');
    const { writeFileSync } = await import('node:fs');
    const p = await loadProject(repo.dir);
    const transcript = join(tempDir(), 't.jsonl');
    writeFileSync(transcript, '');
    utimesSync(transcript, HOUR_AGO(), HOUR_AGO());
    await writeSessionState(p.layout, { version: 1, session: 'done-1', agent: 'claude-code', startedAt: '2026-01-01T00:00:00.000Z', transcriptPath: transcript, transcriptOffset: 0, compactSummaries: [], endedAt: '2026-01-01T01:00:00.000Z' });
    const dir = join(repo.dir, '.agent-handover', 'sessions');
    expect(existsSync(join(dir, 'done-1.ended'))).toBe(true);
    // Were the state file read, this garbage would make the session look abandoned (no endedAt).
    writeFileSync(join(dir, 'done-1.json'), JSON.stringify({ version: 1, session: 'done-1', agent: 'x', startedAt: '2026-01-01T00:00:00.000Z', transcriptPath: transcript, transcriptOffset: 0, compactSummaries: [] }));
    expect(await backfill(p, 'someone-else')).toEqual([]);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });
});
