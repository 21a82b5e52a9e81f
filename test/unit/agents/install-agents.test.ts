// install-hooks / uninstall-hooks for each agent (src/agents/), on temp repositories that already
// hold other tools' real hook configs (../shared/fixtures/hooks): merged, idempotent, dry-run,
// reversible byte for byte, forgiving, and valid for the agent (Codex: its JSON schema).
import { describe, expect, test } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { installAgents, resolveAgents, uninstallAgents } from '../../../src/agents/install-agents.js';
import { ADAPTERS } from '../../../src/agents/registry.js';
import { runDoctor } from '../../../src/doctor/doctor.js';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';

const SHARED = join(process.cwd(), '..', 'shared');
const HOOKS = join(SHARED, 'fixtures', 'hooks');
const SCHEMA = join(SHARED, 'schemas', 'codex-hooks.schema.json');
const haveShared = existsSync(HOOKS) && existsSync(SCHEMA);
if (!haveShared) console.warn(`install-agents: tests on real configs skipped, ${SHARED} (../shared/fixtures/hooks, ../shared/schemas) is absent`);

/** Real configs of other tools, placed where each agent reads them. */
const PRE_EXISTING: Record<string, string> = {
  '.codex/hooks.json': 'codex/entire-cli-codex-hooks.json',
  '.gemini/settings.json': 'gemini/entire-cli-gemini-settings.json',
  '.cursor/hooks.json': 'cursor/mem0-plugin-cursor-hooks.json',
  '.github/hooks/hooks.json': 'copilot/1password-agent-hooks-github-hooks.json',
};

function withConfigs(repo: TempRepo): Record<string, Buffer> {
  const before: Record<string, Buffer> = {};
  for (const [rel, fixture] of Object.entries(PRE_EXISTING)) {
    repo.write(rel, readFileSync(join(HOOKS, fixture), 'utf8'));
    before[rel] = readFileSync(join(repo.dir, rel));
  }
  for (const d of ['.clinerules', '.opencode', '.factory']) mkdirSync(join(repo.dir, d), { recursive: true });
  return before;
}

/** Every file under the project except .git/objects etc., with its bytes: "nothing else changed". */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (rel === '.git' ) {
        const ex = join(p, 'info', 'exclude');
        if (existsSync(ex)) out.set('.git/info/exclude', readFileSync(ex, 'utf8'));
        continue;
      }
      if (statSync(p).isDirectory()) walk(p);
      else out.set(rel, readFileSync(p, 'base64'));
    }
  };
  walk(dir);
  return out;
}

const opts = (repo: TempRepo, extra: Record<string, unknown> = {}) => ({ projectDir: repo.dir, packageRoot: process.cwd(), homeDir: repo.home, env: { PATH: '' }, gitHooks: false, ...extra });

