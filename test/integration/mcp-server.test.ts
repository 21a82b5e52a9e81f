import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { makeTempRepo, tempDir, type TempRepo } from '../helpers/repo.js';
import { cli, copyTranscript, filesUnder, hook, FIXTURES_SKIP, HAVE_FIXTURES } from '../helpers/cli-io.js';

const BIN = resolve('dist/cli.js');
const SESSION = 'mcp-fixture-1';
type Text = { type: string; text: string };

/** The readable memory in shared mode (the default): the handover commits to the memory ref, not to HEAD. */
const MEM = join('.agent-handover', 'memory');

/** A repository whose memory holds one session replayed from a real Claude Code transcript. */
async function replayed(): Promise<{ repo: TempRepo; transcript: string }> {
  const repo = makeTempRepo();
  const transcript = copyTranscript(tempDir(), 'v2.1.34-taskcreate-taskupdate-agent-progress.jsonl');
  await hook('session-start', { session_id: SESSION, cwd: repo.dir, source: 'startup', transcript_path: transcript }, repo.dir);
  expect((await cli(repo.dir, ['note', '--kind', 'decision', 'Keep the parser streaming because transcripts reach 50 MB'], { CLAUDE_CODE_SESSION_ID: SESSION })).code).toBe(0);
  expect((await cli(repo.dir, ['note', '--kind', 'followup', 'Document the trust prompt for Codex hooks'], { CLAUDE_CODE_SESSION_ID: SESSION })).code).toBe(0);
  await hook('stop', { session_id: SESSION, cwd: repo.dir, transcript_path: transcript, stop_hook_active: false }, repo.dir);
  return { repo, transcript };
}

async function connect(repo: TempRepo): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: repo.dir, env: { ...(repo.env as Record<string, string>), CLAUDE_PROJECT_DIR: repo.dir }, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

const textOf = (r: { content?: unknown }) => ((r.content ?? []) as Text[]).map((c) => c.text).join('\n');

