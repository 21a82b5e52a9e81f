import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';
import { cli, copyTranscript, FIXTURES_SKIP, HAVE_FIXTURES, hook, noteMeta, snapshotTree } from '../../helpers/cli-io.js';

interface StartOutput { hookSpecificOutput: { hookEventName: string; additionalContext: string } }
const parse = (stdout: string | undefined) => JSON.parse(stdout ?? 'null') as StartOutput;
const stateOf = (dir: string, id: string) => JSON.parse(readFileSync(join(dir, '.agent-handover', 'sessions', `${id}.json`), 'utf8')) as Record<string, unknown>;

describe('SessionStart hook', () => {
  it('records the session (HEAD at start, branch, transcript) and the current-session pointer, and prints the JSON Claude Code reads', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const head = repo.git('rev-parse', 'HEAD').trim();
    const out = await hook('session-start', { session_id: 'ss-1', cwd: repo.dir, source: 'startup', transcript_path: '/nowhere/ss-1.jsonl', hook_event_name: 'SessionStart' }, repo.dir);
    expect(out.exitCode).toBe(0);
    const json = parse(out.stdout);
    expect(Object.keys(json)).toEqual(['hookSpecificOutput']);
    expect(json.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(json.hookSpecificOutput.additionalContext).toContain('# Project memory (agent-handover)');
    expect(json.hookSpecificOutput.additionalContext.length).toBeLessThanOrEqual(8000);
    expect(stateOf(repo.dir, 'ss-1')).toMatchObject({ session: 'ss-1', headStart: head, branch: 'main', transcriptPath: '/nowhere/ss-1.jsonl', transcriptOffset: 0, lastEvent: 'session_start:startup' });
    expect(readFileSync(join(repo.dir, '.agent-handover', 'current-session'), 'utf8')).toBe('ss-1\n');
    // Machine-local state only: nothing for git to see, no commit.
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('a resume of a known session keeps its recorded start, and moves the pointer', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await hook('session-start', { session_id: 'ss-2', cwd: repo.dir, source: 'startup' }, repo.dir);
    const first = stateOf(repo.dir, 'ss-2');
    await hook('session-start', { session_id: 'other', cwd: repo.dir, source: 'startup' }, repo.dir);
    repo.write('x.txt', 'x\n');
    repo.commitAll('moved on');
    await hook('session-start', { session_id: 'ss-2', cwd: repo.dir, source: 'resume' }, repo.dir);
    expect(stateOf(repo.dir, 'ss-2')).toEqual(first);
    expect(readFileSync(join(repo.dir, '.agent-handover', 'current-session'), 'utf8')).toBe('ss-2\n');
  });

  it('injects the current state: open follow-ups of earlier sessions', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await cli(repo.dir, ['note', '--kind', 'followup', 'Wire the retry budget into the uploader'], { CLAUDE_CODE_SESSION_ID: 'earlier' });
    await hook('stop', { session_id: 'earlier', cwd: repo.dir }, repo.dir);
    const out = await hook('session-start', { session_id: 'next', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(parse(out.stdout).hookSpecificOutput.additionalContext).toMatch(/## Open follow-ups[\s\S]*Wire the retry budget into the uploader/);
  });

  it('finishes an interrupted handover (RESUME) first, and the context shows its session', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    // A Stop whose session_note step fails leaves the run in progress: check says RESUME.
    writeFileSync(join(repo.dir, 'memory'), 'a file where the memory folder goes\n');
    await cli(repo.dir, ['note', '--kind', 'decision', 'Chose optimistic locking'], { CLAUDE_CODE_SESSION_ID: 'cut-off' });
    expect((await hook('stop', { session_id: 'cut-off', cwd: repo.dir }, repo.dir)).exitCode).toBe(0);
    expect((await cli(repo.dir, ['check'])).code).toBe(1);
    rmSync(join(repo.dir, 'memory'));

    const out = await hook('session-start', { session_id: 'fresh', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
    expect(noteMeta(repo.dir, 'cut-off')).toMatchObject({ session: 'cut-off', status: 'active' });
    expect(repo.git('log', '-1', '--format=%s')).toContain('cut-off');
    const ctx = parse(out.stdout).hookSpecificOutput.additionalContext;
    expect(ctx).toContain('Chose optimistic locking');
    expect(ctx).toMatch(/## Last session[^\n]*: cut-off \(/);
    expect(ctx).not.toContain('## Interrupted handover');
  });

  it('an interrupted handover that cannot be finished yet: the context says so, and the hook still answers', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'memory'), 'in the way\n');
    await hook('stop', { session_id: 'stuck', cwd: repo.dir }, repo.dir);
    const out = await hook('session-start', { session_id: 'fresh', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(out.exitCode).toBe(0);
    const ctx = parse(out.stdout).hookSpecificOutput.additionalContext;
    expect(ctx).toContain('## Interrupted handover');
    expect(ctx).toMatch(/session stuck\) was interrupted|could not be finished/);
    expect((await cli(repo.dir, ['check'])).code).toBe(1);
  });

  it.skipIf(!HAVE_FIXTURES)(`completes SessionEnd records that never ran (${HAVE_FIXTURES ? 'real transcript' : FIXTURES_SKIP})`, async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const transcript = copyTranscript(tempDir());
    const pending = join(repo.dir, '.agent-handover', 'pending-end');
    mkdirSync(pending, { recursive: true });
    writeFileSync(join(pending, 'ended-1.json'), JSON.stringify({ session_id: 'ended-1', transcript_path: transcript, reason: 'logout', cwd: repo.dir }) + '\n');
    const out = await hook('session-start', { session_id: 'fresh', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(out.exitCode).toBe(0);
    expect(existsSync(join(pending, 'ended-1.json'))).toBe(false);
    const meta = noteMeta(repo.dir, 'ended-1');
    expect(meta).toMatchObject({ status: 'ended' });
    expect(typeof meta?.ended_at).toBe('string');
    expect(stateOf(repo.dir, 'ended-1')).toMatchObject({ endReason: 'logout' });
  });

  it('under PAUSE: writes nothing at all (not even its state folder or the pointer) and says it is paused', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    const out = await hook('session-start', { session_id: 'p-1', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(out.exitCode).toBe(0);
    expect(parse(out.stdout).hookSpecificOutput.additionalContext).toMatch(/paused \(.*PAUSE\)/);
    expect(snapshotTree(repo.dir)).toEqual(before);
  });

  it('hooks.session_start: false turns it off (no output, nothing written)', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('.agent-handover.yml', 'hooks:\n  session_start: false\n');
    const out = await hook('session-start', { session_id: 'off', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(out).toEqual({ exitCode: 0 });
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
  });

  it('without a session id it still injects the context and records no session', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const out = await hook('session-start', { cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(parse(out.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(existsSync(join(repo.dir, '.agent-handover', 'current-session'))).toBe(false);
  });
});
