import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { basePayload, CLAUDE_FIXTURES, claudeFixtures, installedProject } from '../helpers/installed-project.js';

const fx = claudeFixtures();

describe.skipIf('skip' in fx)(`installed package: the MCP server install-hooks registers (${'skip' in fx ? fx.skip : 'fixtures present'})`, () => {
  it('starts from .mcp.json exactly as written, from a subfolder without $CLAUDE_PROJECT_DIR, and recalls what a Stop wrote', async () => {
    const p = installedProject({ installHooks: true });
    const t = p.transcript(join(CLAUDE_FIXTURES, 'v2.0.26-plan-mode-askuserquestion.jsonl'), 'e2e-mcp-1');
    t.grow(1000);
    expect(p.runHook('Stop', basePayload(p, 'e2e-mcp-1', t.path, 'Stop')).status).toBe(0);
    const entry = (JSON.parse(p.read('.mcp.json')) as { mcpServers: Record<string, { command: string; args: string[] }> }).mcpServers['agent-handover']!;
    const sub = join(p.dir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    const env = Object.fromEntries(Object.entries(p.env).filter(([k, v]) => k !== 'CLAUDE_PROJECT_DIR' && v !== undefined)) as Record<string, string>;
    const transport = new StdioClientTransport({ command: entry.command, args: entry.args, cwd: sub, env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((x) => x.name).sort()).toEqual(['followups', 'note', 'recall', 'session', 'state']);
      const r = await client.callTool({ name: 'recall', arguments: { query: 'CommandMenu plus button' } });
      const hits = (r.structuredContent as { hits: Array<{ session: string; note: string }> }).hits;
      expect(hits[0]!.session).toBe('e2e-mcp-1');
      expect(readFileSync(join(p.dir, hits[0]!.note), 'utf8')).toContain('# Session e2e-mcp-1');
    } finally {
      await client.close();
    }
    expect(stderr).toBe('');
    // The index is a cache under .agent-handover/, which git never sees.
    expect(p.git('status', '--porcelain', '--ignored=no')).not.toMatch(/agent-handover\/index|recall\.sqlite/);
  }, 120_000);
});

// The server is a long-lived process that redacts every note it takes. secretlint's profiler kept
// each lint's performance marks for good (~10 KB a call, and a search over all of them at each new
// mark); the installed build turns them off.
describe('installed package: redaction in a long-lived process', () => {
  it('does not grow the heap call after call', () => {
    const p = installedProject({});
    const script = join(p.dir, 'leak.mjs');
    writeFileSync(script, [
      `const { redact } = await import(${JSON.stringify(join(p.pkg, 'dist', 'index.js'))});`,
      "const text = 'wire this up: ghp_Zx81Qw3Ee4Rt5Ty6Uu7Ii8Oo9Pp0Aa1Ss2 and DB_PASSWORD=abc123XYZ then more words';",
      'const heap = () => (global.gc(), process.memoryUsage().heapUsed);',
      'for (let i = 0; i < 200; i++) await redact(text + i);',
      'const before = heap();',
      'for (let i = 0; i < 2000; i++) await redact(text + i);',
      'console.log(JSON.stringify({ growth: heap() - before }));',
    ].join('\n'));
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', script], { cwd: p.dir, encoding: 'utf8' })) as { growth: number };
    // 2,000 calls kept ~20 MB before; what is left is noise.
    expect(out.growth).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);
});
