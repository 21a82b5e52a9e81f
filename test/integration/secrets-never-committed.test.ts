import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo } from '../helpers/repo.js';
import { buildCorpus } from '../fixtures/secrets-corpus.js';
import { loadProject } from '../../src/project/project.js';
import { runHandover } from '../../src/pipeline/run-handover.js';
import { addCapture } from '../../src/session/captures.js';
import { setCurrentSession, writeSessionState } from '../../src/session/session-state.js';
import { postCommitHook } from '../../src/handlers/post-commit.js';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** One assistant turn in Claude Code's JSONL shape: the text, a Bash command and its output. */
function transcriptLines(session: string, text: string, i: number): string[] {
  const id = `toolu_${String(i).padStart(4, '0')}`;
  return [
    { type: 'user', sessionId: session, message: { role: 'user', content: `please configure it: ${text}` } },
    { type: 'assistant', sessionId: session, message: { role: 'assistant', content: [{ type: 'text', text: `Done. I used ${text}` }, { type: 'tool_use', id, name: 'Bash', input: { command: `echo '${text.replace(/'/g, '')}' > .env` } }] } },
    { type: 'user', sessionId: session, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: `wrote ${text}`, is_error: false }] } },
  ].map((l) => JSON.stringify(l));
}

describe('secrets planted in transcripts, captured notes and commit messages', () => {
  it('never reach memory/ nor any handover commit, and the count is in the note metadata', async () => {
    const corpus = buildCorpus();
    expect(new Set(corpus.map((c) => c.kind)).size).toBeGreaterThanOrEqual(25);
    const repo = makeTempRepo({ mode: 'branch' });
    const session = 'secret-session-1';
    const transcript = join(repo.dir, '..', 'transcript.jsonl');
    writeFileSync(transcript, corpus.flatMap((c, i) => transcriptLines(session, c.snippet, i)).join('\n') + '\n');
    const p = await loadProject(repo.dir);
    await setCurrentSession(p.layout, session);
    const headStart = repo.git('rev-parse', 'HEAD').trim();
    await writeSessionState(p.layout, { version: 1, session, agent: 'claude-code', startedAt: new Date().toISOString(), headStart, transcriptOffset: 0, compactSummaries: [] });
    // The user commits with credentials in the message; the post-commit journal records them.
    for (const [i, c] of corpus.slice(0, 8).entries()) {
      repo.write(`f${i}.txt`, `${i}\n`);
      repo.git('add', '-A');
      repo.git('commit', '-q', '-m', `deploy ${i} with ${c.snippet.split('\n')[0]}`);
      await postCommitHook({ payload: {}, cwd: repo.dir, env: process.env, args: [] });
    }
    expect(readFileSync(join(p.layout.sessionsDir, `${session}.commits.jsonl`), 'utf8').trim().split('\n')).toHaveLength(8);
    for (const c of corpus) await addCapture(p.layout, { kind: 'gotcha', text: `careful: ${c.snippet}`, session });
    const { result } = await runHandover(p, { event: 'stop', agent: 'claude-code', session, transcriptPath: transcript, lastAssistantMessage: corpus.map((c) => c.snippet).join('\n') });
    expect(result.status, JSON.stringify(result)).toBe("completed");

    const memoryText = filesUnder(join(repo.dir, 'memory')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const ours = repo.git('log', '-p', '--grep=Agent-Handover: yes', '--format=%B');
    expect(ours).toContain('memory/layer1/');
    for (const c of corpus) {
      for (const s of c.secrets) {
        expect(memoryText, `${c.label} leaked into memory/`).not.toContain(s);
        expect(ours, `${c.label} leaked into a handover commit`).not.toContain(s);
      }
    }
    expect(memoryText).toContain('[REDACTED:');
    expect(memoryText).toContain('deploy 7 with');
    const note = filesUnder(join(repo.dir, 'memory', 'layer1'))[0]!;
    const count = Number(/^redactions: (\d+)$/m.exec(readFileSync(note, 'utf8'))?.[1]);
    expect(count).toBeGreaterThanOrEqual(corpus.length);
  });

  it('the publish step refuses to commit a memory file that holds a secret', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const p = await loadProject(repo.dir);
    const leaked = buildCorpus().find((c) => c.kind === 'github-token') ?? buildCorpus()[0]!;
    // A hand-edited note, written straight to disk, bypassing the redaction of the pipeline.
    repo.write('memory/layer1/2026-01/handover-2026-01-05-hand.md', `---\nlayer: 1\n---\n# hand edit\n${leaked.snippet}\n`);
    const { result } = await runHandover(p, { event: 'run', session: 'after-hand-edit' });
    // The refusal is repaired (the file redacted in place), never retried as is for ever.
    expect(result.status).toBe('completed');
    expect(repo.git('log', '--all', '-p')).not.toContain(leaked.secrets[0]!);
    expect(readFileSync(join(repo.dir, '.agent-handover/log'), 'utf8')).toMatch(/\[publish\] refused to commit memory\/layer[13]\/2026-01/);
  });
});
