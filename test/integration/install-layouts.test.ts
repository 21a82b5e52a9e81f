import { describe, expect, test } from 'vitest';
import { Ajv } from 'ajv';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CLAUDE_HOOK_EVENTS } from '../../src/install/hook-command.js';
import { installHooks } from '../../src/install/install-hooks.js';
import type { InstallOptions } from '../../src/install/install-options.js';
import { uninstallHooks } from '../../src/install/uninstall-hooks.js';
import { makeTempRepo, tempDir, type TempRepo } from '../helpers/repo.js';

const SHARED = resolve(process.cwd(), '../shared');
const SCHEMA = join(SHARED, 'schemas', 'claude-code-settings.schema.json');
const hasShared = existsSync(SCHEMA);
if (!hasShared) console.warn(`skipping settings schema checks: ${join(SHARED, 'schemas')} (the shared folder ../shared) is absent`);
const HUSKY_BIN = resolve(process.cwd(), 'node_modules', 'husky', 'bin.js');

function validateSettings(file: string): void {
  if (!hasShared) return;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', true);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  validate(JSON.parse(readFileSync(file, 'utf8')));
  expect(validate.errors ?? []).toEqual([]);
}

/** A fake agent-handover package: every hook script appends "<event> <cwd>" to $AH_TEST_MARKER and prints noise. */
function fakePackage(root: string): string {
  mkdirSync(join(root, 'dist', 'hooks'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"agent-handover","version":"0.0.0","type":"module"}');
  for (const script of [...CLAUDE_HOOK_EVENTS.map((e) => e.script), 'post-commit']) {
    writeFileSync(
      join(root, 'dist', 'hooks', `${script}.js`),
      `import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.AH_TEST_MARKER, ${JSON.stringify(script)} + '\\n');\nconsole.log('noise');\n`,
    );
  }
  return root;
}

interface Project extends TempRepo {
  marker: string;
  pkg: string;
  opts(extra?: Partial<InstallOptions>): InstallOptions;
  commit(cwd?: string): void;
  markerLines(): string[];
}

function project(opts: { devDependency?: boolean; repo?: TempRepo } = {}): Project {
  const repo = opts.repo ?? makeTempRepo();
  const marker = join(tempDir(), 'marker');
  const pkg = opts.devDependency === false ? fakePackage(join(tempDir(), 'global lib', 'agent-handover')) : fakePackage(join(repo.dir, 'node_modules', 'agent-handover'));
  if (existsSync(join(repo.dir, '.git'))) writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'node_modules/\n');
  repo.env.AH_TEST_MARKER = marker;
  return {
    ...repo,
    marker,
    pkg,
    opts: (extra = {}) => ({ projectDir: repo.dir, packageRoot: pkg, homeDir: repo.home, env: {}, ...extra }),
    commit: (cwd = repo.dir) => {
      execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'work'], { cwd, env: repo.env, stdio: 'pipe' });
    },
    markerLines: () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n') : []),
  };
}

/** Every file of the work tree plus .git/hooks and .git/config, with bytes and mode. */
function snapshot(dir: string, gitDir = join(dir, '.git')): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === 'node_modules' || p === gitDir) continue;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = `${(st.mode & 0o777).toString(8)} ${readFileSync(p, 'base64')}`;
    }
  };
  walk(dir);
  if (existsSync(join(gitDir, 'hooks'))) for (const name of readdirSync(join(gitDir, 'hooks'))) {
    const p = join(gitDir, 'hooks', name);
    out[`.git/hooks/${name}`] = `${(statSync(p).mode & 0o777).toString(8)} ${readFileSync(p, 'base64')}`;
  }
  out['.git/config'] = readFileSync(join(gitDir, 'config'), 'base64');
  return out;
}

