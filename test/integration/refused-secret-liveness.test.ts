import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { loadProject } from '../../src/project/project.js';
import { runHandover } from '../../src/pipeline/run-handover.js';
import { Checkpoint } from '../../src/engine/checkpoint.js';
import { checkExitCode } from '../../src/cli/exit-codes.js';
import { readAbandoned } from '../../src/pipeline/run-records.js';
import { MAX_ATTEMPTS } from '../../src/engine/engine.js';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}
// Shared mode, the default: the readable copy of memory is .agent-handover/memory; commits go to the memory ref.
const MEMORY = join('.agent-handover', 'memory');
const REF = 'refs/heads/agent-handover/memory';
const memoryText = (repo: TempRepo) => filesUnder(join(repo.dir, MEMORY)).map((f) => readFileSync(f, 'utf8')).join('\n');
const everyHistory = (repo: TempRepo) => repo.git('log', '--all', '-p', '--format=%H %s%n%b');
const notes = (repo: TempRepo) => filesUnder(join(repo.dir, MEMORY, 'layer1')).length;
const notesOnRef = (repo: TempRepo) => repo.git('ls-tree', '-r', '--name-only', REF, '--', 'memory/layer1').split('\n').filter(Boolean).length;
/** Every note of the view is committed on the memory ref, and the user's branch holds none of it. */
function allCommitted(repo: TempRepo): void {
  expect(notesOnRef(repo)).toBe(notes(repo));
  expect(repo.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter((f) => f.startsWith('memory/') || f.startsWith('.agent-handover/'))).toEqual([]);
  expect(repo.git('status', '--porcelain', '--', '.agent-handover').trim()).toBe('');
}
const log = (repo: TempRepo) => (existsSync(join(repo.dir, '.agent-handover/log')) ? readFileSync(join(repo.dir, '.agent-handover/log'), 'utf8') : '');

