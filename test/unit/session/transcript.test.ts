import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HandoverError } from '../../../src/errors.js';
import { emptyFacts, mergeFacts, readCodexTranscript, readGeminiSession, readTranscript, type TranscriptFacts } from '../../../src/session/transcript.js';
import { tempDir } from '../../helpers/repo.js';

const FIXTURES = resolve(process.cwd(), '../shared/fixtures/transcripts/claude-code');
const CODEX = resolve(process.cwd(), '../shared/fixtures/transcripts/codex');
const GEMINI = resolve(process.cwd(), '../shared/fixtures/transcripts/gemini');
const hasFixtures = existsSync(FIXTURES);
const fixtureFiles = hasFixtures ? readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort() : [];

/** Pending tool results are bookkeeping; they may differ by slicing without changing any fact. */
function publicFacts(f: TranscriptFacts): unknown {
  return { ...f, carry: { ...f.carry, pendingResults: [] } };
}

/** Reads a file slice by slice (each slice persisted as JSON, as a session would) and merges. */
async function readInSlices(path: string, maxBytes: number): Promise<{ facts: TranscriptFacts; offset: number; calls: number }> {
  let facts = emptyFacts();
  let offset = 0;
  let calls = 0;
  for (;;) {
    const r = await readTranscript(path, { offset, maxBytes });
    calls++;
    expect(r.reset).toBe(false);
    facts = mergeFacts(JSON.parse(JSON.stringify(facts)) as TranscriptFacts, r.facts);
    if (r.offset === offset) return { facts, offset, calls };
    offset = r.offset;
  }
}

function line(record: unknown): string {
  return `${JSON.stringify(record)}\n`;
}

const userText = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'user', sessionId: 's1', message: { role: 'user', content: text }, ...extra });
const bashUse = (id: string, command: string) => ({ type: 'assistant', sessionId: 's1', message: { role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }] } });
const toolResult = (id: string, isError: boolean) => ({ type: 'user', sessionId: 's1', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, is_error: isError, content: 'out' }] } });

