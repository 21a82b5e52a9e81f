import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir, type TempRepo } from '../helpers/repo.js';
import { cli, filesUnder, hook } from '../helpers/cli-io.js';
import { buildCorpus, type CorpusEntry } from '../fixtures/secrets-corpus.js';

/**
 * The attack of issue 10, on the real pipeline: a real temp git repository, the hooks called with
 * the payloads Claude Code sends, a transcript JSONL written to disk, the CLI for `note` and
 * `run --note`, and git's own post-commit. Every secret kind of the corpus goes through every
 * channel; afterwards no secret may be in memory (the default, shared, mode: the readable copy in
 * .agent-handover/memory/ and the commits of refs/heads/agent-handover/memory), in any object of
 * .git (reachable or dangling), nor anywhere under .agent-handover/.
 *
 * Values are random per run (fast-check picks the corpus seed and the order of the kinds), and
 * kinds are batched 42 to a session so the whole file stays well under a minute.
 */
const TEXT_CHANNELS = ['prompt', 'assistant text', 'Bash command', 'tool result', 'TodoWrite', 'TaskCreate', 'TaskUpdate', 'subagent prompt', 'subagent result', 'transcript compact summary', 'PostCompact compact_summary', 'note', 'run --note', 'last_assistant_message', 'SessionEnd reason', 'commit subject', 'Edit/Write file path'] as const;
const NAME_CHANNELS = ['file name at project root', 'branch name'] as const;
const BATCH = 42;

const firstLine = (s: string): string => s.split('\n')[0]!;
const oneLine = (s: string): string => s.replace(/\n/g, '\\n');
const fileNameOk = (s: string): boolean => s.length > 0 && s.length < 200 && !s.includes('/') && !s.startsWith('.') && !s.startsWith('-');
const branchOk = (repo: TempRepo, s: string): boolean => {
  try {
    repo.git('check-ref-format', '--branch', s);
    return !s.startsWith('-');
  } catch {
    return false;
  }
};

