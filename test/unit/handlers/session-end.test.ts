import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';
import { cli, copyTranscript, FIXTURES_SKIP, HAVE_FIXTURES, hook, noteMeta, snapshotTree, waitFor } from '../../helpers/cli-io.js';

const pendingDir = (dir: string) => join(dir, '.agent-handover', 'pending-end');

describe.skipIf(!HAVE_FIXTURES)(`SessionEnd hook (${HAVE_FIXTURES ? 'real transcripts' : FIXTURES_SKIP})`, () => {
  it('AGENT_HANDOVER_NO_DETACH=1: the final note is written inline, status ended with ended_at, and committed', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const transcript = copyTranscript(tempDir());
    await hook('session-start', { session_id: 'end-1', cwd: repo.dir, source: 'startup', transcript_path: transcript }, repo.dir);
    await hook('stop', { session_id: 'end-1', cwd: repo.dir, transcript_path: transcript }, repo.dir);
    expect(noteMeta(repo.dir, 'end-1')).toMatchObject({ status: 'active', ended_at: null });

    const out = await hook('session-end', { session_id: 'end-1', cwd: repo.dir, transcript_path: transcript, reason: 'prompt_input_exit', hook_event_name: 'SessionEnd' }, repo.dir, { AGENT_HANDOVER_NO_DETACH: '1' }, { entryScript: '/never/run.js' });
    expect(out).toEqual({ exitCode: 0 });
    const meta = noteMeta(repo.dir, 'end-1')!;
    expect(meta.status).toBe('ended');
    expect(meta.ended_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(readdirSync(pendingDir(repo.dir))).toEqual([]);
    expect(repo.git('log', '-1', '--format=%s')).toBe('agent-handover: session_end end-1\n');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(JSON.parse(readFileSync(join(repo.dir, '.agent-handover', 'sessions', 'end-1.json'), 'utf8'))).toMatchObject({ endReason: 'prompt_input_exit' });
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
  });

  it('detached: records the ending durably, hands it to a worker (`<entry> --worker <file>`) and returns without writing the note', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const transcript = copyTranscript(tempDir());
    // A stand-in worker that only reports how it was called, so the test sees the hand-over itself.
    const scratch = tempDir();
    const worker = join(scratch, 'worker.mjs');
    const seen = join(scratch, 'argv.json');
    // Written whole then renamed: the test must not read a file the worker has created but not yet filled.
    writeFileSync(worker, `import { renameSync, writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(seen + '.tmp')}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), dir: process.env.CLAUDE_PROJECT_DIR }));\nrenameSync(${JSON.stringify(seen + '.tmp')}, ${JSON.stringify(seen)});\n`);
    const out = await hook('session-end', { session_id: 'end-2', cwd: repo.dir, transcript_path: transcript, reason: 'clear' }, repo.dir, {}, { entryScript: worker });
    expect(out).toEqual({ exitCode: 0 });
    const file = join(pendingDir(repo.dir), 'end-2.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ session_id: 'end-2', transcript_path: transcript, reason: 'clear', cwd: repo.dir });
    expect(noteMeta(repo.dir, 'end-2')).toBeUndefined();
    expect(await waitFor(() => existsSync(seen))).toBe(true);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({ argv: ['--worker', file], cwd: repo.dir, dir: repo.dir });

    // What the real worker then does: finish the recorded ending and clear the record.
    expect(await hook('session-end', '', repo.dir, {}, { args: ['--worker', file] })).toEqual({ exitCode: 0 });
    expect(existsSync(file)).toBe(false);
    expect(noteMeta(repo.dir, 'end-2')).toMatchObject({ status: 'ended' });
    // A healthy ending logs nothing: the worker reads no stdin, so none is "empty".
    const log = join(repo.dir, '.agent-handover', 'log');
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
  });

  it('a worker that never ran leaves the record for the next SessionStart', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const transcript = copyTranscript(tempDir());
    const worker = join(tempDir(), 'noop.mjs');
    writeFileSync(worker, '');
    await hook('session-end', { session_id: 'end-3', cwd: repo.dir, transcript_path: transcript, reason: 'other' }, repo.dir, {}, { entryScript: worker });
    expect(existsSync(join(pendingDir(repo.dir), 'end-3.json'))).toBe(true);
    await hook('session-start', { session_id: 'after', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(existsSync(join(pendingDir(repo.dir), 'end-3.json'))).toBe(false);
    expect(noteMeta(repo.dir, 'end-3')).toMatchObject({ status: 'ended' });
  });

  it('under PAUSE: nothing is written, no worker is started', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const scratch = tempDir();
    const seen = join(scratch, 'ran');
    const worker = join(scratch, 'w.mjs');
    writeFileSync(worker, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(seen)}, '');\n`);
    const before = snapshotTree(repo.dir);
    expect(await hook('session-end', { session_id: 'end-4', cwd: repo.dir, reason: 'logout' }, repo.dir, {}, { entryScript: worker })).toEqual({ exitCode: 0 });
    expect(await hook('session-end', { session_id: 'end-4', cwd: repo.dir, reason: 'logout' }, repo.dir, { AGENT_HANDOVER_NO_DETACH: '1' })).toEqual({ exitCode: 0 });
    expect(snapshotTree(repo.dir)).toEqual(before);
    expect(existsSync(seen)).toBe(false);
  });

  it('hooks.session_end: false turns it off', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('.agent-handover.yml', 'hooks:\n  session_end: false\n');
    await hook('session-end', { session_id: 'end-5', cwd: repo.dir }, repo.dir, { AGENT_HANDOVER_NO_DETACH: '1' });
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });
});