function runClaudeHook(p: Project, event: string, cwd: string): void {
  const settings = JSON.parse(readFileSync(join(p.dir, '.claude', 'settings.json'), 'utf8'));
  const command = settings.hooks[event][0].hooks[0].command as string;
  execFileSync('sh', ['-c', command], { cwd, env: { ...p.env, CLAUDE_PROJECT_DIR: p.dir }, input: '{}', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** install, second install byte-identical, a commit runs our hook, uninstall restores byte for byte. */
async function roundTrip(p: Project, opts: { hookFile: string; expectMarker?: string[]; before?: Record<string, string> }) {
  const before = opts.before ?? snapshot(p.dir);
  const first = await installHooks(p.opts());
  expect(first.actions.find((a) => a.target === opts.hookFile)?.action).toMatch(/created|updated/);
  const installed = snapshot(p.dir);
  const second = await installHooks(p.opts());
  expect(second.actions.map((a) => a.action).filter((a) => a !== 'unchanged' && a !== 'skipped')).toEqual([]);
  expect(snapshot(p.dir)).toEqual(installed);
  validateSettings(join(p.dir, '.claude', 'settings.json'));
  p.commit();
  expect(p.markerLines()).toEqual(opts.expectMarker ?? ['post-commit']);
  await uninstallHooks(p.opts());
  expect(snapshot(p.dir)).toEqual(before);
  return first;
}

describe('install-hooks across git layouts', () => {
  test('plain repository: executable hook with a shebang, Claude hooks run from a subfolder', async () => {
    const p = project();
    const hook = join(p.dir, '.git', 'hooks', 'post-commit');
    const before = snapshot(p.dir);
    await installHooks(p.opts());
    expect(readFileSync(hook, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    expect(statSync(hook).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(p.dir, '.gitignore'), 'utf8')).toContain('.agent-handover/\n');
    mkdirSync(join(p.dir, 'src', 'deep'), { recursive: true });
    for (const e of CLAUDE_HOOK_EVENTS) runClaudeHook(p, e.event, join(p.dir, 'src', 'deep'));
    expect(p.markerLines()).toEqual(CLAUDE_HOOK_EVENTS.map((e) => e.script));
    await uninstallHooks(p.opts());
    expect(snapshot(p.dir)).toEqual(before);
  });

  test('plain repository round trip', async () => {
    const p = project();
    await roundTrip(p, { hookFile: join(p.dir, '.git', 'hooks', 'post-commit') });
  });

  test('existing foreign hook: chained after it, backup kept, restored byte for byte', async () => {
    const p = project();
    const hook = join(p.dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, '#!/bin/sh\necho foreign >> "$AH_TEST_MARKER"');
    chmodSync(hook, 0o755);
    const r = await roundTrip(p, { hookFile: hook, expectMarker: ['foreign', 'post-commit'] });
    expect(r.actions.find((a) => a.target === hook)?.detail).toMatch(/appended after the existing hook/);
  });

  test('foreign hook in another language is left alone with a manual line', async () => {
    const p = project();
    const hook = join(p.dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, '#!/usr/bin/env python3\nprint(1)\n');
    const r = await installHooks(p.opts());
    expect(r.actions.find((a) => a.target === hook)?.action).toBe('skipped');
    expect(r.messages.join('\n')).toMatch(/post-commit\.js/);
    expect(readFileSync(hook, 'utf8')).toBe('#!/usr/bin/env python3\nprint(1)\n');
  });

  test('husky v9: .husky/post-commit, .husky/_ untouched, runs through husky', async () => {
    const p = project();
    execFileSync(process.execPath, [HUSKY_BIN], { cwd: p.dir, env: p.env, stdio: 'pipe' });
    expect(p.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    const huskyDir = () => Object.fromEntries(Object.entries(snapshot(p.dir)).filter(([k]) => k.startsWith('.husky/_/')));
    const husky = huskyDir();
    expect(Object.keys(husky).length).toBeGreaterThan(3);
    const before = snapshot(p.dir);
    const r = await installHooks(p.opts());
    expect(r.messages.join('\n')).toMatch(/husky/);
    expect(readFileSync(join(p.dir, '.husky', 'post-commit'), 'utf8')).toContain('agent-handover post-commit');
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    expect(huskyDir()).toEqual(husky);
    p.commit();
    expect(p.markerLines()).toEqual(['post-commit']);
    await uninstallHooks(p.opts());
    expect(snapshot(p.dir)).toEqual(before);
  });

  test('husky with an existing .husky/post-commit: appended, restored', async () => {
    const p = project();
    execFileSync(process.execPath, [HUSKY_BIN], { cwd: p.dir, env: p.env, stdio: 'pipe' });
    writeFileSync(join(p.dir, '.husky', 'post-commit'), 'echo husky-user >> "$AH_TEST_MARKER"\n');
    await roundTrip(p, { hookFile: join(p.dir, '.husky', 'post-commit'), expectMarker: ['husky-user', 'post-commit'] });
  });

  test('core.hooksPath custom folder', async () => {
    const p = project();
    p.git('config', 'core.hooksPath', '.githooks');
    await roundTrip(p, { hookFile: join(p.dir, '.githooks', 'post-commit') });
  });

  test('worktree: the hook goes to the shared hooks folder and runs in both checkouts', async () => {
    const p = project();
    const wt = join(tempDir(), 'wt dir');
    p.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const wtProject = { ...p, dir: wt, opts: (extra: Partial<InstallOptions> = {}) => p.opts({ projectDir: wt, ...extra }) };
    // The worktree has no node_modules: the package is elsewhere for it, so the paths are absolute.
    const r = await installHooks(wtProject.opts());
    expect(r.actions.find((a) => a.target === join(p.dir, '.git', 'hooks', 'post-commit'))?.action).toBe('created');
    expect(existsSync(join(wt, '.claude', 'settings.json'))).toBe(true);
    p.commit(wt);
    p.commit(p.dir);
    expect(p.markerLines()).toEqual(['post-commit', 'post-commit']);
    await uninstallHooks(wtProject.opts());
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    expect(existsSync(join(wt, '.claude'))).toBe(false);
  });

  test('worktree without node_modules finds the main checkout copy (devDependency install from main)', async () => {
    const p = project();
    await installHooks(p.opts());
    const wt = join(tempDir(), 'wt');
    p.git('worktree', 'add', '-q', '-b', 'feature', wt);
    p.commit(wt);
    expect(p.markerLines()).toEqual(['post-commit']);
  });

  test('project in a subfolder of the repository (monorepo package)', async () => {
    const repo = makeTempRepo();
    const sub = join(repo.dir, 'packages', 'my app');
    const p = project({ repo: { ...repo, dir: sub } });
    writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'node_modules/\n');
    const r = await installHooks(p.opts());
    expect(r.actions.find((a) => a.target === join(repo.dir, '.git', 'hooks', 'post-commit'))?.action).toBe('created');
    expect(existsSync(join(sub, '.gitignore'))).toBe(true);
    p.commit(repo.dir);
    expect(p.markerLines()).toEqual(['post-commit']);
  });

  test('lefthook.yml: an entry in the config, the rest preserved, restored byte for byte', async () => {
    const p = project();
    const cfg = 'pre-commit:\n  commands:\n    lint:\n      run: npx eslint   # keep me\n';
    p.write('lefthook.yml', cfg);
    const before = snapshot(p.dir);
    const r = await installHooks(p.opts());
    expect(r.messages.join('\n')).toMatch(/lefthook install/);
    expect(parseYaml(readFileSync(join(p.dir, 'lefthook.yml'), 'utf8'))['post-commit'].commands['agent-handover'].run).toContain('post-commit.js');
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    const installed = snapshot(p.dir);
    await installHooks(p.opts());
    expect(snapshot(p.dir)).toEqual(installed);
    // What lefthook would run, from the work tree top.
    execFileSync('sh', ['-c', parseYaml(readFileSync(join(p.dir, 'lefthook.yml'), 'utf8'))['post-commit'].commands['agent-handover'].run], { cwd: p.dir, env: p.env });
    expect(p.markerLines()).toEqual(['post-commit']);
    await uninstallHooks(p.opts());
    expect(snapshot(p.dir)).toEqual(before);
  });

  test('pre-commit framework: a local post-commit hook, with the install command to run', async () => {
    const p = project();
    p.write('.pre-commit-config.yaml', 'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.6.0\n    hooks:\n      - id: trailing-whitespace\n');
    const before = snapshot(p.dir);
    const r = await installHooks(p.opts());
    expect(r.messages.join('\n')).toContain('pre-commit install --hook-type post-commit');
    const hook = parseYaml(readFileSync(join(p.dir, '.pre-commit-config.yaml'), 'utf8')).repos[1].hooks[0];
    expect(hook.stages).toEqual(['post-commit']);
    // pre-commit splits the entry like a shell and runs it from the top; sh -c does the same here.
    execFileSync('sh', ['-c', hook.entry], { cwd: p.dir, env: p.env });
    expect(p.markerLines()).toEqual(['post-commit']);
    await uninstallHooks(p.opts());
    expect(snapshot(p.dir)).toEqual(before);
  });
});

describe('install-hooks: settings, docs, scopes and forgiving cases', () => {
  test('settings with other hooks and keys; CLAUDE.md gets the block; all undone exactly', async () => {
    const p = project();
    p.write('.claude/settings.json', '{\n  "permissions": {"allow": ["Bash(ls)"]},\n  "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "say hi"}]}]},\n  "x-unknown": 1\n}\n');
    p.write('CLAUDE.md', '# Project\n\nBe nice.');
    p.write('.gitignore', 'dist/\n');
    const before = snapshot(p.dir);
    const r = await installHooks(p.opts());
    const claude = readFileSync(join(p.dir, 'CLAUDE.md'), 'utf8');
    expect(claude).toContain('<!-- agent-handover:start -->');
    expect(claude).toContain('agent-handover note --kind decision|gotcha|followup');
    expect(claude).toContain('memory/layer2/current-state.md');
    expect(r.messages.join('\n')).not.toContain('Neither');
    const settings = JSON.parse(readFileSync(join(p.dir, '.claude', 'settings.json'), 'utf8'));
    expect(Object.keys(settings)).toEqual(['permissions', 'hooks', 'x-unknown']);
    expect(settings.hooks.Stop).toHaveLength(2);
    validateSettings(join(p.dir, '.claude', 'settings.json'));
    await uninstallHooks(p.opts());
    expect(snapshot(p.dir)).toEqual(before);
  });

  test('no CLAUDE.md / AGENTS.md: nothing created, the block offered in the report', async () => {
    const p = project();
    const r = await installHooks(p.opts());
    expect(existsSync(join(p.dir, 'CLAUDE.md'))).toBe(false);
    expect(r.messages.join('\n')).toContain('<!-- agent-handover:start -->');
  });

  test('dry run writes nothing and reports every change with its diff', async () => {
    const p = project();
    p.write('AGENTS.md', '# Agents\n');
    const before = snapshot(p.dir);
    const r = await installHooks(p.opts({ dryRun: true }));
    expect(snapshot(p.dir)).toEqual(before);
    expect(r.actions.map((a) => a.action)).toEqual(['would-create', 'would-create', 'would-create', 'would-update']);
    for (const a of r.actions) expect(a.diff).toMatch(/^\+/m);
    await installHooks(p.opts());
    const installed = snapshot(p.dir);
    const u = await uninstallHooks(p.opts({ dryRun: true }));
    expect(snapshot(p.dir)).toEqual(installed);
    expect(u.actions.map((a) => a.action)).toEqual(['would-remove', 'would-remove', 'would-restore', 'would-remove']);
  });

  test('invalid settings JSON: clear error, nothing changed anywhere', async () => {
    const p = project();
    p.write('.claude/settings.json', '{"hooks": {');
    const before = snapshot(p.dir);
    await expect(installHooks(p.opts())).rejects.toThrow(/settings\.json is not valid JSON/);
    expect(snapshot(p.dir)).toEqual(before);
  });

  test('global install: absolute, quoted paths that run from anywhere', async () => {
    const p = project({ devDependency: false });
    const r = await installHooks(p.opts());
    expect(r.messages.join('\n')).toContain('not in this project');
    runClaudeHook(p, 'Stop', tempDir());
    p.commit();
    expect(p.markerLines()).toEqual(['stop', 'post-commit']);
  });

  test('scope user and local write their own files', async () => {
    const p = project();
    await installHooks(p.opts({ scope: 'local', gitHooks: false }));
    expect(existsSync(join(p.dir, '.claude', 'settings.local.json'))).toBe(true);
    const r = await installHooks(p.opts({ scope: 'user', gitHooks: false }));
    const user = JSON.parse(readFileSync(join(p.home, '.claude', 'settings.json'), 'utf8'));
    expect(user.hooks.Stop[0].hooks[0].command).toContain(p.pkg);
    expect(r.messages.join('\n')).toMatch(/user scope/);
    validateSettings(join(p.home, '.claude', 'settings.json'));
    await uninstallHooks(p.opts({ scope: 'user', gitHooks: false }));
    expect(existsSync(join(p.home, '.claude'))).toBe(false);
  });

  test('--no-git-hooks leaves git hooks alone, settings still done', async () => {
    const p = project();
    const r = await installHooks(p.opts({ gitHooks: false }));
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    expect(existsSync(join(p.dir, '.claude', 'settings.json'))).toBe(true);
    expect(r.messages.join('\n')).toMatch(/--no-git-hooks/);
  });

  test('under CI: a message, no action, nothing written', async () => {
    const p = project();
    const before = readdirSync(p.dir).sort();
    const r = await installHooks(p.opts({ env: { CI: 'true' } }));
    expect(r.actions).toEqual([]);
    expect(r.messages.join('\n')).toContain('CI detected');
    expect(readdirSync(p.dir).sort()).toEqual(before);
    expect(p.git('status', '--porcelain')).toBe('');
  });

  test('not a git repository: a message with the fix, nothing written', async () => {
    const dir = tempDir();
    const pkg = fakePackage(join(dir, 'node_modules', 'agent-handover'));
    const r = await installHooks({ projectDir: dir, packageRoot: pkg, homeDir: tempDir(), env: {} });
    expect(r.messages.join('\n')).toContain('is not a git repository');
    expect(r.messages.join('\n')).toContain('git init');
    expect(r.actions).toEqual([]);
    expect(readdirSync(dir)).toEqual(['node_modules']);
  });

  test('no git binary on PATH: a message, nothing written', async () => {
    const p = project();
    const path = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      const r = await installHooks(p.opts());
      expect(r.messages.join('\n')).toContain('git is not available');
      expect(r.actions).toEqual([]);
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(join(p.dir, '.claude', 'settings.json'))).toBe(false);
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
  });

  test('uninstall after later edits: the .bak files and the .gitignore block go, the report says what is left and why', async () => {
    const p = project();
    mkdirSync(join(p.dir, '.claude'), { recursive: true });
    writeFileSync(join(p.dir, '.claude', 'settings.json'), '{\n  "env": { "A": "1" }\n}\n');
    await installHooks(p.opts());
    const settings = join(p.dir, '.claude', 'settings.json');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('"A": "1"', '"A": "2"'));
    // The state folder a hook run leaves (with its own .gitignore).
    const { ensureStateDir } = await import('../../src/io/state-dir.js');
    ensureStateDir(join(p.dir, '.agent-handover'));
    const u = await uninstallHooks(p.opts());
    expect(readFileSync(settings, 'utf8')).toBe('{\n  "env": { "A": "2" }\n}\n');
    const left = readdirSync(p.dir, { recursive: true }) as string[];
    expect(left.filter((f) => f.endsWith('.agent-handover.bak'))).toEqual([]);
    expect(existsSync(join(p.dir, '.gitignore')) ? readFileSync(join(p.dir, '.gitignore'), 'utf8') : '').not.toContain('agent-handover');
    expect(u.messages.join('\n')).toContain(`Left ${join(p.dir, '.agent-handover')}`);
    expect(p.git('status', '--porcelain')).toBe('?? .claude/\n');
  });

  test('uninstall keeps the ignore lines while .agent-handover/ exists', async () => {
    const p = project();
    await installHooks(p.opts());
    mkdirSync(join(p.dir, '.agent-handover'));
    const u = await uninstallHooks(p.opts());
    expect(u.actions.find((a) => a.target.endsWith('.gitignore'))?.action).toBe('skipped');
    expect(readFileSync(join(p.dir, '.gitignore'), 'utf8')).toContain('.agent-handover/');
  });
});