function transcriptLines(session: string, batch: CorpusEntry[], root: string): string[] {
  const lines: unknown[] = [];
  batch.forEach((e, i) => {
    const s = e.snippet;
    lines.push({ type: 'user', sessionId: session, message: { role: 'user', content: `please wire this up: ${s}` } });
    lines.push({
      type: 'assistant', sessionId: session, message: {
        role: 'assistant', content: [
          { type: 'text', text: `Using ${s} as asked.` },
          { type: 'tool_use', id: `toolu_b${i}`, name: 'Bash', input: { command: `echo '${oneLine(s).replace(/'/g, '')}' > .env && ./deploy.sh` } },
          { type: 'tool_use', id: `toolu_e${i}`, name: 'Edit', input: { file_path: `${root}/config/${firstLine(s)}`, old_string: 'a', new_string: 'b' } },
          { type: 'tool_use', id: `toolu_t${i}`, name: 'Task', input: { description: 'check the credential', prompt: `verify that ${s} works` } },
          { type: 'tool_use', id: `toolu_c${i}`, name: 'TaskCreate', input: { subject: `Rotate ${s}` } },
        ],
      },
    });
    lines.push({
      type: 'user', sessionId: session, message: {
        role: 'user', content: [
          { type: 'tool_result', tool_use_id: `toolu_b${i}`, content: `deployed with ${s}`, is_error: false },
          { type: 'tool_result', tool_use_id: `toolu_t${i}`, content: [{ type: 'text', text: `the subagent found ${s}` }] },
        ],
      },
      toolUseResult: { agentId: `agent${i}` },
    });
    lines.push({ type: 'user', sessionId: session, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_c${i}`, content: 'created' }] }, toolUseResult: { task: { id: String(i + 1), subject: `Rotate ${s}` } } });
    lines.push({ type: 'assistant', sessionId: session, message: { role: 'assistant', content: [{ type: 'tool_use', id: `toolu_u${i}`, name: 'TaskUpdate', input: { taskId: String(i + 1), subject: `Rotated ${s}`, status: 'in_progress' } }] } });
    lines.push({ type: 'summary', summary: `Earlier the session used ${s}` });
  });
  lines.push({ type: 'assistant', sessionId: session, message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_todo', name: 'TodoWrite', input: { todos: batch.map((e) => ({ content: `Rotate ${e.snippet}`, status: 'pending' })) } }] } });
  return lines.map((l) => JSON.stringify(l));
}

const MEMORY_REF = 'refs/heads/agent-handover/memory';

/** Every text an attacker could read afterwards: the memory view and ref, every git object, .agent-handover/. */
function everythingStored(repo: TempRepo): { memory: string; git: string; state: string } {
  const view = join(repo.dir, '.agent-handover', 'memory');
  const memory = filesUnder(view).map((f) => readFileSync(join(view, f), 'utf8')).join('\n');
  // Our commits on every ref (the memory ref among them), messages and patches.
  const ours = repo.git('log', '--all', '-p', '--grep=Agent-Handover: yes', '--format=%B');
  // Every object but commits, reachable or not (a refused secret once stayed behind as a dangling
  // blob): blobs, and trees for file names. The user's own commits name the secrets in their
  // subjects, so commit objects are read through `git log` above, for our commits only.
  const types = repo.git('cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname)').trim().split('\n');
  const objects = types.filter((l) => !l.startsWith('commit ')).map((l) => l.slice(l.indexOf(' ') + 1)).join('\n');
  const blobText = objects ? execFileSync('git', ['cat-file', '--batch'], { cwd: repo.dir, env: repo.env, input: objects + '\n', maxBuffer: 1 << 28 }).toString('utf8') : '';
  const state = filesUnder(join(repo.dir, '.agent-handover')).map((f) => `${f}\n${readFileSync(join(repo.dir, '.agent-handover', f), 'utf8')}`).join('\n');
  return { memory, git: `${ours}\n${blobText}`, state };
}

async function runSession(repo: TempRepo, session: string, batch: CorpusEntry[], transcript: string): Promise<{ branch?: CorpusEntry; files: CorpusEntry[] }> {
  const env = { CLAUDE_PROJECT_DIR: repo.dir, AGENT_HANDOVER_NO_DETACH: '1' };
  const base = { session_id: session, cwd: repo.dir, transcript_path: transcript };
  writeFileSync(transcript, '');
  await hook('session-start', { ...base, source: 'startup', hook_event_name: 'SessionStart' }, repo.dir, env);
  // The user's own work: a branch and files named after secrets, commits whose subjects hold them.
  const branch = batch.find((e) => branchOk(repo, firstLine(e.snippet)));
  if (branch) repo.git('checkout', '-q', '-b', firstLine(branch.snippet));
  const files = batch.filter((e) => fileNameOk(firstLine(e.snippet)));
  for (const e of files) writeFileSync(join(repo.dir, firstLine(e.snippet)), 'x\n');
  // Six secrets to a commit subject: one line, as `git log --format=%s` gives it.
  for (let i = 0; i < batch.length; i += 6) {
    repo.write(`work/${session}-${i}.txt`, `${i}\n`);
    repo.git('add', `work/${session}-${i}.txt`);
    repo.git('commit', '-q', '-m', `deploy with ${batch.slice(i, i + 6).map((e) => firstLine(e.snippet)).join(' and ')}`);
    await hook('post-commit', {}, repo.dir, { ...env, CLAUDE_CODE_SESSION_ID: session });
  }
  appendFileSync(transcript, transcriptLines(session, batch, repo.dir).join('\n') + '\n');
  const last = batch.map((e) => e.snippet).join('\n');
  await hook('stop', { ...base, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: last }, repo.dir, env);
  for (let i = 0; i < batch.length; i += 6) expect((await cli(repo.dir, ['note', '--session', session, `careful: ${batch.slice(i, i + 6).map((e) => e.snippet).join(' / ')}`], env)).code).toBe(0);
  // A second Stop: the todo and task lists are rebuilt from the stored carry.
  appendFileSync(transcript, JSON.stringify({ type: 'assistant', sessionId: session, message: { role: 'assistant', content: [{ type: 'text', text: 'Second turn done.' }] } }) + '\n');
  await hook('stop', { ...base, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'Second turn done.' }, repo.dir, env);
  await hook('pre-compact', { ...base, hook_event_name: 'PreCompact', trigger: 'auto' }, repo.dir, env);
  await hook('post-compact', { ...base, hook_event_name: 'PostCompact', trigger: 'auto', compact_summary: `Summary of the work:\n${last}` }, repo.dir, env);
  expect((await cli(repo.dir, ['run', '--session', session, '--note', `manual: ${last}`], env)).code).toBe(0);
  await hook('session-end', { ...base, hook_event_name: 'SessionEnd', reason: `other: ${batch.map((e) => firstLine(e.snippet)).join(' ')}` }, repo.dir, env);
  for (const e of files) execFileSync('rm', ['-f', '--', join(repo.dir, firstLine(e.snippet))]);
  return { ...(branch ? { branch } : {}), files };
}

describe('secrets pushed through every channel of the real pipeline', () => {
  it('never reach memory (its view and ref), git objects or .agent-handover/ (property over seeds and orders)', async () => {
    const counts = { kinds: 0, attempts: 0, sessions: 0 };
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 1000 }), async (seed, rot) => {
      const corpus = buildCorpus(seed);
      const kinds = [...corpus.slice(rot % corpus.length), ...corpus.slice(0, rot % corpus.length)];
      expect(new Set(kinds.map((k) => k.label)).size).toBeGreaterThanOrEqual(80);
      const repo = makeTempRepo();
      const transcript = join(tempDir(), 'transcript.jsonl');
      let named = 0;
      for (let b = 0; b * BATCH < kinds.length; b++) {
        const batch = kinds.slice(b * BATCH, (b + 1) * BATCH);
        const r = await runSession(repo, `leak-${b}`, batch, transcript);
        named += r.files.length + (r.branch ? 1 : 0);
        counts.sessions++;
      }
      const stored = everythingStored(repo);
      expect(stored.memory).toContain('[REDACTED:');
      // The handovers went to the memory ref (so `stored.git` holds them), one or more per session.
      expect(repo.git('log', '--format=%s', MEMORY_REF).split('\n').filter((l) => l.startsWith('agent-handover: ')).length).toBeGreaterThanOrEqual(Math.ceil(kinds.length / BATCH));
      for (const k of kinds) {
        for (const s of k.secrets) {
          for (const [where, text] of [['.agent-handover/memory/', stored.memory], ['.git', stored.git], ['.agent-handover/', stored.state]] as const) {
            const at = text.indexOf(s);
            expect(at, `${k.label} reached ${where}: …${text.slice(Math.max(0, at - 300), at + s.length + 80)}…`).toBe(-1);
          }
        }
      }
      // Every session ran to the end and committed: nothing was refused or left stuck.
      expect((await cli(repo.dir, ['check'])).code).toBe(2);
      counts.kinds = kinds.length;
      counts.attempts += kinds.length * TEXT_CHANNELS.length + named;
    }), { numRuns: 1, endOnFailure: true });
    // kinds × channels, for the note on the issue.
    console.log(`secrets-every-channel: ${counts.kinds} kinds × ${TEXT_CHANNELS.length} text channels + ${NAME_CHANNELS.length} name channels where the value is a legal name = ${counts.attempts} attempts in ${counts.sessions} sessions, 0 leaks`);
  }, 420_000);
});
