import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { cli } from '../helpers/cli-io.js';
import { ALNUM, generator } from '../fixtures/secrets-corpus.js';

interface Capture { id: string; kind: string; text: string; session: string; at: string; closes?: string }

const capturesOf = (repo: TempRepo, session: string): Capture[] => {
  const f = join(repo.dir, '.agent-handover', 'sessions', `${session}.captures.jsonl`);
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Capture) : [];
};

function pointAt(repo: TempRepo, session: string): void {
  mkdirSync(join(repo.dir, '.agent-handover'), { recursive: true });
  writeFileSync(join(repo.dir, '.agent-handover', 'current-session'), `${session}\n`);
}

describe('agent-handover note', () => {
  it('is durable at once: one line in sessions/<id>.captures.jsonl before any Stop, nothing in memory/ yet', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['note', '--kind', 'decision', 'Use', 'SQLite', 'for', 'the', 'cache'], { CLAUDE_CODE_SESSION_ID: 'sess-a' });
    expect(r.code).toBe(0);
    const caps = capturesOf(repo, 'sess-a');
    expect(caps).toHaveLength(1);
    expect(caps[0]).toMatchObject({ kind: 'decision', text: 'Use SQLite for the cache', session: 'sess-a' });
    expect(caps[0]!.id).toMatch(/^d-[a-z0-9]{6}$/);
    expect(r.out).toBe(`Captured ${caps[0]!.id} in session sess-a.`);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('the next run renders it into the session note', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await cli(repo.dir, ['note', '--kind', 'gotcha', 'git status -z splits renames into two records'], { CLAUDE_CODE_SESSION_ID: 'sess-b' });
    expect((await cli(repo.dir, ['run', '--session', 'sess-b'])).code).toBe(0);
    const note = readFileSync(join(repo.dir, repo.git('ls-files', 'memory/layer1').trim()), 'utf8');
    expect(note).toMatch(/## Gotchas[\s\S]*git status -z splits renames into two records \(id: g-/);
  });

  it.each([
    ['decision', /^d-/],
    ['gotcha', /^g-/],
    ['followup', /^f-/],
    ['context', /^c-/],
  ])('--kind %s gets a typed id', async (kind, re) => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['note', '--kind', kind, `a ${kind}`], { CLAUDE_CODE_SESSION_ID: 's' })).code).toBe(0);
    expect(capturesOf(repo, 's')[0]!.id).toMatch(re);
  });

  it('the default kind is context; -k is --kind', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await cli(repo.dir, ['note', 'plain text'], { CLAUDE_CODE_SESSION_ID: 's' });
    await cli(repo.dir, ['note', '-k', 'followup', 'short flag'], { CLAUDE_CODE_SESSION_ID: 's' });
    expect(capturesOf(repo, 's').map((c) => c.kind)).toEqual(['context', 'followup']);
  });

  it('a follow-up prints its id (f-xxxxxx)', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['note', '--kind', 'followup', 'Add retries to the uploader'], { CLAUDE_CODE_SESSION_ID: 's' });
    expect(r.out).toMatch(/^Captured f-[a-z0-9]{6} in session s\.$/);
  });

  describe('which session', () => {
    it('--session wins over $CLAUDE_CODE_SESSION_ID, which wins over the current-session pointer', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      pointAt(repo, 'from-pointer');
      await cli(repo.dir, ['note', '--session', 'from-flag', 'one'], { CLAUDE_CODE_SESSION_ID: 'from-env' });
      await cli(repo.dir, ['note', 'two'], { CLAUDE_CODE_SESSION_ID: 'from-env' });
      await cli(repo.dir, ['note', 'three']);
      expect(capturesOf(repo, 'from-flag').map((c) => c.text)).toEqual(['one']);
      expect(capturesOf(repo, 'from-env').map((c) => c.text)).toEqual(['two']);
      expect(capturesOf(repo, 'from-pointer').map((c) => c.text)).toEqual(['three']);
    });

    it('the pointer a SessionStart wrote is used', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      const { runHook } = await import('../../src/hooks/run-hook.js');
      await runHook('session-start', JSON.stringify({ session_id: 'started-here', cwd: repo.dir, source: 'startup' }), { cwd: repo.dir, env: process.env });
      expect((await cli(repo.dir, ['note', 'attached'])).out).toContain('session started-here');
      expect(capturesOf(repo, 'started-here')).toHaveLength(1);
    });

    it('no session anywhere: exit 1 with what is missing and how to fix it, nothing written', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      const r = await cli(repo.dir, ['note', 'orphan']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('No session to attach the note to');
      expect(r.err).toMatch(/Fix: Pass --session ID/);
      expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    });

    it.each([['../evil'], ['a/b'], ['-x']])('an unsafe session id %j is refused (exit 1), nothing written', async (id) => {
      const repo = makeTempRepo({ mode: 'branch' });
      const r = await cli(repo.dir, ['note', `--session=${id}`, 'text']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(id);
      expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    });
  });

  it('under PAUSE: exit 4, nothing written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const r = await cli(repo.dir, ['note', 'x'], { CLAUDE_CODE_SESSION_ID: 's' });
    expect(r.code).toBe(4);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
  });

  it('--kind done needs a follow-up id: anything else is a usage error', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    for (const args of [['note', '--kind', 'done'], ['note', '--kind', 'done', 'the', 'thing'], ['note', '--kind', 'done', 'd-abc123']]) {
      const r = await cli(repo.dir, args, { CLAUDE_CODE_SESSION_ID: 's' });
      expect(r.code).toBe(64);
      expect(r.err).toMatch(/--kind done f-/);
    }
    expect(capturesOf(repo, 's')).toEqual([]);
  });

  it('--kind done <id> from a later session closes the follow-up in current-state and context', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const raised = await cli(repo.dir, ['note', '--kind', 'followup', 'Migrate the config loader'], { CLAUDE_CODE_SESSION_ID: 'early' });
    const id = /f-[a-z0-9]{6}/.exec(raised.out)![0];
    await cli(repo.dir, ['note', '--kind', 'followup', 'Still open afterwards'], { CLAUDE_CODE_SESSION_ID: 'early' });
    expect((await cli(repo.dir, ['run', '--session', 'early'])).code).toBe(0);
    const state = () => readFileSync(join(repo.dir, 'memory', 'layer2', 'current-state.md'), 'utf8');
    expect(state()).toContain(`Migrate the config loader (id: ${id}`);
    expect((await cli(repo.dir, ['context'])).out).toContain('Migrate the config loader');

    const done = await cli(repo.dir, ['note', '--kind', 'done', id], { CLAUDE_CODE_SESSION_ID: 'later' });
    expect(done.code).toBe(0);
    expect(capturesOf(repo, 'later')[0]).toMatchObject({ kind: 'done', closes: id, session: 'later' });
    expect((await cli(repo.dir, ['run', '--session', 'later'])).code).toBe(0);
    expect(state()).not.toContain('Migrate the config loader');
    expect(state()).toContain('Still open afterwards');
    const ctx = (await cli(repo.dir, ['context'])).out;
    expect(ctx).not.toContain('Migrate the config loader');
    expect(ctx).toContain('Still open afterwards');
    // And a regenerate from the notes alone agrees (the closing is in the later note, not only in the index).
    expect((await cli(repo.dir, ['regenerate'])).code).toBe(0);
    expect(state()).not.toContain('Migrate the config loader');
  });

  it('a secret in the text is redacted before it reaches disk', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const token = 'ghp_' + generator(7)(ALNUM, 36);
    const r = await cli(repo.dir, ['note', '--kind', 'gotcha', `the CI token ${token} expires monthly`], { CLAUDE_CODE_SESSION_ID: 'sec' });
    expect(r.code).toBe(0);
    const raw = readFileSync(join(repo.dir, '.agent-handover', 'sessions', 'sec.captures.jsonl'), 'utf8');
    expect(raw).not.toContain(token);
    expect(raw).toContain('[REDACTED:github-token]');
    expect(raw).toContain('expires monthly');
  });
});
