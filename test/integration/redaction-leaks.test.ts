import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir, type TempRepo } from '../helpers/repo.js';
import { cli, filesUnder, hook } from '../helpers/cli-io.js';
import { ALNUM, DIGITS, generator, UPPER } from '../fixtures/secrets-corpus.js';

/**
 * The leaks of issue 10 one by one, each through the hooks as Claude Code calls them, in a real
 * temp repository. Each failed on the landed build: the secret reached memory/ or .agent-handover/,
 * or the final scan refused the commit and wedged the repository.
 *
 * The repositories keep the default (shared) mode: memory's readable copy is .agent-handover/memory/
 * and handovers commit to the memory ref, not to the user's branch.
 */
const MEMORY_REF = 'refs/heads/agent-handover/memory';
const LAYER1 = join('.agent-handover', 'memory', 'layer1');
const r = generator(1010);
const aws = 'AKIA' + r(UPPER + DIGITS, 16);
const ghp = 'ghp_' + r(ALNUM, 36);
const env = (repo: TempRepo) => ({ CLAUDE_PROJECT_DIR: repo.dir, AGENT_HANDOVER_NO_DETACH: '1' });

/** .agent-handover/ (the memory view is inside it), our commits on every ref, and every blob, reachable or not. */
function stored(repo: TempRepo): string {
  const read = (dir: string) => filesUnder(join(repo.dir, dir)).map((f) => `${f}\n${readFileSync(join(repo.dir, dir, f), 'utf8')}`).join('\n');
  // The user's own commits and branches name the secrets, so commit objects are read through `git log`, ours only.
  const types = repo.git('cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname)').trim().split('\n');
  const blobs = types.filter((l) => l.startsWith('blob ')).map((l) => l.slice(5)).join('\n');
  const blobText = blobs ? execFileSync('git', ['cat-file', '--batch'], { cwd: repo.dir, env: repo.env, input: blobs + '\n', maxBuffer: 1 << 28 }).toString('utf8') : '';
  return `${read('.agent-handover')}\n${repo.git('log', '--all', '-p', '--grep=Agent-Handover: yes')}\n${blobText}`;
}

const handovers = (repo: TempRepo) => repo.git('log', '--format=%s', MEMORY_REF);

function line(session: string, role: 'user' | 'assistant', content: unknown): string {
  return JSON.stringify({ type: role, sessionId: session, message: { role, content } }) + '\n';
}

async function start(repo: TempRepo, session: string): Promise<{ transcript: string; base: Record<string, unknown> }> {
  const transcript = join(tempDir(), `${session}.jsonl`);
  writeFileSync(transcript, '');
  const base = { session_id: session, cwd: repo.dir, transcript_path: transcript };
  await hook('session-start', { ...base, source: 'startup', hook_event_name: 'SessionStart' }, repo.dir, env(repo));
  return { transcript, base };
}

const stop = (repo: TempRepo, base: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  hook('stop', { ...base, hook_event_name: 'Stop', stop_hook_active: false, ...extra }, repo.dir, env(repo));

describe('redaction leaks found on the landed build', () => {
  it('a TodoWrite item stays redacted at the second Stop (the todo list is rebuilt from the stored carry)', async () => {
    const repo = makeTempRepo();
    const { transcript, base } = await start(repo, 'todo-carry');
    appendFileSync(transcript, line('todo-carry', 'user', 'rotate the keys'));
    appendFileSync(transcript, line('todo-carry', 'assistant', [{ type: 'tool_use', id: 'toolu_t1', name: 'TodoWrite', input: { todos: [{ content: `Rotate AWS key ${aws} and GitHub token ${ghp}`, status: 'pending' }] } }]));
    await stop(repo, base);
    appendFileSync(transcript, line('todo-carry', 'assistant', [{ type: 'text', text: 'Working on it.' }]));
    await stop(repo, base);
    const note = filesUnder(join(repo.dir, LAYER1)).map((f) => readFileSync(join(repo.dir, LAYER1, f), 'utf8')).join('');
    expect(note).toContain('Rotate AWS key [REDACTED:aws-access-key]');
    // The note was committed to the memory ref, so stored() reads it there too.
    expect(repo.git('log', '-p', '--grep=Agent-Handover: yes', MEMORY_REF)).toContain('Rotate AWS key [REDACTED:aws-access-key]');
    expect(stored(repo)).not.toContain(aws);
    expect(stored(repo)).not.toContain(ghp);
  });

  it('"the db password:⏎value" is redacted before any rendering, so the handover commits and later sessions run', async () => {
    const repo = makeTempRepo();
    const { transcript, base } = await start(repo, 'two-line');
    appendFileSync(transcript, line('two-line', 'user', 'connect to staging, the db password:\nZxcv1234Qwer'));
    await stop(repo, base);
    expect(stored(repo)).not.toContain('Zxcv1234Qwer');
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
    const next = await start(repo, 'after-two-line');
    appendFileSync(next.transcript, line('after-two-line', 'user', 'an ordinary request'));
    await stop(repo, next.base);
    expect(handovers(repo)).toContain('agent-handover: stop after-two-line');
  });

  it('the SessionEnd reason is sanitised in pending-end, the session state and the note', async () => {
    const repo = makeTempRepo();
    const { base } = await start(repo, 'end-reason');
    await hook('session-end', { ...base, hook_event_name: 'SessionEnd', reason: `logout after pasting ${ghp}` }, repo.dir, env(repo));
    expect(stored(repo)).not.toContain(ghp);
    expect(handovers(repo)).toContain('agent-handover: session_end end-reason');
  });

  it('a file at the project root named like an assignment is redacted and does not wedge the run', async () => {
    const repo = makeTempRepo();
    const { transcript, base } = await start(repo, 'file-name');
    // Committed by the user (the diff stat names it), then edited again (git status names it).
    writeFileSync(join(repo.dir, 'DB_PASSWORD=ab&Zc'), 'one\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'add config');
    writeFileSync(join(repo.dir, 'DB_PASSWORD=ab&Zc'), 'two\n');
    appendFileSync(transcript, line('file-name', 'user', 'list the files'));
    await stop(repo, base);
    const all = stored(repo);
    expect(all).not.toContain('ab&Zc');
    expect(all).not.toMatch(/&Zc/);
    expect(all).toContain('DB_PASSWORD=[REDACTED:password]');
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
  });

  it('commit subjects are sanitised in the post-commit journal, and branch names everywhere', async () => {
    const repo = makeTempRepo();
    const branch = `fix/${ghp}`;
    repo.git('checkout', '-q', '-b', branch);
    const { transcript, base } = await start(repo, 'git-names');
    repo.write('app.txt', 'x\n');
    repo.git('add', 'app.txt');
    repo.git('commit', '-q', '-m', `deploy with AWS key ${aws}`);
    await hook('post-commit', {}, repo.dir, { ...env(repo), CLAUDE_CODE_SESSION_ID: 'git-names' });
    const journal = readFileSync(join(repo.dir, '.agent-handover', 'sessions', 'git-names.commits.jsonl'), 'utf8');
    expect(journal).toContain('deploy with AWS key [REDACTED:aws-access-key]');
    appendFileSync(transcript, line('git-names', 'user', 'ship it'));
    await stop(repo, base);
    const all = stored(repo);
    expect(all).not.toContain(aws);
    expect(all).not.toContain(ghp);
    expect(all).toMatch(/^branch: "[^"\n]*\[REDACTED:github-token\]"$/m);
  });
});
