import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';
import { ALNUM, generator } from '../../fixtures/secrets-corpus.js';

interface Capture { id: string; kind: string; text: string; session: string; at: string; closes?: string }

const capturesOf = (repo: TempRepo, session: string): Capture[] => {
  const f = join(repo.dir, '.agent-handover', 'sessions', `${session}.captures.jsonl`);
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Capture) : [];
};

describe('agent-handover note', () => {
  it('is durable at once: one line in sessions/<id>.captures.jsonl before any Stop, nothing in memory/ yet', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['note', '--kind', 'decision', 'Use', 'SQLite', 'for', 'the', 'cache'], { CLAUDE_CODE_SESSION_ID: 'sess-a' });
    expect(r.code).toBe(0);
    const caps = capturesOf(repo, 'sess-a');
    expect(caps).toHaveLength(1);
    expect(caps[0]).toMatchObject({ kind: 'decision', text: 'Use SQLite for the cache', session: 'sess-a' });
    expect(caps[0]!.id).toMatch(/^d-[a-z0-9]{6}$/);
    expect(r.out).toBe(`Captured ${caps[0]!.id} in session sess-a. (the agent's session, from $CLAUDE_CODE_SESSION_ID)`);
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
    expect(r.out).toMatch(/^Captured f-[a-z0-9]{6} in session s\. /);
  });

  describe('which session', () => {
    const start = async (repo: TempRepo, session: string, env: NodeJS.ProcessEnv = {}) => {
      const { runHook } = await import('../../../src/hooks/run-hook.js');
      await runHook('session-start', JSON.stringify({ session_id: session, cwd: repo.dir, source: 'startup' }), { cwd: repo.dir, env: { ...process.env, ...env } });
    };

    it('--session wins over $CLAUDE_CODE_SESSION_ID, which wins over the open session', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      await start(repo, 'open-one');
      await cli(repo.dir, ['note', '--session', 'from-flag', 'one'], { CLAUDE_CODE_SESSION_ID: 'from-env' });
      await cli(repo.dir, ['note', 'two'], { CLAUDE_CODE_SESSION_ID: 'from-env' });
      await cli(repo.dir, ['note', 'three'], { CLAUDE_CODE_SESSION_ID: '' });
      expect(capturesOf(repo, 'from-flag').map((c) => c.text)).toEqual(['one']);
      expect(capturesOf(repo, 'from-env').map((c) => c.text)).toEqual(['two']);
      expect(capturesOf(repo, 'open-one').map((c) => c.text)).toEqual(['three']);
    });

    it('$GEMINI_SESSION_ID is an agent session variable too', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      const r = await cli(repo.dir, ['note', 'from gemini'], { CLAUDE_CODE_SESSION_ID: '', GEMINI_SESSION_ID: 'gem-1' });
      expect(r.out).toContain('$GEMINI_SESSION_ID');
      expect(capturesOf(repo, 'gem-1')).toHaveLength(1);
    });

    it('the one open session of the branch is used, and the output says so', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      await start(repo, 'started-here');
      const r = await cli(repo.dir, ['note', 'attached'], { CLAUDE_CODE_SESSION_ID: '' });
      expect(r.out).toContain('session started-here');
      expect(r.out).toContain('open agent session of branch main');
      expect(capturesOf(repo, 'started-here')).toHaveLength(1);
    });

    it('two open sessions and no session variable: exit 64 naming both, asking for --session, nothing written', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      await start(repo, 'first-open');
      await start(repo, 'second-open');
      const r = await cli(repo.dir, ['note', 'whose?'], { CLAUDE_CODE_SESSION_ID: '' });
      expect(r.code).toBe(64);
      expect(r.err).toContain('first-open');
      expect(r.err).toContain('second-open');
      expect(r.err).toContain('--session');
      expect(capturesOf(repo, 'first-open')).toEqual([]);
      expect(capturesOf(repo, 'second-open')).toEqual([]);
    });

    it('no session anywhere: today\'s manual session, said in the output, and `context` shows the note at once', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      const r = await cli(repo.dir, ['note', '--kind', 'followup', 'Check the flaky upload test'], { CLAUDE_CODE_SESSION_ID: '' });
      expect(r.code, r.err).toBe(0);
      const day = new Date().toISOString().slice(0, 10);
      expect(r.out).toContain(`in session manual-${day}`);
      expect(r.out).toContain("today's manual session");
      expect(capturesOf(repo, `manual-${day}`)).toHaveLength(1);
      const ctx = await cli(repo.dir, ['context']);
      expect(ctx.out).toMatch(/## Open follow-ups\n- Check the flaky upload test \(f-/);
      const plain = await cli(repo.dir, ['note', 'the staging box is down until Friday'], { CLAUDE_CODE_SESSION_ID: '' });
      expect(plain.code).toBe(0);
      expect((await cli(repo.dir, ['context'])).out).toMatch(/## Notes captured since the last handover\n- the staging box is down until Friday/);
      // The run writes them into the manual session's note and ends it; context shows them once.
      expect((await cli(repo.dir, ['run'], { CLAUDE_CODE_SESSION_ID: '' })).code).toBe(0);
      const after = (await cli(repo.dir, ['context'])).out;
      expect(after.match(/Check the flaky upload test/g)).toHaveLength(1);
      expect(after).not.toContain('## Notes captured since the last handover');
      expect(after).toMatch(new RegExp(`manual-${day}\\b[^\\n]*\\bended\\b`));
      expect(after).not.toContain('(active)');
    });

    it('--kind done with an id that is not open: exit 1 listing the open ids, nothing written', async () => {
      const repo = makeTempRepo({ mode: 'branch' });
      const raised = await cli(repo.dir, ['note', '--kind', 'followup', 'Real follow-up'], { CLAUDE_CODE_SESSION_ID: 's' });
      const id = /f-[a-z0-9]{6}/.exec(raised.out)![0];
      const r = await cli(repo.dir, ['note', '--kind', 'done', 'f-zzzzzz'], { CLAUDE_CODE_SESSION_ID: 's' });
      expect(r.code).toBe(1);
      expect(r.err).toContain('No open follow-up f-zzzzzz');
      expect(r.err).toContain(`Open follow-ups: ${id}`);
      expect(capturesOf(repo, 's')).toHaveLength(1);
      // The open one closes, straight away in the context.
      expect((await cli(repo.dir, ['note', '--kind', 'done', id], { CLAUDE_CODE_SESSION_ID: 's' })).code).toBe(0);
      expect((await cli(repo.dir, ['context'])).out).not.toContain('Real follow-up');
    });

    it.each([['../evil'], ['a/b'], ['-x']])('an unsafe session id %j is refused (exit 1), nothing written', async (id) => {
      const repo = makeTempRepo({ mode: 'branch' });
      const r = await cli(repo.dir, ['note', `--session=${id}`, 'text'], { CLAUDE_CODE_SESSION_ID: '' });
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