describe.skipIf(!hasFixtures)(`every Claude Code fixture in ${FIXTURES}`, () => {
  it('finds fixtures to read', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(7);
  });

  it.each(fixtureFiles)('%s: every record read, facts found, slices merge to the whole', async (name) => {
    const path = join(FIXTURES, name);
    const text = readFileSync(path, 'utf8');
    const records = text.split('\n').filter((l) => l.trim() !== '').length;
    const whole = await readTranscript(path, { final: true });
    expect(whole.offset).toBe(statSync(path).size);
    expect(whole.facts.lineCount).toBe(records);
    expect(whole.facts.badLines).toBe(0);
    expect(whole.facts.sessionIds.length).toBeGreaterThan(0);
    expect(whole.facts.lastAssistantMessage?.length ?? 0).toBeGreaterThan(0);
    expect(whole.facts.filesEdited.length).toBeGreaterThan(0);
    for (const r of whole.facts.requests) {
      expect(r.length).toBeLessThanOrEqual(2000);
      expect(r).not.toMatch(/^(\[Request interrupted|<local-command|Caveat:|This session is being continued)/);
    }
    // Without `final`, an unterminated last record waits for its newline.
    const open = await readTranscript(path);
    expect(open.offset).toBe(text.endsWith('\n') ? whole.offset : Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));

    for (const maxBytes of [4096, 50_000]) {
      const sliced = await readInSlices(path, maxBytes);
      expect(sliced.offset).toBe(open.offset);
      expect(sliced.calls).toBeGreaterThan(1);
      expect(publicFacts(sliced.facts)).toEqual(publicFacts(open.facts));
    }
  });

  const at = (name: string) => readTranscript(join(FIXTURES, name), { final: true }).then((r) => r.facts);

  it('v2.1.34: prompts, edits, failed commands, TaskCreate/TaskUpdate, an Explore subagent', async () => {
    const f = await at('v2.1.34-taskcreate-taskupdate-agent-progress.jsonl');
    expect(f.requests[0]).toBe("I opened a PR and there's some feedback to address:");
    expect(f.requests).toHaveLength(2);
    expect(f.filesEdited).toEqual([
      '/Users/paul/src/entireio/cli/redact/redact.go',
      '/Users/paul/src/entireio/cli/cmd/entire/cli/checkpoint/committed.go',
      '/Users/paul/src/entireio/cli/redact/redact_test.go',
    ]);
    // The user refused these two: rejected, not failed; the refusal's words are a constraint.
    expect(f.commands.find((c) => c.command === 'mise run test:ci 2>&1')).toMatchObject({ failed: false, rejected: true });
    expect(f.commands.filter((c) => c.rejected)).toHaveLength(2);
    // "Sibling tool call errored": the call never ran, so it did not fail either.
    expect(f.commands.filter((c) => c.failed)).toHaveLength(0);
    expect(f.cues?.find((c) => c.text.startsWith("don't run CI"))).toMatchObject({ kind: 'constraint', who: 'user', line: 196 });
    expect(f.cues?.some((c) => c.text.startsWith("i'll let you know"))).toBe(false);
    expect(f.commands.filter((c) => !c.failed).length).toBeGreaterThan(0);
    expect(f.todos).toEqual([
      { content: 'Handle top-level JSON arrays in JSONLContent', status: 'completed' },
      { content: 'Change jsonEncodeString to return (string, error)', status: 'completed' },
      { content: 'Add tests for shouldSkipJSONLField', status: 'completed' },
      { content: 'Add tests for shouldSkipJSONLObject', status: 'completed' },
    ]);
    expect(f.sidechains).toHaveLength(1);
    expect(f.sidechains[0]).toMatchObject({ agentId: 'a325871', description: 'Explore redaction code' });
    expect(f.sidechains[0]?.lastMessage).toMatch(/^Perfect! I now have all the information/);
    expect(f.sessionIds).toEqual(['07d86da7-2e39-4276-a0d5-7b46a85b8750']);
  });

  it('v1.0.98: subagent prompts are not requests; summary line; TodoWrite; failed builds', async () => {
    const f = await at('v1.0.98-long-session-sidechain-todowrite-bashoutput.jsonl');
    expect(f.requests).toEqual(['/orchestrator create TODO app by Next.js', 'Thanks! Please update CLAUDE.md for current changes']);
    expect(f.compactSummaries).toEqual(['Empty Repo Setup: CLAUDE.md Foundation Created']);
    expect(f.commands).toHaveLength(61);
    expect(f.commands.filter((c) => c.command === 'npm run build').every((c) => c.failed)).toBe(true);
    expect(f.filesEdited).toContain('/path/to/Demo/todo-app/src/hooks/useTodos.ts');
    expect(f.filesEdited.at(-1)).toBe('/path/to/Demo/CLAUDE.md');
    expect(new Set(f.filesEdited).size).toBe(f.filesEdited.length);
    expect(f.sidechains.map((s) => s.description)).toEqual([
      'Setup Next.js project', 'Create data models', 'Build TODO components', 'Implement state management', 'Create main page integration',
    ]);
    expect(f.todos).toHaveLength(5);
    expect(f.todos[0]).toEqual({ content: 'Set up Next.js project structure and dependencies', status: 'completed' });
    expect(f.lastAssistantMessage).toMatch(/^CLAUDE\.md has been created/);
  });

  it('v1.0.108: slash command with arguments is the request; a failed tree command', async () => {
    const f = await at('v1.0.108-task-subagent-sidechain.jsonl');
    expect(f.requests).toEqual(['/orchestrator @CLAUDE.md を最新の状態にアップデートしてください']);
    expect(f.commands.find((c) => c.command.startsWith('tree /path/to/Demo'))?.failed).toBe(true);
    expect(f.filesEdited).toEqual(['/path/to/Demo/CLAUDE.md']);
    expect(f.sidechains).toHaveLength(3);
  });

  it('v2.0.26: /clear, caveats, command output and interruptions are not requests', async () => {
    const f = await at('v2.0.26-plan-mode-askuserquestion.jsonl');
    expect(f.requests).toHaveLength(4);
    expect(f.requests[0]).toMatch(/^please move the \+ button/);
    expect(f.requests.at(-1)).toBe("let's give the button a background");
    expect(f.filesEdited).toEqual(['/Users/jnarowski/Dev/sourceborn/src/agent-workflows-monorepo-v2/apps/app/src/client/components/CommandMenu.tsx']);
    expect(f.commands).toEqual([]);
  });

  it('v2.0.76 auto-compact: the isCompactSummary message is a summary, not a request', async () => {
    const f = await at('v2.0.76-auto-compact-partial.jsonl');
    expect(f.requests).toHaveLength(2);
    expect(f.requests[0]).toMatch(/^for the change in cmd\/entire\/cli\/hooks_claudecode_handlers\.go/);
    expect(f.compactSummaries).toHaveLength(1);
    // Kept as its digest: the request, files, errors and fixes, the user's messages, what is pending.
    expect(f.compactSummaries[0]).toMatch(/^1\. Primary Request and Intent:/);
    expect(f.compactSummaries[0]).toContain('Errors and fixes');
    expect(f.compactSummaries[0]).toContain('cmd/entire/cli/hooks_claudecode_handlers.go');
    expect(f.compactSummaries[0]!.length).toBeLessThanOrEqual(6000);
    expect(f.commands).toHaveLength(4);
  });

  it('v2.1.14 partial after compaction: no typed request, TodoWrite list, two failed go tests', async () => {
    const f = await at('v2.1.14-auto-compact-todowrite-partial.jsonl');
    expect(f.requests).toEqual([]);
    expect(f.compactSummaries).toHaveLength(1);
    expect(f.todos).toHaveLength(15);
    expect(f.commands.filter((c) => c.failed).map((c) => c.command)).toEqual([
      'go test -v -run TestFormatCheckpointOutput_Verbose ./cmd/entire/cli/',
      'go test -v -run TestFormatCheckpointOutput_Full ./cmd/entire/cli/',
    ]);
    expect(f.filesEdited).toContain('/Users/alex/workspace/cli/cmd/entire/cli/explain.go');
  });

  it('v2.0.76 background tasks: eight subagents with their agent ids', async () => {
    const f = await at('v2.0.76-background-task-taskoutput-queue.jsonl');
    expect(f.requests).toEqual(['/workflows:review https://github.com/entireio/cli/pull/6/files']);
    expect(f.sidechains).toHaveLength(8);
    expect(f.sidechains.every((s) => /^a[0-9a-f]{6}$/.test(s.agentId ?? ''))).toBe(true);
    expect(f.unknownTypes).toBe(0);
  });

  it('reads a ~50 MB transcript built from the fixtures (timing printed, not asserted)', async () => {
    const lines = fixtureFiles.flatMap((n) => readFileSync(join(FIXTURES, n), 'utf8').split('\n').filter((l) => l.trim() !== ''));
    const block = `${lines.join('\n')}\n`;
    const path = join(tempDir(), 'big.jsonl');
    writeFileSync(path, '');
    let copies = 0;
    while (copies * Buffer.byteLength(block) < 50 * 1024 * 1024) {
      appendFileSync(path, block);
      copies++;
    }
    const t0 = performance.now();
    const r = await readTranscript(path);
    const ms = performance.now() - t0;
    console.log(`[transcript] ${(statSync(path).size / 1e6).toFixed(1)} MB, ${r.facts.lineCount} lines read in ${ms.toFixed(0)} ms`);
    expect(r.offset).toBe(statSync(path).size);
    expect(r.facts.lineCount).toBe(lines.length * copies);
    expect(r.facts.badLines).toBe(0);
    expect(r.facts.commands).toHaveLength(200);
    expect(r.facts.requests.length).toBeLessThanOrEqual(200);
    expect(r.facts.filesEdited).toContain('/Users/paul/src/entireio/cli/redact/redact.go');
  });
});

