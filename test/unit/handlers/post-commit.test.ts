import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';
import { cli, hook, snapshotTree } from '../../helpers/cli-io.js';

const journal = (repo: TempRepo, id: string) => {
  const f = join(repo.dir, '.agent-handover', 'sessions', `${id}.commits.jsonl`);
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { hash: string; subject: string; at?: string }) : [];
};

function startSession(repo: TempRepo, id: string): void {
  mkdirSync(join(repo.dir, '.agent-handover'), { recursive: true });
  writeFileSync(join(repo.dir, '.agent-handover', '.gitignore'), '*\n');
  writeFileSync(join(repo.dir, '.agent-handover', 'current-session'), `${id}\n`);
}

/** git runs post-commit with no stdin at the top of the work tree. */
const postCommit = (repo: TempRepo, env: NodeJS.ProcessEnv = {}, cwd = repo.dir) => hook('post-commit', '', cwd, env);

describe('post-commit hook', () => {
  it('appends the new commit to the current session\'s journal', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, 'pc-1');
    repo.write('a.ts', 'a\n');
    const hash = repo.commitAll('feat: add a');
    expect(await postCommit(repo)).toEqual({ exitCode: 0 });
    repo.write('b.ts', 'b\n');
    const hash2 = repo.commitAll('fix: b');
    await postCommit(repo);
    const j = journal(repo, 'pc-1');
    expect(j.map((c) => [c.hash, c.subject])).toEqual([[hash, 'feat: add a'], [hash2, 'fix: b']]);
    expect(j[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('$CLAUDE_CODE_SESSION_ID wins over the pointer', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, 'pointer');
    repo.write('a.ts', 'a\n');
    repo.commitAll('work');
    await postCommit(repo, { CLAUDE_CODE_SESSION_ID: 'from-env' });
    expect(journal(repo, 'from-env')).toHaveLength(1);
    expect(journal(repo, 'pointer')).toHaveLength(0);
  });

  it('the recorded commit reaches the session note at the next handover', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, 'pc-2');
    repo.write('a.ts', 'a\n');
    const hash = repo.commitAll('feat: journaled');
    await postCommit(repo);
    expect((await cli(repo.dir, ['run', '--session', 'pc-2'])).code).toBe(0);
    const note = repo.git('show', `HEAD:${repo.git('ls-files', 'memory/layer1').trim()}`);
    expect(note).toContain('feat: journaled');
    expect(note).toContain(hash.slice(0, 7));
  });

  it('our own handover commit is ignored', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, 'pc-3');
    expect((await cli(repo.dir, ['run', '--session', 'pc-3'])).code).toBe(0);
    expect(repo.git('log', '-1', '--format=%s')).toMatch(/^agent-handover:/);
    await postCommit(repo);
    expect(journal(repo, 'pc-3')).toEqual([]);
  });

  it('no session known: nothing is written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('a.ts', 'a\n');
    repo.commitAll('work');
    expect(await postCommit(repo)).toEqual({ exitCode: 0 });
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
  });

  it('under PAUSE: nothing is written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, 'pc-4');
    repo.write('a.ts', 'a\n');
    repo.commitAll('work');
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    expect(await postCommit(repo)).toEqual({ exitCode: 0 });
    expect(snapshotTree(repo.dir)).toEqual(before);
  });

  it('$AGENT_HANDOVER_PAUSE pauses it too', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, 'pc-5');
    repo.write('a.ts', 'a\n');
    repo.commitAll('work');
    const hold = join(tempDir(), 'HOLD');
    writeFileSync(hold, '');
    await postCommit(repo, { AGENT_HANDOVER_PAUSE: hold });
    expect(journal(repo, 'pc-5')).toEqual([]);
  });

  it('hooks.post_commit: false in the config: nothing is written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('.agent-handover.yml', 'hooks:\n  post_commit: false\n');
    startSession(repo, 'pc-6');
    repo.write('a.ts', 'a\n');
    repo.commitAll('work');
    await postCommit(repo);
    expect(journal(repo, 'pc-6')).toEqual([]);
  });

  it('outside a repository, or in one with no commit yet: exit 0, nothing written', async () => {
    const dir = tempDir();
    expect(await hook('post-commit', '', dir)).toEqual({ exitCode: 0 });
    expect(existsSync(join(dir, '.agent-handover'))).toBe(false);
    const empty = makeTempRepo({ initialCommit: false });
    startSession(empty, 'pc-7');
    expect(await postCommit(empty)).toEqual({ exitCode: 0 });
    expect(journal(empty, 'pc-7')).toEqual([]);
  });

  it('a pointer naming an unsafe id is not followed (fails open, logs)', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    startSession(repo, '../../escape');
    repo.write('a.ts', 'a\n');
    repo.commitAll('work');
    expect(await postCommit(repo)).toEqual({ exitCode: 0 });
    expect(existsSync(join(repo.dir, 'escape.commits.jsonl'))).toBe(false);
    expect(existsSync(join(repo.dir, '..', 'escape.commits.jsonl'))).toBe(false);
  });
});
