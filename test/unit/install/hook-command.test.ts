import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  claudeHookCommand, CLAUDE_HOOK_EVENTS, exampleSettingsSnippet, findPackageRoot, installKind, isOurCommand, pluginHookCommand, pluginHooksJson, shDoubleQuote,
} from '../../../src/install/hook-command.js';
import { tempDir } from '../../helpers/repo.js';

/** A fake agent-handover package whose hook scripts print their name and first argument. */
function fakePackage(root: string): string {
  mkdirSync(join(root, 'dist', 'hooks'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'agent-handover', version: '0.0.0' }));
  for (const e of CLAUDE_HOOK_EVENTS) writeFileSync(join(root, 'dist', 'hooks', `${e.script}.js`), `process.stdout.write(${JSON.stringify(e.script)})\n`);
  return root;
}

function runSh(command: string, env: NodeJS.ProcessEnv = {}, cwd?: string): string {
  return execFileSync('sh', ['-c', command], { encoding: 'utf8', env: { ...process.env, ...env }, ...(cwd ? { cwd } : {}) });
}

describe('findPackageRoot', () => {
  test('finds this checkout from a source file', () => {
    expect(findPackageRoot()).toBe(process.cwd());
  });
  test('skips package.json files of other packages on the way up', () => {
    const root = fakePackage(join(tempDir(), 'pkg'));
    mkdirSync(join(root, 'dist', 'chunks', 'inner'), { recursive: true });
    writeFileSync(join(root, 'dist', 'chunks', 'inner', 'package.json'), '{"name":"other"}');
    expect(findPackageRoot(join(root, 'dist', 'chunks', 'inner', 'x.js'))).toBe(root);
  });
  test('undefined when there is none', () => {
    expect(findPackageRoot(join(tempDir(), 'a', 'b.js'))).toBeUndefined();
  });
});

describe('installKind', () => {
  test('dev when the package is the project node_modules copy, also through a symlink (pnpm)', () => {
    const project = tempDir();
    const store = fakePackage(join(project, 'node_modules', '.pnpm', 'agent-handover@1', 'node_modules', 'agent-handover'));
    symlinkSync(store, join(project, 'node_modules', 'agent-handover'));
    expect(installKind(project, store)).toBe('dev');
    expect(installKind(project, join(project, 'node_modules', 'agent-handover'))).toBe('dev');
  });
  test('global when the package lives elsewhere', () => {
    const project = tempDir();
    expect(installKind(project, fakePackage(join(tempDir(), 'lib', 'node_modules', 'agent-handover')))).toBe('global');
  });
});

describe('hook commands run through sh', () => {
  test('devDependency command works from any folder and with spaces in the project path', () => {
    const project = join(tempDir(), 'my project $x');
    fakePackage(join(project, 'node_modules', 'agent-handover'));
    mkdirSync(join(project, 'deep', 'sub'), { recursive: true });
    const out = runSh(claudeHookCommand('stop', 'dev', ''), { CLAUDE_PROJECT_DIR: project }, join(project, 'deep', 'sub'));
    expect(out).toBe('stop');
  });
  test('global command quotes spaces, quotes, dollars and backticks', () => {
    const root = fakePackage(join(tempDir(), 'we"ird $HOME `x` \\dir', 'agent-handover'));
    for (const e of CLAUDE_HOOK_EVENTS) expect(runSh(claudeHookCommand(e.script, 'global', root), {}, tempDir())).toBe(e.script);
  });
  test('global command: once that copy is gone (npx cache cleared), the hook exits 0 silently', () => {
    const root = fakePackage(join(tempDir(), 'npx cache', 'agent-handover'));
    rmSync(root, { recursive: true, force: true });
    const r = spawnSync('sh', ['-c', claudeHookCommand('stop', 'global', root)], { encoding: 'utf8', input: '{}' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
  });
  test('shDoubleQuote escapes exactly the four special characters', () => {
    expect(shDoubleQuote('a "b" $c `d` \\e')).toBe('"a \\"b\\" \\$c \\`d\\` \\\\e"');
  });
  test('plugin command expands CLAUDE_PLUGIN_ROOT', () => {
    const root = fakePackage(join(tempDir(), 'plugin root'));
    expect(runSh(pluginHookCommand('session-end'), { CLAUDE_PLUGIN_ROOT: root })).toBe('session-end');
  });
});

describe('isOurCommand', () => {
  test('recognises every install kind and the CLI form, nothing else', () => {
    expect(isOurCommand(claudeHookCommand('stop', 'dev', ''))).toBe(true);
    expect(isOurCommand(claudeHookCommand('stop', 'global', '/usr/lib/node_modules/agent-handover'))).toBe(true);
    expect(isOurCommand('npx agent-handover hook stop')).toBe(true);
    expect(isOurCommand('node /work/main/dist/hooks/stop.js')).toBe(false);
    expect(isOurCommand('node /work/main/dist/hooks/stop.js', ['node /work/main/dist/hooks/stop.js'])).toBe(true);
    expect(isOurCommand('prettier --write')).toBe(false);
    expect(isOurCommand(42)).toBe(false);
  });
});

describe('committed snippets are generated', () => {
  test('.claude-hooks.example.json equals the devDependency snippet', () => {
    expect(readFileSync('.claude-hooks.example.json', 'utf8')).toBe(exampleSettingsSnippet());
  });
  test('hooks/hooks.json equals the plugin hooks', () => {
    expect(readFileSync('hooks/hooks.json', 'utf8')).toBe(pluginHooksJson());
  });
  test('every hook has an explicit timeout and the SessionEnd one fits its budget', () => {
    const snippet = JSON.parse(exampleSettingsSnippet()) as { hooks: Record<string, Array<{ hooks: Array<{ timeout: number }> }>> };
    expect(Object.keys(snippet.hooks)).toEqual(['SessionStart', 'Stop', 'SessionEnd', 'PreCompact', 'PostCompact']);
    for (const groups of Object.values(snippet.hooks)) expect(groups[0]!.hooks[0]!.timeout).toBeGreaterThan(0);
    expect(snippet.hooks.SessionEnd![0]!.hooks[0]!.timeout).toBeLessThanOrEqual(2);
  });
});