const agentText = (text: string) => ({ type: 'assistant', sessionId: 's1', message: { role: 'assistant', model: 'claude', content: [{ type: 'text', text }] } });
const errorResult = (id: string, content: string) => ({ type: 'user', sessionId: 's1', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, is_error: true, content }] } });

describe('what was said, failed and made (crafted files)', () => {
  /** Every way to cut the file in two at a line end gives the facts of one read. */
  async function sameInTwoReads(path: string): Promise<TranscriptFacts> {
    const whole = (await readTranscript(path)).facts;
    const text = readFileSync(path, 'utf8');
    const ends = [...text.matchAll(/\n/g)].map((m) => m.index! + 1).slice(0, -1);
    for (const cut of ends) {
      const part = join(tempDir(), 'p.jsonl');
      writeFileSync(part, text.slice(0, cut));
      const a = await readTranscript(part);
      appendFileSync(part, text.slice(cut));
      const b = await readTranscript(part, { offset: a.offset });
      expect(publicFacts(mergeFacts(JSON.parse(JSON.stringify(a.facts)) as TranscriptFacts, b.facts))).toEqual(publicFacts(whole));
    }
    return whole;
  }

  it('a correction right after an agent action is a constraint, also when a read ends between them', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(userText('Rename the helper')) + line(bashUse('t1', 'git mv a.ts b.ts')) + line(toolResult('t1', false)) + line(userText('no, keep the old name and add an alias')));
    const f = await sameInTwoReads(path);
    expect(f.cues?.map((c) => [c.kind, c.who, c.text, c.line])).toContainEqual(['constraint', 'user', 'no, keep the old name and add an alias', 4]);
    expect(f.filesDeleted).toEqual(['a.ts']);
  });

  it('the same opening words are no correction when no agent action came before', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(userText('no rush, but the login page is slow')));
    expect((await readTranscript(path)).facts.cues ?? []).toEqual([]);
  });

  it('a failed MCP call is kept as a failed command named by its tool; one that worked is not listed', async () => {
    const path = join(tempDir(), 't.jsonl');
    const mcp = (id: string, name: string) => ({ type: 'assistant', sessionId: 's1', message: { role: 'assistant', content: [{ type: 'tool_use', id, name, input: {} }] } });
    writeFileSync(path, line(mcp('m1', 'mcp__github__list_spaces')) + line(errorResult('m1', 'MCP error -32603: not found: this account has no spaces')) + line(mcp('m2', 'mcp__github__search_code')) + line(toolResult('m2', false)));
    const f = (await readTranscript(path)).facts;
    expect(f.commands).toEqual([expect.objectContaining({ command: 'mcp__github__list_spaces', failed: true, error: 'MCP error -32603: not found: this account has no spaces' })]);
  });

  it("a refused call is rejected, not failed; the user's words are kept as a constraint", async () => {
    const path = join(tempDir(), 't.jsonl');
    const refusal = "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). To tell you how to proceed, the user said:\nplease don't run the integration tests, they take an hour";
    writeFileSync(path, line(bashUse('t1', 'npm run test:integration')) + line(errorResult('t1', refusal)) + line(bashUse('t2', 'npm run lint')) + line(errorResult('t2', 'Exit code 1\nsrc/a.ts:1:1 error Unexpected var')));
    const f = await sameInTwoReads(path);
    expect(f.commands).toMatchObject([
      { command: 'npm run test:integration', failed: false, rejected: true },
      { command: 'npm run lint', failed: true, error: 'src/a.ts:1:1 error Unexpected var' },
    ]);
    expect(f.cues?.[0]).toMatchObject({ kind: 'constraint', who: 'user', strength: 3, text: "please don't run the integration tests, they take an hour" });
  });

  it('a short last line after a long wrap-up keeps the wrap-up; chatter is not a request', async () => {
    const path = join(tempDir(), 't.jsonl');
    const wrap = `## Review complete\n\n${'The findings are listed below with their severity. '.repeat(20)}`;
    writeFileSync(path, line(userText('hi')) + line(userText('Review the PR')) + line(agentText(wrap)) + line(bashUse('t1', 'ls')) + line(toolResult('t1', false)) + line(agentText('Done, see todos/.')));
    const f = await sameInTwoReads(path);
    expect(f.requests).toEqual(['Review the PR']);
    expect(f.lastAssistantMessage).toBe('Done, see todos/.');
    expect(f.wrapUp).toBe(wrap.trim());
  });

  it('a one-line reply to a background notification does not replace the wrap-up', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(userText('Run the reviewers')) + line(agentText('All six reviewers are done: two P2 findings, see todos/.')) + line(userText('<task-notification>Task abc finished</task-notification>')) + line(agentText('Noted, that one was already included.')));
    const f = (await readTranscript(path)).facts;
    expect(f.lastAssistantMessage).toBe('All six reviewers are done: two P2 findings, see todos/.');
    expect(f.minorReply).toBe('Noted, that one was already included.');
  });
});