function transcript(repo: TempRepo, name: string, prompt: string): string {
  const file = join(repo.dir, '..', `${name}.jsonl`);
  const lines = [
    { type: 'user', sessionId: name, message: { role: 'user', content: prompt } },
    { type: 'assistant', sessionId: name, message: { role: 'assistant', content: [{ type: 'text', text: `Working on: ${name}` }] } },
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

async function ordinarySessions(repo: TempRepo, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const s = `ordinary-${i}`;
    repo.write(`src/f${i}.ts`, `export const v${i} = ${i};\n`);
    const { result } = await runHandover(await loadProject(repo.dir), { event: 'stop', agent: 'claude-code', session: s, transcriptPath: transcript(repo, s, `please add feature ${i}`) });
    expect(result.status, `${s}: ${result.error}`).toBe('completed');
  }
}

async function checkCode(repo: TempRepo): Promise<number> {
  const p = await loadProject(repo.dir);
  return checkExitCode(await new Checkpoint(p.layout.checkpointPath).status());
}

describe('a secret the final scan refuses never wedges later handovers', () => {
  it('a hand-written memory file holding a token is redacted in place, committed clean, and one line is logged', async () => {
    const repo = makeTempRepo();
    const token = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
    // Dated today, so the compaction step leaves it where it is.
    const day = new Date().toISOString().slice(0, 10);
    const inTree = `memory/layer1/${day.slice(0, 7)}/handover-${day}-hand.md`;
    const rel = `.agent-handover/${inTree}`;
    repo.write(rel, `---\nlayer: 1\n---\n# hand edit\nuse ${token} for the API\n`);
    const { result } = await runHandover(await loadProject(repo.dir), { event: 'run', session: 'after-hand-edit' });
    expect(result.status).toBe('completed');
    expect(memoryText(repo)).not.toContain(token);
    expect(readFileSync(join(repo.dir, rel), 'utf8')).toContain('# hand edit');
    expect(everyHistory(repo)).not.toContain(token);
    expect(repo.git('log', '--format=%s', REF)).toContain('agent-handover');
    const committed = repo.git('show', `${REF}:${inTree}`);
    expect(committed).toContain('# hand edit');
    expect(committed).not.toContain(token);
    expect(log(repo)).toContain(`[publish] refused to commit ${rel} (it held what looks like a secret: github-token); the value was redacted in place`);
    expect(await checkCode(repo)).toBe(2);
  });

  it('branch mode: a hand-written memory/ file holding a token is redacted in place and committed clean on the branch', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const token = `ghp_${'F6g7H8i9J0'.repeat(3)}abcdef`;
    const day = new Date().toISOString().slice(0, 10);
    const rel = `memory/layer1/${day.slice(0, 7)}/handover-${day}-hand.md`;
    repo.write(rel, `---\nlayer: 1\n---\n# hand edit\nuse ${token} for the API\n`);
    const { result } = await runHandover(await loadProject(repo.dir), { event: 'run', session: 'after-hand-edit' });
    expect(result.status).toBe('completed');
    expect(readFileSync(join(repo.dir, rel), 'utf8')).not.toContain(token);
    expect(repo.git('show', `HEAD:${rel}`)).toContain('# hand edit');
    expect(everyHistory(repo)).not.toContain(token);
    expect(repo.git('status', '--porcelain', '--', 'memory').trim()).toBe('');
    expect(log(repo)).toContain(`[publish] refused to commit ${rel} (it held what looks like a secret: github-token); the value was redacted in place`);
    expect(await checkCode(repo)).toBe(2);
  });

  it('a pattern added to the config after the note was written: the next handover repairs the note instead of failing for ever', async () => {
    const repo = makeTempRepo();
    const secret = 'ZQX-7f3a9c1e5b2d8f40';
    const t = transcript(repo, 'tokens', `the staging key is ${secret}, keep it`);
    const first = await runHandover(await loadProject(repo.dir), { event: 'stop', agent: 'claude-code', session: 'tokens', transcriptPath: t });
    expect(first.result.status).toBe('completed');
    // Our own rules did not know this shape; the project teaches them one now.
    repo.write('.agent-handover.yml', `redaction:\n  extra_patterns:\n    - name: zqx-key\n      pattern: "ZQX-[0-9a-f]{16}"\n`);
    const p = await loadProject(repo.dir);
    expect(p.config.redaction.extraPatterns).toHaveLength(1);
    // A later turn of the same session re-renders the note from its stored facts.
    writeFileSync(t, readFileSync(t, 'utf8') + JSON.stringify({ type: 'user', sessionId: 'tokens', message: { role: 'user', content: 'thanks' } }) + '\n');
    const again = await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'tokens', transcriptPath: t });
    expect(again.result.status, again.result.error).toBe('completed');
    expect(memoryText(repo)).not.toContain(secret);
    // The newest handover commit (on the branch or the memory ref, whichever the mode uses) is clean.
    const newest = repo.git('log', '--all', '-1', '--format=%H', '--grep=Agent-Handover: yes').trim();
    const hits = (() => {
      try {
        return repo.git('grep', '-l', '-F', secret, newest, '--', 'memory');
      } catch {
        return ''; // git grep exits 1 when nothing matches
      }
    })();
    expect(hits).toBe('');
    await ordinarySessions(repo, 2);
    expect(await checkCode(repo)).toBe(2);
  });

  it('the issue\'s repro: a two-line password prompt, then six ordinary sessions: seven notes, all committed, check not RESUME', async () => {
    const repo = makeTempRepo();
    const pw = 'Zxcv1234Qwer';
    const s = 'staging-pw';
    const { result } = await runHandover(await loadProject(repo.dir), { event: 'stop', agent: 'claude-code', session: s, transcriptPath: transcript(repo, s, `connect to staging, the db password:\n${pw}`) });
    expect(result.status, result.error).toBe('completed');
    await ordinarySessions(repo, 6);
    expect(notes(repo)).toBe(7);
    allCommitted(repo);
    expect(Number(repo.git('rev-list', '--count', '--grep=Agent-Handover: yes', '--all').trim())).toBeGreaterThanOrEqual(7);
    // (Whether every rendering of the prompt is redacted is the sanitiser's test; this one is about liveness.)
    expect(await checkCode(repo)).toBe(2);
  });

  it('a file at the project root named like an assignment does not stop commits', async () => {
    const repo = makeTempRepo();
    const name = 'DB_PASSWORD=ab&Zc';
    writeFileSync(join(repo.dir, name), 'x\n');
    // The agent wrote it: its absolute path is in the transcript, and relative in the note.
    const t = join(repo.dir, '..', 'wrote.jsonl');
    writeFileSync(t, [
      { type: 'user', sessionId: 'wrote', message: { role: 'user', content: 'make the env file' } },
      { type: 'assistant', sessionId: 'wrote', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: join(repo.dir, name), content: 'x' } }] } },
      { type: 'user', sessionId: 'wrote', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] } },
    ].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const { result } = await runHandover(await loadProject(repo.dir), { event: 'stop', agent: 'claude-code', session: 'wrote', transcriptPath: t });
    expect(result.status, result.error).toBe('completed');
    await ordinarySessions(repo, 3);
    expect(notes(repo)).toBe(4);
    allCommitted(repo);
    expect(everyHistory(repo)).not.toContain('=ab&Zc');
    expect(await checkCode(repo)).toBe(2);
  });

  it('a secret in the SessionEnd reason does not stop the next sessions', async () => {
    const repo = makeTempRepo();
    const token = `ghp_${'Q9w8E7r6T5'.repeat(3)}zyxwvu`;
    const s = 'ending';
    const t = transcript(repo, s, 'tidy up');
    const end = await runHandover(await loadProject(repo.dir), { event: 'session_end', agent: 'claude-code', session: s, transcriptPath: t, endReason: `logout token=${token}` });
    expect(end.result.status, end.result.error).toBe('completed');
    await ordinarySessions(repo, 2);
    expect(notes(repo)).toBe(3);
    allCommitted(repo);
    expect(everyHistory(repo)).not.toContain(token);
    expect(await checkCode(repo)).toBe(2);
  });

  it(`a refusal that cannot be repaired is abandoned after ${MAX_ATTEMPTS} attempts with one log line, listed for doctor, and the current session still gets its note`, async () => {
    const repo = makeTempRepo();
    // A step that fails every time (a broken signer, a custom step): nothing to repair.
    repo.write('.agent-handover.yml', 'steps:\n  - collect\n  - session_note\n  - current_state\n  - name: always-fails\n    run: ["node", "-e", "process.exit(3)"]\n  - publish\n');
    const p = await loadProject(repo.dir);
    const results: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      const { resumed, result } = await runHandover(p, { event: 'stop', agent: 'claude-code', session: `s-${i}`, transcriptPath: transcript(repo, `s-${i}`, `turn ${i}`) });
      results.push(`${resumed ? `${resumed.status}+` : ''}${result.status}`);
    }
    // Attempt 1 fails, its two resumes fail, the third call gives up on it and runs its own turn.
    expect(results.slice(0, MAX_ATTEMPTS)).toEqual([...Array<string>(MAX_ATTEMPTS - 1).fill('failed'), 'abandoned+failed']);
    expect(await checkCode(repo)).toBe(1);
    const abandoned = await readAbandoned(p.layout.stateDir);
    expect(abandoned.length).toBeGreaterThanOrEqual(1);
    expect(abandoned[0]).toMatchObject({ step: 'always-fails' });
    expect(log(repo).match(/abandoned: its step always-fails failed 3 time/g)?.length).toBe(abandoned.length);
    // The session of the call that abandoned the stuck run got its note in that same call.
    expect(notes(repo)).toBeGreaterThanOrEqual(2);
  });
});