describe.skipIf(!HAVE_FIXTURES)(`agent-handover mcp over stdio, with the SDK's own client (${HAVE_FIXTURES ? 'fixtures present' : FIXTURES_SKIP})`, () => {
  it('lists its five tools and answers each from the notes a replayed session wrote', async () => {
    const { repo } = await replayed();
    const note = readFileSync(join(repo.dir, MEM, 'layer1', filesUnder(join(repo.dir, MEM, 'layer1'))[0]!), 'utf8');
    const decisionId = /Keep the parser streaming[^\n]*\(id: (d-[a-z0-9]+)/.exec(note)![1]!;
    const followupId = /Document the trust prompt[^\n]*\(id: (f-[a-z0-9]+)/.exec(note)![1]!;
    const { client, stderr } = await connect(repo);
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.map((t) => t.name).sort()).toEqual(['followups', 'note', 'recall', 'session', 'state']);
      for (const t of tools) expect(t.description!.length).toBeGreaterThan(80);

      const r = await client.callTool({ name: 'recall', arguments: { query: 'why is the parser streaming' } });
      expect(r.isError).toBeFalsy();
      const hits = (r.structuredContent as { hits: Array<Record<string, string>> }).hits;
      expect(hits[0]).toMatchObject({ id: decisionId, kind: 'decision', session: SESSION, agent: 'claude-code' });
      expect(hits[0]!.note).toMatch(/^\.agent-handover\/memory\/layer1\/\d{4}-\d{2}\/.*mcp-fixture-1\.md$/);
      expect(textOf(r)).toContain(decisionId);

      const byId = await client.callTool({ name: 'recall', arguments: { query: followupId } });
      expect((byId.structuredContent as { hits: Array<{ id: string }> }).hits[0]!.id).toBe(followupId);

      const kinds = await client.callTool({ name: 'recall', arguments: { query: 'parser', kind: 'followup' } });
      expect((kinds.structuredContent as { hits: Array<{ kind: string }> }).hits.every((h) => h.kind === 'followup')).toBe(true);

      const state = await client.callTool({ name: 'state', arguments: { budget: 600 } });
      expect(textOf(state).length).toBeLessThanOrEqual(600);
      expect(textOf(state)).toContain('Project memory');

      const session = await client.callTool({ name: 'session', arguments: { id: 'last' } });
      expect(textOf(session)).toContain(`# Session ${SESSION}`);
      expect((await client.callTool({ name: 'session', arguments: { id: SESSION } })).structuredContent).toMatchObject({ session: SESSION });
      const missing = await client.callTool({ name: 'session', arguments: { id: 'no-such-session' } });
      expect(missing.isError).toBe(true);

      const fu = await client.callTool({ name: 'followups', arguments: {} });
      expect(textOf(fu)).toContain(followupId);

      const saved = await client.callTool({ name: 'note', arguments: { kind: 'gotcha', text: 'The MCP server must never print to stdout' } });
      expect(saved.isError).toBeFalsy();
      expect(saved.structuredContent).toMatchObject({ session: SESSION, kind: 'gotcha' });
    } finally {
      await client.close();
    }
    expect(stderr()).toBe('');
  });

  it('bad arguments get MCP errors and the server keeps serving', async () => {
    const { repo } = await replayed();
    const { client } = await connect(repo);
    try {
      const bad = [
        { name: 'recall', arguments: {} },
        { name: 'recall', arguments: { query: 'x', kind: 'nonsense' } },
        { name: 'recall', arguments: { query: 'x', since: 'last tuesday' } },
        { name: 'recall', arguments: { query: 'x', limit: 0 } },
        { name: 'note', arguments: { kind: 'done', text: 'not-an-id' } },
        { name: 'state', arguments: { budget: 'big' } },
      ];
      for (const call of bad) {
        const outcome = await client.callTool(call).then(
          (r) => ({ isError: r.isError === true, text: textOf(r) }),
          (e: Error) => ({ isError: true, text: e.message }),
        );
        expect(outcome.isError, JSON.stringify(call)).toBe(true);
        expect(outcome.text.length).toBeGreaterThan(10);
      }
      const ok = await client.callTool({ name: 'recall', arguments: { query: 'parser' } });
      expect(ok.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('under PAUSE, note refuses with a clear message and writes nothing', async () => {
    const { repo } = await replayed();
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const captures = join(repo.dir, '.agent-handover', 'sessions', `${SESSION}.captures.jsonl`);
    const before = readFileSync(captures, 'utf8');
    const { client } = await connect(repo);
    try {
      const r = await client.callTool({ name: 'note', arguments: { kind: 'decision', text: 'should not land' } });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/paused by .*PAUSE.*nothing was recorded/i);
      expect((await client.callTool({ name: 'recall', arguments: { query: 'parser' } })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    expect(readFileSync(captures, 'utf8')).toBe(before);
  });

  it('a note taken through MCP lands in the next handover, attributed to the session', async () => {
    const { repo, transcript } = await replayed();
    const { client } = await connect(repo);
    let id: string;
    try {
      const r = await client.callTool({ name: 'note', arguments: { kind: 'constraint', text: 'Never write outside the project folder' } });
      id = (r.structuredContent as { id: string }).id;
      expect(id).toMatch(/^k-/);
    } finally {
      await client.close();
    }
    await hook('stop', { session_id: SESSION, cwd: repo.dir, transcript_path: transcript, stop_hook_active: false }, repo.dir);
    const notes = filesUnder(join(repo.dir, MEM, 'layer1'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(SESSION);
    expect(readFileSync(join(repo.dir, MEM, 'layer1', notes[0]!), 'utf8')).toMatch(new RegExp(`## Constraints\\n\\n- Never write outside the project folder \\(id: ${id!}, `));
    // Committed where shared mode commits: the memory ref, never the user's branch.
    expect(repo.git('show', `refs/heads/agent-handover/memory:memory/layer1/${notes[0]!}`)).toContain('Never write outside the project folder');
    expect(repo.git('log', '--format=%s', 'HEAD')).not.toContain('agent-handover');
    const found = await cli(repo.dir, ['recall', '--json', '--kind', 'constraint', 'outside project folder']);
    expect(JSON.parse(found.out).hits[0]).toMatchObject({ id: id!, session: SESSION });
  });
});