describe('readTranscript on crafted files', () => {
  it('leaves a partial last line for the next call, which reads it whole', async () => {
    const path = join(tempDir(), 't.jsonl');
    const third = line(userText('third request'));
    writeFileSync(path, line(userText('first')) + line(userText('second')) + third.slice(0, 10));
    const a = await readTranscript(path);
    expect(a.facts.requests).toEqual(['first', 'second']);
    expect(a.offset).toBe(Buffer.byteLength(line(userText('first')) + line(userText('second'))));
    const again = await readTranscript(path, { offset: a.offset });
    expect(again.offset).toBe(a.offset);
    expect(again.facts.lineCount).toBe(0);
    appendFileSync(path, third.slice(10));
    const b = await readTranscript(path, { offset: a.offset });
    expect(b.reset).toBe(false);
    expect(b.facts.requests).toEqual(['third request']);
    expect(b.offset).toBe(statSync(path).size);
    expect(mergeFacts(a.facts, b.facts)).toEqual((await readTranscript(path)).facts);
  });

  it('counts garbage, tolerates unknown types, missing fields and CRLF', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, [
      '{not json',
      '[1,2]',
      '42',
      '',
      '   ',
      JSON.stringify(userText('with crlf')) + '\r',
      JSON.stringify({ type: 'some-future-type', sessionId: 's2' }),
      JSON.stringify({ no: 'type' }),
      JSON.stringify({ type: 'user' }),
      JSON.stringify({ type: 'assistant', message: {} }),
      JSON.stringify({ type: 'assistant', message: { content: [null, 5, { type: 'tool_use' }, { type: 'tool_use', name: 'Edit', input: {} }, { type: 'text' }] } }),
      JSON.stringify({ type: 'user', message: { content: [null, 5, { type: 'tool_result' }, { type: 'text', text: 7 }] } }),
      JSON.stringify({ type: 'summary' }),
      '\uFEFF' + JSON.stringify(userText('after a BOM')),
      '',
    ].join('\n'));
    const { facts } = await readTranscript(path);
    expect(facts.badLines).toBe(3);
    expect(facts.unknownTypes).toBe(2);
    expect(facts.lineCount).toBe(12);
    expect(facts.requests).toEqual(['with crlf', 'after a BOM']);
    expect(facts.sessionIds).toEqual(['s1', 's2']);
    expect(facts.filesEdited).toEqual([]);
  });

  it('matches a failing tool_result to its Bash call across two reads', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(bashUse('t1', 'npm test')) + line(bashUse('t2', 'ls')));
    const a = await readTranscript(path);
    appendFileSync(path, line(toolResult('t2', false)) + line(toolResult('t1', true)));
    const b = await readTranscript(path, { offset: a.offset });
    // Both calls lie in the earlier read: the slice cannot tell a Bash result from a subagent's answer.
    expect(b.facts.carry.pendingResults).toEqual([{ id: 't2', isError: false, text: 'out' }, { id: 't1', isError: true, error: 'out', text: 'out' }]);
    const merged = mergeFacts(a.facts, b.facts);
    expect(merged.commands).toEqual([{ command: 'npm test', failed: true, id: 't1', line: 1, error: 'out' }, { command: 'ls', failed: false, id: 't2', line: 2 }]);
    expect(merged.carry.pendingResults).toEqual([]);
    expect(merged).toEqual((await readTranscript(path)).facts);
  });

  // fast-check seed 1712096111: a Task result without toolUseResult, read after its call, was dropped.
  it("gives a subagent the answer that arrives in the read after its Task call, even without toolUseResult", async () => {
    const path = join(tempDir(), 't.jsonl');
    const task = { type: 'assistant', sessionId: 's', message: { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Task', input: { description: 'd', prompt: '' } }] } };
    const answer = { type: 'user', sessionId: 's', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', is_error: false, content: [{ type: 'text', text: '!' }] }] } };
    writeFileSync(path, line(task));
    const a = await readTranscript(path);
    appendFileSync(path, line(answer));
    const b = await readTranscript(path, { offset: a.offset });
    expect(b.facts.carry.pendingResults).toEqual([{ id: 't1', isError: false, text: '!' }]);
    const merged = mergeFacts(a.facts, b.facts);
    expect(merged.sidechains).toEqual([{ id: 't1', description: 'd', prompt: '', lastMessage: '!' }]);
    expect(merged).toEqual((await readTranscript(path)).facts);
  });

  it('cuts long prompts and turns slash commands into "/name args"', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(userText('x'.repeat(5000))) +
      line(userText('<command-message>review</command-message>\n<command-name>/review</command-name>\n<command-args> 42 </command-args>')) +
      line(userText('<command-name>/compact</command-name><command-args>keep it short</command-args>')) +
      line(userText('<bash-input>git status</bash-input>')) +
      line(userText('<bash-stdout>On branch main</bash-stdout><bash-stderr></bash-stderr>')) +
      line(userText('meta text', { isMeta: true })) +
      line(userText('subagent prompt', { isSidechain: true, parentUuid: null })));
    const { facts } = await readTranscript(path);
    expect(facts.requests).toHaveLength(3);
    expect(facts.requests[0]!.length).toBe(2000);
    expect(facts.requests.slice(1)).toEqual(['/review 42', '! git status']);
    expect(facts.sidechains).toEqual([{ prompt: 'subagent prompt' }]);
  });

  it('starts over when the saved offset no longer fits the file', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(userText('one')) + line(userText('two')));
    const whole = await readTranscript(path);
    const beyond = await readTranscript(path, { offset: whole.offset + 100 });
    expect(beyond.reset).toBe(true);
    expect(beyond).toEqual({ ...whole, reset: true });
    const midLine = await readTranscript(path, { offset: 5 });
    expect(midLine.reset).toBe(true);
    expect(midLine.facts.requests).toEqual(['one', 'two']);
    const atEnd = await readTranscript(path, { offset: whole.offset });
    expect(atEnd.reset).toBe(false);
    expect(atEnd.facts.lineCount).toBe(0);
  });

  it('finishes a line longer than maxBytes so every call makes progress', async () => {
    const path = join(tempDir(), 't.jsonl');
    writeFileSync(path, line(userText('y'.repeat(10_000))) + line(userText('next')));
    const a = await readTranscript(path, { maxBytes: 100 });
    expect(a.facts.lineCount).toBe(1);
    const b = await readTranscript(path, { offset: a.offset, maxBytes: 100 });
    expect(b.facts.requests).toEqual(['next']);
  });

  it('throws TRANSCRIPT_UNREADABLE naming a missing file, TRANSCRIPT_NOT_A_FILE for a folder', async () => {
    const dir = tempDir();
    for (const [path, code] of [[join(dir, 'missing.jsonl'), 'TRANSCRIPT_UNREADABLE'], [dir, 'TRANSCRIPT_NOT_A_FILE']] as const) {
      const err = await readTranscript(path).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(HandoverError);
      expect((err as HandoverError).code).toBe(code);
      expect((err as HandoverError).path).toBe(path);
      expect((err as HandoverError).message).toContain(path);
    }
  });

  it.skipIf(process.getuid?.() === 0)('throws TRANSCRIPT_UNREADABLE for a file without read permission', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'p'));
    const path = join(dir, 'p', 't.jsonl');
    writeFileSync(path, line(userText('x')));
    chmodSync(path, 0o000);
    await expect(readTranscript(path)).rejects.toMatchObject({ code: 'TRANSCRIPT_UNREADABLE', path });
    chmodSync(path, 0o600);
  });
});

