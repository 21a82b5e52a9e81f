import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo } from '../helpers/repo.js';
import { loadProject } from '../../src/project/project.js';
import { runHandover } from '../../src/pipeline/run-handover.js';
import { readSessionState } from '../../src/session/session-state.js';
import { sessionStartHook } from '../../src/handlers/session-start.js';

const hasMkfifo = (() => {
  try {
    execFileSync('which', ['mkfifo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('inputs that used to hang a hook', () => {
  it.skipIf(!hasMkfifo)('a FIFO as transcript_path: the handover runs without it at once, one log line, and the path is kept nowhere', { timeout: 20_000 }, async () => {
    const repo = makeTempRepo();
    const fifo = join(repo.dir, '..', 'transcript.fifo');
    execFileSync('mkfifo', [fifo]);
    const p = await loadProject(repo.dir);
    // SessionStart records the session with the payload's path: not a FIFO.
    await sessionStartHook({ payload: { session_id: 'fifo-s', transcript_path: fifo, source: 'startup' }, cwd: repo.dir, env: { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir }, args: [] });
    expect((await readSessionState(p.layout, 'fifo-s'))?.transcriptPath).toBeUndefined();
    // Four Stops, as in the issue; none waits on the FIFO (no writer ever opens it).
    for (let i = 0; i < 4; i++) {
      const { result } = await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'fifo-s', transcriptPath: fifo });
      expect(result.status, result.error).toBe('completed');
      expect(JSON.stringify(result.checkpoint?.meta)).not.toContain('transcript.fifo');
    }
    const state = await readSessionState(p.layout, 'fifo-s');
    expect(state?.transcriptPath).toBeUndefined();
    const log = readFileSync(p.layout.logPath, 'utf8');
    expect(log.match(/transcript .*transcript\.fifo is not a regular file/g)?.length).toBe(4);
    for (const run of readdirSync(p.layout.runsDir)) {
      const facts = join(p.layout.runsDir, run, 'session-next.json');
      if (existsSync(facts)) expect(readFileSync(facts, 'utf8')).not.toContain('transcript.fifo');
    }
  });

  it('a device or a folder as transcript_path is refused the same way', async () => {
    const repo = makeTempRepo();
    const p = await loadProject(repo.dir);
    for (const path of ['/dev/zero', repo.dir]) {
      const { result } = await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'dev-s', transcriptPath: path });
      expect(result.status).toBe('completed');
    }
    expect((await readSessionState(p.layout, 'dev-s'))?.transcriptPath).toBeUndefined();
  });

  it('a 50 MB single token, as a transcript line and as last_assistant_message, does not overflow the stack: the turn lands', { timeout: 120_000 }, async () => {
    const repo = makeTempRepo();
    const token = 'A1b2'.repeat(12_500_000);
    const t = join(repo.dir, '..', 'huge.jsonl');
    writeFileSync(t, `${token}\n${JSON.stringify({ type: 'user', message: { role: 'user', content: `look at ${token}` } })}\n${JSON.stringify({ type: 'user', message: { role: 'user', content: 'and then the next thing' } })}\n`);
    const p = await loadProject(repo.dir);
    const { result } = await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'huge', transcriptPath: t, lastAssistantMessage: token });
    expect(result.status, result.error).toBe('completed');
    const layer1 = join(p.layout.memoryDir, 'layer1');
    const note = readdirSync(layer1, { recursive: true }).map(String).find((f) => f.endsWith('-huge.md'))!;
    const text = readFileSync(join(layer1, note), 'utf8');
    expect(text).toContain('and then the next thing');
    expect(text.length).toBeLessThan(200_000);
    // The turn landed: the note is committed on the memory ref (shared mode, the default).
    expect(repo.git('ls-tree', '-r', '--name-only', 'refs/heads/agent-handover/memory')).toMatch(/-huge\.md$/m);
  });
});
