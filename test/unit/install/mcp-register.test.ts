import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/repo.js';
import { registerMcp, unregisterMcp, mcpShellCommand } from '../../../src/install/mcp-register.js';
import type { InstallReport } from '../../../src/user-files/install-report.js';

const empty = (): InstallReport => ({ actions: [], messages: [] });
const read = (f: string) => readFileSync(f, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading back arbitrary agent config shapes
const json = (f: string) => JSON.parse(read(f)) as Record<string, any>;

function project(folders: string[] = []): string {
  const dir = tempDir();
  for (const f of folders) mkdirSync(join(dir, f), { recursive: true });
  return dir;
}
const install = async (dir: string, extra: Partial<{ dryRun: boolean; enabled: boolean }> = {}) => {
  const r = empty();
  await registerMcp(r, { projectDir: dir, kind: 'dev', packageRoot: '/pkg', dryRun: false, enabled: true, ...extra });
  return r;
};
const uninstall = async (dir: string) => {
  const r = empty();
  await unregisterMcp(r, { projectDir: dir, dryRun: false });
  return r;
};

describe('MCP registration', () => {
  it('registers Claude Code always, the others only where their folder exists', async () => {
    const dir = project();
    const r = await install(dir);
    expect(r.actions.map((a) => a.target)).toEqual([join(dir, '.mcp.json')]);
    const entry = json(join(dir, '.mcp.json')).mcpServers['agent-handover'];
    expect(entry).toEqual({ command: 'sh', args: ['-c', mcpShellCommand('dev', '/pkg')] });
    expect(entry.args[1]).toContain('node_modules/agent-handover/dist/cli.js');
    expect(entry.args[1]).toMatch(/exec node "\$f" mcp/);
  });

  it('writes each agent its own shape', async () => {
    const dir = project(['.codex', '.gemini', '.cursor', '.opencode']);
    const r = await install(dir);
    expect(r.actions.map((a) => a.action)).toEqual(['created', 'created', 'created', 'created', 'created']);
    const cmd = mcpShellCommand('dev', '/pkg');
    expect(json(join(dir, '.gemini/settings.json')).mcpServers['agent-handover']).toEqual({ command: 'sh', args: ['-c', cmd] });
    expect(json(join(dir, '.cursor/mcp.json')).mcpServers['agent-handover']).toEqual({ command: 'sh', args: ['-c', cmd] });
    expect(json(join(dir, 'opencode.json')).mcp['agent-handover']).toEqual({ type: 'local', command: ['sh', '-c', cmd] });
    const toml = read(join(dir, '.codex/config.toml'));
    expect(toml).toMatch(/^\[mcp_servers\.agent-handover\]\ncommand = "sh"\nargs = \["-c", ".*"\]\n/);
    // The TOML string is a JSON string, which TOML basic strings read the same way.
    expect(JSON.parse(/args = \["-c", (.*)\]/.exec(toml)![1]!)).toBe(cmd);
  });

  it('uses OpenCode V2 layout (mcp.servers) when the file already has it', async () => {
    const dir = project();
    writeFileSync(join(dir, 'opencode.json'), JSON.stringify({ mcp: { servers: { other: { type: 'local', command: ['x'] } } } }, null, 2));
    await install(dir);
    const doc = json(join(dir, 'opencode.json'));
    expect(doc.mcp.servers['agent-handover'].type).toBe('local');
    expect(doc.mcp['agent-handover']).toBeUndefined();
  });

  it('is idempotent and reversible byte for byte, keeping the user\u2019s own servers', async () => {
    const dir = project(['.codex', '.cursor']);
    const userJson = '{\n    "mcpServers": {\n        "mine": { "command": "mine" }\n    }\n}\n';
    const userToml = '[model]\nname = "o3"\n';
    writeFileSync(join(dir, '.mcp.json'), userJson);
    writeFileSync(join(dir, '.codex/config.toml'), userToml);
    await install(dir);
    const once = [read(join(dir, '.mcp.json')), read(join(dir, '.codex/config.toml')), read(join(dir, '.cursor/mcp.json'))];
    expect(json(join(dir, '.mcp.json')).mcpServers.mine).toEqual({ command: 'mine' });
    const again = await install(dir);
    expect(again.actions.map((a) => a.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect([read(join(dir, '.mcp.json')), read(join(dir, '.codex/config.toml')), read(join(dir, '.cursor/mcp.json'))]).toEqual(once);
    const u = await uninstall(dir);
    expect(u.actions.map((a) => a.action).sort()).toEqual(['removed', 'restored', 'restored']);
    expect(read(join(dir, '.mcp.json'))).toBe(userJson);
    expect(read(join(dir, '.codex/config.toml'))).toBe(userToml);
    expect(existsSync(join(dir, '.cursor/mcp.json'))).toBe(false);
    expect((await uninstall(dir)).actions).toEqual([]);
  });

  it('leaves a server of the same name that is not ours, and a file it cannot parse, as they are', async () => {
    const dir = project(['.gemini']);
    const foreign = JSON.stringify({ mcpServers: { 'agent-handover': { command: 'something-else' } } });
    writeFileSync(join(dir, '.mcp.json'), foreign);
    writeFileSync(join(dir, '.gemini/settings.json'), '{ "broken": ');
    const r = await install(dir);
    expect(r.actions.map((a) => a.action)).toEqual(['skipped', 'skipped']);
    expect(r.actions.every((a) => a.detail.length > 20)).toBe(true);
    expect(read(join(dir, '.mcp.json'))).toBe(foreign);
    expect(read(join(dir, '.gemini/settings.json'))).toBe('{ "broken": ');
    expect((await uninstall(dir)).actions).toEqual([]);
  });

  it('--no-mcp and dry runs write nothing', async () => {
    const dir = project(['.cursor']);
    const off = await install(dir, { enabled: false });
    expect(off.actions).toEqual([]);
    expect(off.messages.join('\n')).toContain('--no-mcp');
    const dry = await install(dir, { dryRun: true });
    expect(dry.actions.map((a) => a.action)).toEqual(['would-create', 'would-create']);
    for (const a of dry.actions) expect(a.diff).toMatch(/^\+ /m);
    expect(existsSync(join(dir, '.mcp.json')) || existsSync(join(dir, '.cursor/mcp.json'))).toBe(false);
  });

  it('a global install runs the package by its absolute path', () => {
    expect(mcpShellCommand('global', '/opt/pkg dir')).toBe('exec node "/opt/pkg dir/dist/cli.js" mcp');
  });

  it('a global install from a folder not named after the package: a second run changes nothing, uninstall takes it out', async () => {
    const dir = project(['.cursor']);
    const global = async () => {
      const r = empty();
      await registerMcp(r, { projectDir: dir, kind: 'global', packageRoot: '/opt/pkg dir', dryRun: false, enabled: true });
      return r;
    };
    expect((await global()).actions.map((a) => a.action)).toEqual(['created', 'created']);
    expect((await global()).actions.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    await uninstall(dir);
    expect(existsSync(join(dir, '.mcp.json')) || existsSync(join(dir, '.cursor/mcp.json'))).toBe(false);
  });
});