describe.skipIf(!existsSync(CODEX))(`Codex rollouts in ${CODEX}`, () => {
  const files = existsSync(CODEX) ? readdirSync(CODEX).filter((f) => f.endsWith('.jsonl')).sort() : [];

  it.each(files)('%s: requests, commands and edits; slices merge to the whole', async (name) => {
    const path = join(CODEX, name);
    const whole = await readCodexTranscript(path);
    expect(whole.facts.badLines).toBe(0);
    expect(whole.facts.unknownTypes).toBe(0);
    expect(whole.facts.requests.length).toBeGreaterThan(0);
    expect(whole.facts.commands.length).toBeGreaterThan(0);
    expect(whole.facts.filesEdited.length).toBeGreaterThan(0);
    expect(whole.facts.sessionIds).toHaveLength(1);
    let facts = emptyFacts();
    let offset = 0;
    for (;;) {
      const r = await readCodexTranscript(path, { offset, maxBytes: 8192 });
      facts = mergeFacts(facts, r.facts);
      if (r.offset === offset) break;
      offset = r.offset;
    }
    expect(publicFacts(facts)).toEqual(publicFacts(whole.facts));
  });

  it('v0.66.0: apply_patch as a custom tool call, a failing python run', async () => {
    const { facts } = await readCodexTranscript(join(CODEX, 'v0.66.0-cli-shell-command-apply-patch.jsonl'), { final: true });
    expect(facts.requests).toEqual(['add myapp directory and create myapp/hoge.py which shows result of print(1+1).', 'cd to myapp and run python hoge.py']);
    expect(facts.filesEdited).toEqual(['myapp/hoge.py']);
    expect(facts.commands.filter((c) => c.failed).map((c) => c.command)).toEqual(['python hoge.py', 'python hoge.py']);
    expect(facts.commands.find((c) => c.command === 'python3 hoge.py')?.failed).toBe(false);
  });

  it('v0.40.0: the IDE context is stripped from requests; update_plan becomes the todo list', async () => {
    const { facts } = await readCodexTranscript(join(CODEX, 'v0.40.0-vscode-multi-turn-turn-aborted.jsonl'));
    // 13 typed messages, two of them "ok" and "ok continue" (chatter, not requests).
    expect(facts.requests).toHaveLength(11);
    expect(facts.requests.filter((r) => /^ok( continue)?$/i.test(r))).toEqual([]);
    expect(facts.requests.some((r) => r.includes('# Context from my IDE setup'))).toBe(false);
    expect(facts.requests[1]).toBe('Why do we need stats for the team?');
    expect(facts.todos).toHaveLength(3);
  });
});

