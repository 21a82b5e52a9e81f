import { describe, expect, test } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellLooks } from '../../../src/session/opening.js';
import { readTranscript } from '../../../src/session/transcript.js';
import { readSessionLog } from '../../../src/session/read-session-log.js';
import { tempDir } from '../../helpers/repo.js';

const line = (r: object) => JSON.stringify({ sessionId: 's', cwd: '/p', ...r });
const user = (content: unknown) => line({ type: 'user', message: { role: 'user', content } });
const tool = (id: string, name: string, input: object) => line({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id, name, input }] } });
const say = (text: string) => line({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } });

describe('opening of a session (up to its first edit)', () => {
  test('shell reads and searches: files of cat/sed/head, patterns and folders of rg/grep/find/ls', () => {
    expect(shellLooks("sed -n '1,40p' src/a.ts && rg -n 'retry' src/upload | head -5; ls docs", 7)).toEqual([
      { how: 'read', path: 'src/a.ts', line: 7 },
      { how: 'search', pattern: 'retry', path: 'src/upload', line: 7 },
      { how: 'search', path: 'docs', line: 7 },
    ]);
    expect(shellLooks('npm test', 1)).toEqual([]);
  });

  test('turns, tool calls, looks and the line of the first edit; questions over the whole run', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, [
      user('Fix the upload retry.'),
      tool('t1', 'Grep', { pattern: 'retry', path: '/p/src' }),
      tool('t2', 'Read', { file_path: '/p/src/upload.ts' }),
      say('Which backoff do you want: linear or exponential?'),
      user('exponential'),
      tool('t3', 'Edit', { file_path: '/p/src/upload.ts', old_string: 'a', new_string: 'b' }),
      tool('t4', 'Read', { file_path: '/p/src/other.ts' }),
      tool('t5', 'AskUserQuestion', { questions: [{ question: 'Should I also bump the version?', header: 'Version' }] }),
    ].join('\n') + '\n');
    const f = (await readTranscript(path)).facts;
    expect(f.opening).toEqual({
      turns: 2,
      toolCalls: 3,
      looked: [{ how: 'search', path: '/p/src', pattern: 'retry', line: 2 }, { how: 'read', path: '/p/src/upload.ts', line: 3 }],
      firstEditLine: 6,
    });
    expect(f.editLines).toEqual([{ path: '/p/src/upload.ts', line: 6 }]);
    expect(f.questions).toEqual([
      { text: 'Which backoff do you want: linear or exponential?', line: 4 },
      { text: 'Should I also bump the version? Version', line: 8 },
    ]);
  });

  const base = join(process.cwd(), '..', 'shared', 'fixtures', 'transcripts');
  test.skipIf(!existsSync(base))('every reader fills it: Codex, Copilot, Gemini and OpenCode fixtures have an opening with a first edit', async () => {
    for (const [agent, file] of [
      ['codex', 'codex/v0.66.0-cli-shell-command-apply-patch.jsonl'],
      ['copilot', 'copilot/v1.0.95-2-tool-exercise-failing-bash-edit-subagent-resume.jsonl'],
      ['gemini', 'gemini/v0.23.0-session-shell-write-read.json'],
      ['opencode', 'opencode/v1.14.28-export-todowrite-edit-error-single-turn.json'],
    ] as const) {
      const o = (await readSessionLog(agent, join(base, file))).facts.opening;
      expect(o?.firstEditLine, file).toBeGreaterThan(0);
      expect(o?.turns, file).toBeGreaterThanOrEqual(1);
    }
  });

  test('Cline, Cursor and Droid logs (hand-made fixtures) too, with the file line of the first edit', async () => {
    const own = join(process.cwd(), 'test', 'fixtures', 'agents');
    for (const [agent, file] of [
      ['cline', 'cline-api_conversation_history.handmade.json'],
      ['cursor', 'cursor-agent-transcript.handmade.jsonl'],
      ['droid', 'droid-session.handmade.jsonl'],
    ] as const) {
      const o = (await readSessionLog(agent, join(own, file))).facts.opening;
      expect(o?.firstEditLine, file).toBeGreaterThan(0);
      expect(o?.turns, file).toBe(1);
    }
  });
});
