// Each agent's session log through readSessionLog, the one entry the collect step uses: real logs
// from ../shared/fixtures/transcripts where they exist, hand-made ones (test/fixtures/agents,
// "handmade" in the name) from the documented formats where none was found.
import { describe, expect, test } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSessionLog } from '../../../src/session/read-session-log.js';
import { foldGeminiJsonl } from '../../../src/session/gemini-jsonl.js';
import { tempDir } from '../../helpers/repo.js';

const SHARED = join(process.cwd(), '..', 'shared', 'fixtures', 'transcripts');
const HAND = join(process.cwd(), 'test', 'fixtures', 'agents');
const real = (rel: string) => join(SHARED, rel);
const skipReal = !existsSync(SHARED);
if (skipReal) console.warn(`read-session-log: real logs skipped, ${SHARED} (../shared/fixtures/transcripts/) is absent`);

describe('hand-made logs (documented formats)', () => {
  test('Cursor agent transcript: the typed request without <user_query>, edits, shell command, todos, last message', async () => {
    const { facts, reset } = await readSessionLog('cursor', join(HAND, 'cursor-agent-transcript.handmade.jsonl'));
    expect(reset).toBe(false);
    expect(facts.requests).toEqual(['Fix the rounding bug in src/price.ts: totals are off by one cent', 'also update the changelog']);
    expect(facts.filesEdited).toEqual(['src/price.ts', 'test/price.test.ts', 'CHANGELOG.md']);
    expect(facts.commands.map((c) => c.command)).toEqual(['npm test -- price']);
    expect(facts.todos).toEqual([{ content: 'Round half-up in total()', status: 'completed' }, { content: 'Add a test for 0.005', status: 'in_progress' }]);
    expect(facts.lastAssistantMessage).toMatch(/^Rounding now uses Math.round/);
  });

  test('Copilot CLI todos kept with its sql tool are the open tasks, read across two slices', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const sql = (id: string, query: string) => JSON.stringify({ type: 'tool.execution_start', data: { toolCallId: id, toolName: 'sql', arguments: { description: 'todos', query } } });
    const first = [sql('c1', "INSERT INTO todos (id, title, description) VALUES ('parse', 'Parsing the config', 'x'), ('docs', 'Writing the docs', 'y')"), sql('c2', "UPDATE todos SET status = 'in_progress' WHERE id = 'parse'")].join('\n') + '\n';
    writeFileSync(file, first);
    const a = await readSessionLog('copilot', file);
    writeFileSync(file, first + sql('c3', "UPDATE todos SET status = 'done' WHERE id = 'parse'") + '\n');
    const b = await readSessionLog('copilot', file, { offset: a.offset });
    const { mergeFacts } = await import('../../../src/session/transcript-merge.js');
    expect(mergeFacts(a.facts, b.facts).todos).toEqual([{ content: 'Parsing the config', status: 'completed' }, { content: 'Writing the docs', status: 'pending' }]);
  });

  test('Cursor transcript read in two slices from the saved offset equals one read', async () => {
    const dir = tempDir();
    const file = join(dir, 't.jsonl');
    const lines = readFileSync(join(HAND, 'cursor-agent-transcript.handmade.jsonl'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, lines.slice(0, 3).map((l) => `${l}\n`).join(''));
    const first = await readSessionLog('cursor', file);
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const second = await readSessionLog('cursor', file, { offset: first.offset });
    expect(second.reset).toBe(false);
    expect(first.facts.requests).toHaveLength(1);
    expect(second.facts.requests).toEqual(['also update the changelog']);
    expect(second.facts.filesEdited).toEqual(['src/price.ts', 'test/price.test.ts', 'CHANGELOG.md']);
  });

  test('Gemini JSONL: upserts keep one copy of a rewritten message, $rewindTo drops the retried turn, failures from the exit code', async () => {
    const file = join(HAND, 'gemini-session.handmade.jsonl');
    const { doc } = foldGeminiJsonl(readFileSync(file, 'utf8'));
    expect((doc.messages as Array<{ id: string }>).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm5', 'm6', 'm7']);
    expect(doc.summary).toBe('--json flag for report');
    const { facts, reset } = await readSessionLog('gemini', file);
    expect(reset).toBe(true);
    expect(facts.sessionIds).toEqual(['9f3c2a1e-5b7d-4e2a-9c1f-2d3e4f5a6b7c']);
    expect(facts.requests).toEqual(['Add a --json flag to the report command', 'keep the text output as the default']);
    expect(facts.filesEdited).toEqual(['/work/proj/src/report.ts', '/work/proj/test/report.test.ts']);
    expect(facts.commands).toMatchObject([{ command: 'npm test', failed: true, id: 't3' }]);
    expect(facts.todos.map((t) => t.status)).toEqual(['completed', 'pending']);
    expect(facts.lastAssistantMessage).toMatch(/README still needs/);
  });

  test('Cline task history: <task> and <feedback> are the requests, XML and native tool calls, exit codes, task_progress as the plan', async () => {
    const { facts, reset } = await readSessionLog('cline', join(HAND, 'cline-api_conversation_history.handmade.json'));
    expect(reset).toBe(true);
    expect(facts.requests).toEqual(['Migrate the config loader from JSON to YAML', 'keep config.json readable for one release']);
    expect(facts.filesEdited).toEqual(['src/config.ts', 'src/yaml.ts']);
    expect(facts.commands.map((c) => [c.command, c.failed])).toEqual([['npm run typecheck', true], ['npm test', false]]);
    expect(facts.todos).toEqual([
      { content: 'Read the loader', status: 'completed' },
      { content: 'Switch the parser to YAML', status: 'completed' },
      { content: 'Convert config.json to config.yml', status: 'pending' },
    ]);
    expect(facts.lastAssistantMessage).toBe('The loader reads YAML; config.json is still read for one release.');
  });

  test('Factory Droid messages: session id, request, edit, failing command from its tool_result, todos, last message', async () => {
    const { facts } = await readSessionLog('droid', join(HAND, 'droid-session.handmade.jsonl'));
    expect(facts.sessionIds).toEqual(['droid-hand-1']);
    expect(facts.requests).toEqual(['Add pagination to GET /users']);
    expect(facts.filesEdited).toEqual(['/work/proj/src/routes/users.ts']);
    expect(facts.commands.map((c) => [c.command, c.failed])).toEqual([['npm test -- users', true]]);
    expect(facts.todos.map((t) => t.content)).toEqual(['limit/offset on GET /users', 'Fix the users test fixture']);
    expect(facts.lastAssistantMessage).toMatch(/^Pagination is in/);
  });

  test('a Gemini JSONL file that is not a session and a Cline history that is not a list are refused, naming the file', async () => {
    const dir = tempDir();
    const bad = join(dir, 'api_conversation_history.json');
    writeFileSync(bad, '{"not":"a list"}');
    await expect(readSessionLog('cline', bad)).rejects.toThrow(bad);
    const half = join(dir, 'half.json');
    writeFileSync(half, '[{"role":"user","content":"x"}');
    await expect(readSessionLog('cline', half)).rejects.toThrow(half);
  });
});

describe.skipIf(skipReal)('real logs', () => {
  test('Copilot CLI events.jsonl: requests without the CLI wrappers, files, a shell failure from "exit code 1", subagent', async () => {
    const { facts } = await readSessionLog('copilot', real('copilot/v1.0.95-2-tool-exercise-failing-bash-edit-subagent-resume.jsonl'));
    expect(facts.sessionIds).toEqual(['4ea18a78-3f3c-4f67-a61e-21fab96427be']);
    expect(facts.requests[0]).toMatch(/^Please use each of the tools in \.\/tools\.txt/);
    expect(facts.requests.some((r) => r.includes('system_reminder') || r.includes('current_datetime'))).toBe(false);
    expect(facts.filesEdited).toContain('/private/tmp/copilot-tools-exercise/demo.txt');
    const failing = facts.commands.find((c) => c.command.startsWith('ls /nonexistent_dir_xyz'));
    expect(failing?.failed).toBe(true);
    expect(facts.commands.find((c) => c.command.startsWith('echo hello'))?.failed).toBe(false);
    expect(facts.sidechains[0]?.description).toBe('List directory');
    expect(facts.lastAssistantMessage).toBeTruthy();
  });

  test('Copilot on Windows: powershell commands are commands', async () => {
    const { facts } = await readSessionLog('copilot', real('copilot/v1.0.74-windows-powershell-entire-hooks-long.jsonl'));
    expect(facts.commands.length).toBeGreaterThan(40);
    expect(facts.commands[0]?.command).toMatch(/^git status/);
    expect(facts.requests).toContain('pick up where we left off');
  });

  test('Codex rollouts go through the Codex reader, also when a Claude Code payload names one (the format is sniffed)', async () => {
    const file = real('codex/v0.140.0-tui-update-plan-apply-patch-failing-rg-commit-pending-call.jsonl');
    const codex = await readSessionLog('codex', file);
    const claude = await readSessionLog('claude-code', file);
    expect(codex.facts.requests.length).toBeGreaterThan(0);
    expect(codex.facts.todos.length).toBeGreaterThan(0);
    expect(claude.facts.requests).toEqual(codex.facts.requests);
  });

  test('Gemini single-JSON sessions still read', async () => {
    const { facts } = await readSessionLog('gemini', real('gemini/v0.23.0-session-shell-write-read.json'));
    expect(facts.requests.length).toBeGreaterThan(0);
    expect(facts.commands.length).toBeGreaterThan(0);
  });

  test('OpenCode export: requests, failing bash by exit, todowrite, a failed edit changes no file, patch files', async () => {
    const two = await readSessionLog('opencode', real('opencode/v1.14.28-export-bash-failing-tsc-patch-two-turns.json'));
    expect(two.facts.requests).toEqual(['Let\'s update the dependencies. Run `ncu -u`, then `bun install`.', expect.stringMatching(/^Now run `bun tsc -b`/)]);
    expect(two.facts.commands.filter((c) => c.failed).map((c) => c.command)).toEqual(['bun tsc -b', 'bun tsc --noEmit', 'bun tsc -b --noEmit', 'bun tsc --noEmit --skipLibCheck']);
    const one = await readSessionLog('opencode', real('opencode/v1.14.28-export-todowrite-edit-error-single-turn.json'));
    expect(one.facts.todos[0]?.content).toBe('Add a format script that uses prettier');
    expect(one.facts.filesEdited).toEqual(['/home/bestcodes/Documents/GitHub/The-Best-Codes/bestcodes.dev/package.json']);
  });

  test('OpenCode: the session folder, created files, the first error line of a failed command, and what was said', async () => {
    const two = await readSessionLog('opencode', real('opencode/v1.14.28-export-bash-failing-tsc-patch-two-turns.json'));
    expect(two.facts.cwd).toBe('/home/bestcodes/Documents/GitHub/The-Best-Codes/bestcodes.dev');
    expect(two.facts.commands.find((c) => c.command === 'bun tsc -b')?.error).toMatch(/error TS1434/);
    // The turn's diffs (relative) and the patch parts (absolute) name the same files once.
    expect(two.facts.filesEdited.filter((f) => f.endsWith('/package.json'))).toHaveLength(1);
    const three = await readSessionLog('opencode', real('opencode/v1.18.16-export-reasoning-websearch-write-edit-three-turns.json'));
    expect(three.facts.filesCreated?.map((f) => f.split('/').pop())).toEqual(['client.tsx', 'page.tsx', 'particles.ts']);
    // The agent's own words, not its reasoning parts.
    expect(three.facts.cues?.some((c) => c.who === 'agent' && /pre-existing/.test(c.text))).toBe(true);
    expect(three.facts.cues?.some((c) => c.who === 'user')).toBe(true);
  });

  test('Copilot CLI: the session folder, created files, a failed MCP call named by its tool, the error line, and what was said', async () => {
    const { facts } = await readSessionLog('copilot', real('copilot/v1.0.95-2-tool-exercise-failing-bash-edit-subagent-resume.jsonl'));
    expect(facts.cwd).toBe('/private/tmp/copilot-tools-exercise');
    expect(facts.filesCreated).toEqual(['/private/tmp/copilot-tools-exercise/demo.txt']);
    expect(facts.commands.find((c) => c.command.startsWith('ls /nonexistent_dir_xyz'))?.error).toMatch(/No such file or directory/);
    expect(facts.commands.find((c) => c.command.includes('list_copilot_spaces'))).toMatchObject({ failed: true, error: expect.stringMatching(/not found/) });
    expect(facts.cues?.some((c) => c.who === 'user' && /harmless/.test(c.text))).toBe(true);
    const win = await readSessionLog('copilot', real('copilot/v1.0.74-windows-powershell-entire-hooks-long.jsonl'));
    expect(win.facts.cwd).toBe('C:\\Users\\Chris\\git\\starcar');
    // The subagent's prompt and the CLI's system messages are not the user's requests.
    expect(win.facts.requests).toEqual(['pick up where we left off']);
    // A background agent started and never seen finishing is open work; one that finished is not.
    expect(win.facts.todos).toEqual([{ content: 'Background agent 51-fix-car-r1 (Car: PR 51 Copilot-review fixes) was still running when the session ended', status: 'in_progress' }]);
    expect(facts.todos).toEqual([]);
    expect(win.facts.commands.find((c) => c.command.startsWith('grep -n "RESUME-HERE"'))?.error).toMatch(/is not recognized/);
  });

  test("OpenCode plugin record (one {info, parts} message per line) reads the same as the export it came from", async () => {
    const src = real('opencode/v1.18.16-export-reasoning-websearch-write-edit-three-turns.json');
    const doc = JSON.parse(readFileSync(src, 'utf8')) as { messages: unknown[] };
    const dir = tempDir();
    const record = join(dir, 'ses.jsonl');
    writeFileSync(record, doc.messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
    copyFileSync(src, join(dir, 'export.json'));
    const a = await readSessionLog('opencode', record);
    const b = await readSessionLog('opencode', join(dir, 'export.json'));
    expect(a.facts.requests).toEqual(b.facts.requests);
    expect(a.facts.filesEdited).toEqual(b.facts.filesEdited);
    expect(a.facts.commands.length).toBeGreaterThan(10);
    // PROVENANCE.md: 2 user messages (the redesign request is the second).
    expect(a.facts.requests).toHaveLength(2);
    expect(a.facts.requests[0]).toMatch(/suss sandwhich page/);
  });
});

describe.skipIf(skipReal)('Codex exec_command failures', () => {
  test('"Process exited with code N" (Codex 0.140+) marks the command failed: rg exit 2, git exit 128', async () => {
    const rg = await readSessionLog('codex', real('codex/v0.140.0-tui-update-plan-apply-patch-failing-rg-commit-pending-call.jsonl'));
    expect(rg.facts.commands.some((c) => c.failed && c.command.includes('rg '))).toBe(true);
    const git = await readSessionLog('codex', real('codex/v0.142.2-tui-write-stdin-failing-git-128-two-commits-push.jsonl'));
    expect(git.facts.commands.filter((c) => c.failed).length).toBeGreaterThan(0);
    expect(git.facts.commands.find((c) => c.command.includes('git commit'))?.failed).toBe(false);
  });
});