describe.skipIf(!existsSync(GEMINI))(`Gemini sessions in ${GEMINI}`, () => {
  it('v0.23.0: the request, a written file, shell commands', async () => {
    const r = await readGeminiSession(join(GEMINI, 'v0.23.0-session-shell-write-read.json'));
    expect(r.reset).toBe(true);
    expect(r.facts.requests).toEqual(['run an agent that creates a color file inside docs, choose your color']);
    expect(r.facts.filesEdited).toEqual(['docs/blue.md']);
    expect(r.facts.commands.map((c) => c.command)).toContain('git add docs/color.md');
    expect(r.facts.lastAssistantMessage).toBe('Staged `docs/color.md`. Verifying git status.');
  });

  it('2025-10-27: cancelled calls and non-zero exit codes are failures', async () => {
    const { facts } = await readGeminiSession(join(GEMINI, 'session-2025-10-27-web-search-cancelled-error.json'));
    expect(facts.requests).toHaveLength(3);
    expect(facts.commands.map((c) => [c.command, c.failed])).toEqual([
      ['python3', true],
      ['pip install RestrictedPython', true],
      ['pip3 install RestrictedPython', true],
      ['python3 -m venv /Users/jnarowski/Dev/playground/src/test-project/venv', false],
      ['source /Users/jnarowski/Dev/playground/src/test-project/venv/bin/activate && pip install RestrictedPython', false],
    ]);
  });

  it('a half-written session file is TRANSCRIPT_INVALID, a missing one TRANSCRIPT_UNREADABLE', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.json'), '{"sessionId":"x","messages":[');
    await expect(readGeminiSession(join(dir, 's.json'))).rejects.toMatchObject({ code: 'TRANSCRIPT_INVALID', path: join(dir, 's.json') });
    await expect(readGeminiSession(join(dir, 'none.json'))).rejects.toMatchObject({ code: 'TRANSCRIPT_UNREADABLE' });
  });
});