describe.skipIf(!haveShared)('every agent at once, on top of real configs', () => {
  test('--agent all: merged into each config, a second run changes nothing, uninstall restores every file byte for byte', async () => {
    const repo = makeTempRepo();
    const before = withConfigs(repo);
    const untouched = snapshot(repo.dir);
    const first = await installAgents(opts(repo, { agents: 'all' }));
    const skipped = first.actions.filter((a) => a.action === 'skipped');
    expect(skipped).toEqual([]);
    // Other tools' entries are still there, next to ours.
    const gemini = JSON.parse(readFileSync(join(repo.dir, '.gemini/settings.json'), 'utf8')) as { hooks: Record<string, Array<{ hooks: Array<{ command: string; timeout?: number; name?: string }> }>>; hooksConfig: unknown };
    expect(gemini.hooksConfig).toEqual({ enabled: true });
    expect(gemini.hooks.SessionStart!.flatMap((g) => g.hooks.map((h) => h.command)).some((c) => c.includes('entire'))).toBe(true);
    const ours = gemini.hooks.SessionStart!.flatMap((g) => g.hooks).find((h) => h.command.includes('--agent gemini'))!;
    expect(ours.timeout).toBe(10_000); // milliseconds
    expect(ours.name).toBe('agent-handover-session-start');
    const cursor = JSON.parse(readFileSync(join(repo.dir, '.cursor/hooks.json'), 'utf8')) as { version: number; hooks: Record<string, Array<{ command: string }>> };
    expect(cursor.version).toBe(1);
    expect(cursor.hooks.sessionStart!.map((h) => h.command).some((c) => c.includes('CURSOR_PLUGIN_ROOT'))).toBe(true);
    expect(cursor.hooks.sessionStart!.map((h) => h.command).some((c) => c.includes('--agent cursor'))).toBe(true);
    for (const event of ['TaskStart', 'TaskResume', 'TaskComplete', 'TaskCancel', 'PreCompact']) {
      expect(statSync(join(repo.dir, '.clinerules/hooks', event)).mode & 0o111).not.toBe(0);
    }
    expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).toContain('/.cursor/rules/agent-handover.mdc');
    // The user's own Copilot hooks file is left alone; ours is a file of its own.
    expect(readFileSync(join(repo.dir, '.github/hooks/hooks.json'))).toEqual(before['.github/hooks/hooks.json']);

    const second = await installAgents(opts(repo, { agents: 'all' }));
    expect(second.actions.filter((a) => !['unchanged'].includes(a.action)).map((a) => `${a.action} ${a.target}`)).toEqual([]);

    await uninstallAgents(opts(repo, { agents: 'all' }));
    const after = snapshot(repo.dir);
    expect([...after.keys()].sort()).toEqual([...untouched.keys()].sort());
    for (const [k, v] of untouched) expect(after.get(k), k).toBe(v);
  });

  test('Codex: .codex/hooks.json is valid against the Codex hooks schema, fresh and merged; SessionEnd within 3 s', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    for (const seed of [undefined, 'codex/entire-cli-codex-hooks.json', 'codex/beads-codex-plugin-hooks.json', 'codex/mem0-plugin-codex-hooks.json']) {
      const repo = makeTempRepo();
      if (seed) repo.write('.codex/hooks.json', readFileSync(join(HOOKS, seed), 'utf8'));
      // Entire's file has "matcher": null, which the schema itself rejects: ours must add no error.
      const errorsOf = (v: unknown) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
      const seedErrors = seed ? errorsOf(JSON.parse(readFileSync(join(HOOKS, seed), 'utf8'))) : [];
      await installAgents(opts(repo, { agents: 'codex' }));
      const written = JSON.parse(readFileSync(join(repo.dir, '.codex/hooks.json'), 'utf8')) as { hooks: Record<string, Array<{ hooks: Array<{ command: string; timeout: number }> }>> };
      expect(errorsOf(written)).toEqual(seedErrors);
      if (seed?.includes('entire')) expect(seedErrors.length).toBeGreaterThan(0);
      const end = written.hooks.SessionEnd!.flatMap((g) => g.hooks).find((h) => h.command.includes('--agent codex'))!;
      expect(end.timeout).toBeLessThanOrEqual(3);
      // Codex alone: Claude Code's settings are not written.
      expect(existsSync(join(repo.dir, '.claude/settings.json'))).toBe(false);
    }
  });
});

describe('install-hooks per agent', () => {
  test('--dry-run writes nothing and says what it would do', async () => {
    const repo = makeTempRepo();
    const before = snapshot(repo.dir);
    const r = await installAgents(opts(repo, { agents: 'all', dryRun: true }));
    expect(snapshot(repo.dir)).toEqual(before);
    expect(r.actions.filter((a) => a.action === 'would-create').length).toBeGreaterThanOrEqual(8);
  });

  test('a config that is not JSON is named with its fix, left as it is, and the other agents are still installed', async () => {
    const repo = makeTempRepo();
    repo.write('.gemini/settings.json', '{ "hooks": ');
    const r = await installAgents(opts(repo, { agents: 'gemini,codex' }));
    // Both the hooks and the MCP registration leave the file alone, each saying how to fix it.
    const bad = r.actions.filter((a) => a.target.endsWith('.gemini/settings.json'));
    expect(bad.length).toBeGreaterThan(0);
    for (const a of bad) {
      expect(a.action).toBe('skipped');
      expect(a.detail).toMatch(/not valid JSON/);
      expect(a.detail).toMatch(/fix the (?:JSON|file)/i);
    }
    expect(readFileSync(join(repo.dir, '.gemini/settings.json'), 'utf8')).toBe('{ "hooks": ');
    expect(existsSync(join(repo.dir, '.codex/hooks.json'))).toBe(true);
  });

  test('a file of ours by name that the user wrote is never overwritten', async () => {
    const repo = makeTempRepo();
    repo.write('.clinerules/hooks/TaskStart', '#!/bin/sh\necho mine\n');
    const r = await installAgents(opts(repo, { agents: 'cline' }));
    expect(r.actions.find((a) => a.target.endsWith('TaskStart'))?.action).toBe('skipped');
    expect(readFileSync(join(repo.dir, '.clinerules/hooks/TaskStart'), 'utf8')).toBe('#!/bin/sh\necho mine\n');
    await uninstallAgents(opts(repo, { agents: 'cline' }));
    expect(readFileSync(join(repo.dir, '.clinerules/hooks/TaskStart'), 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  test('the install report ends with each agent\'s manual step (Codex: trust in /hooks; Cursor: the rules file)', async () => {
    const repo = makeTempRepo();
    const r = await installAgents(opts(repo, { agents: 'codex,cursor' }));
    expect(r.messages.some((m) => m.startsWith('Codex CLI:') && m.includes('/hooks'))).toBe(true);
    expect(r.messages.some((m) => m.startsWith('Cursor:') && m.includes('.cursor/rules/agent-handover.mdc'))).toBe(true);
  });

  test('doctor checks each installed agent and flags a Cline hook that lost its execute bit', async () => {
    const repo = makeTempRepo();
    await installAgents(opts(repo, { agents: 'codex,cline,copilot' }));
    chmodSync(join(repo.dir, '.clinerules/hooks/TaskStart'), 0o644);
    const d = await runDoctor({ projectDir: repo.dir, packageRoot: process.cwd(), homeDir: repo.home, env: { PATH: process.env.PATH ?? '' } });
    const agent = d.checks.filter((c) => c.name.startsWith('agent:'));
    expect(agent.some((c) => c.name === 'agent:codex' && c.ok)).toBe(true);
    expect(agent.some((c) => c.name === 'agent:copilot' && c.ok)).toBe(true);
    const cline = agent.find((c) => c.name === 'agent:cline' && !c.ok)!;
    expect(cline.detail).toMatch(/not executable/);
    expect(cline.fix).toMatch(/chmod \+x/);
    // Hooks for other agents only: no "no Claude Code hooks" error.
    expect(d.checks.some((c) => c.name === 'hooks' && c.level === 'error')).toBe(false);
  });
});

describe('which agents', () => {
  test('auto: Claude Code, plus agents by project folder or executable on PATH', () => {
    const repo = makeTempRepo();
    mkdirSync(join(repo.dir, '.gemini'));
    mkdirSync(join(repo.dir, '.github', 'hooks'), { recursive: true });
    const bin = tempDir();
    writeFileSync(join(bin, 'codex'), '#!/bin/sh\n');
    chmodSync(join(bin, 'codex'), 0o755);
    const r = resolveAgents(undefined, repo.dir, { PATH: bin });
    expect(r.agents).toEqual(['claude-code', 'codex', 'gemini', 'copilot']);
    expect(r.found.join(' ')).toMatch(/codex on PATH/);
    expect(resolveAgents('auto', repo.dir, { PATH: '' }).agents).toEqual(['claude-code', 'gemini', 'copilot']);
  });

  test('names, aliases and all; an unknown name gets a did-you-mean', () => {
    expect(resolveAgents('codex, gemini-cli,codex', '.', {}).agents).toEqual(['codex', 'gemini']);
    expect(resolveAgents('all', '.', {}).agents).toEqual(Object.keys(ADAPTERS));
    expect(() => resolveAgents('curser', '.', {})).toThrow(/did you mean cursor\?/);
  });
});

test('doctor: Gemini settings that turn hooks off are flagged with the fix', async () => {
  const repo = makeTempRepo();
  repo.write('.gemini/settings.json', '{"hooksConfig":{"enabled":false}}\n');
  await installAgents(opts(repo, { agents: 'gemini' }));
  const d = await runDoctor({ projectDir: repo.dir, packageRoot: process.cwd(), homeDir: repo.home, env: { PATH: process.env.PATH ?? '' } });
  const off = d.checks.find((c) => c.name === 'agent:gemini' && !c.ok)!;
  expect(off.detail).toMatch(/hooks are turned off/);
  expect(off.fix).toMatch(/"hooksConfig": \{"enabled": true\}/);
});

test("GEMINI.md gets the same agent-docs block as CLAUDE.md and AGENTS.md, and loses it byte for byte", async () => {
  const repo = makeTempRepo();
  repo.write('GEMINI.md', '# Project rules\n\nUse pnpm.\n');
  await installAgents(opts(repo, { agents: 'gemini' }));
  expect(readFileSync(join(repo.dir, 'GEMINI.md'), 'utf8')).toContain('<!-- agent-handover:start -->');
  await uninstallAgents(opts(repo, { agents: 'gemini' }));
  expect(readFileSync(join(repo.dir, 'GEMINI.md'), 'utf8')).toBe('# Project rules\n\nUse pnpm.\n');
});
