import { describe, expect, test } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDoctor, type DoctorReport } from '../../../src/doctor/doctor.js';
import { CLAUDE_HOOK_EVENTS } from '../../../src/install/hook-command.js';
import { installHooks } from '../../../src/install/install-hooks.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

function fakePackage(root: string): string {
  mkdirSync(join(root, 'dist', 'hooks'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"agent-handover"}');
  for (const s of [...CLAUDE_HOOK_EVENTS.map((e) => e.script), 'post-commit']) writeFileSync(join(root, 'dist', 'hooks', `${s}.js`), '');
  return root;
}

async function installed(extra: { lefthook?: boolean } = {}) {
  const repo = makeTempRepo();
  if (extra.lefthook) repo.write('lefthook.yml', 'pre-commit:\n  commands: {}\n');
  const pkg = fakePackage(join(repo.dir, 'node_modules', 'agent-handover'));
  const opts = { projectDir: repo.dir, packageRoot: pkg, homeDir: repo.home, env: { PATH: process.env.PATH } };
  await installHooks(opts);
  return { repo, pkg, opts, doctor: () => runDoctor(opts) };
}

const check = (r: DoctorReport, name: string) => r.checks.find((c) => c.name === name);

describe('doctor', () => {
  test('nothing installed: errors and warnings, each with its fix', async () => {
    const repo = makeTempRepo();
    const r = await runDoctor({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: { PATH: process.env.PATH } });
    expect(r.ok).toBe(false);
    expect(check(r, 'hooks')).toMatchObject({ level: 'error', fix: expect.stringContaining('install-hooks') });
    expect(check(r, 'git-hook')).toMatchObject({ level: 'warn', fix: expect.stringContaining('install-hooks') });
    expect(check(r, 'gitignore')).toMatchObject({ level: 'warn' });
    for (const c of r.checks) if (!c.ok) expect(c.fix).toBeTruthy();
  });

  test('a complete install is healthy', async () => {
    const { doctor } = await installed();
    const r = await doctor();
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    for (const e of CLAUDE_HOOK_EVENTS) expect(check(r, `command:${e.event}`)?.level).toBe('ok');
    expect(check(r, 'settings:project')?.detail).toContain('SessionStart, Stop, SessionEnd, PreCompact, PostCompact');
  });

  test('an upgrade from the CommonJS bin: MCP registrations that start dist/agent-handover.cjs are an error until install-hooks rewrites them', async () => {
    const { repo, opts, doctor } = await installed();
    mkdirSync(join(repo.dir, '.codex'), { recursive: true });
    await installHooks(opts);
    expect(check(await doctor(), 'mcp')).toMatchObject({ level: 'ok' });
    // What the previous version wrote: the same entries, started from the CommonJS bin.
    const files = [join(repo.dir, '.mcp.json'), join(repo.dir, '.codex', 'config.toml')];
    for (const f of files) writeFileSync(f, readFileSync(f, 'utf8').split('dist/cli.js').join('dist/agent-handover.cjs'));
    const before = await doctor();
    expect(before.ok).toBe(false);
    expect(check(before, 'mcp')).toMatchObject({ level: 'error', fix: expect.stringContaining('install-hooks') });
    for (const f of files) expect(check(before, 'mcp')?.detail).toContain(f);
    await installHooks(opts);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain('agent-handover.cjs');
    const after = await doctor();
    expect(check(after, 'mcp')).toMatchObject({ level: 'ok' });
    expect(after.checks.filter((c) => !c.ok)).toEqual([]);
  });

  test('a hook script that does not exist, node missing, a git hook that is not executable', async () => {
    const { pkg, repo, opts } = await installed();
    rmSync(join(pkg, 'dist', 'hooks', 'stop.js'));
    chmodSync(join(repo.dir, '.git', 'hooks', 'post-commit'), 0o644);
    const r = await runDoctor({ ...opts, env: { PATH: tempDir() } });
    expect(check(r, 'command:Stop')).toMatchObject({ level: 'error', detail: expect.stringContaining('stop.js') });
    expect(check(r, 'command:SessionStart')?.level).toBe('ok');
    expect(check(r, 'node')?.level).toBe('error');
    expect(check(r, 'git-hook')).toMatchObject({ level: 'error', fix: expect.stringContaining('chmod +x') });
    expect(r.ok).toBe(false);
  });

  test('abandoned runs are listed with their step and cause', async () => {
    const { repo, doctor } = await installed();
    expect(check(await doctor(), 'abandoned-runs')).toMatchObject({ level: 'ok' });
    mkdirSync(join(repo.dir, '.agent-handover'));
    writeFileSync(join(repo.dir, '.agent-handover', 'abandoned.json'), JSON.stringify([{ run_id: '20261201T100000-abcd', session: 's-1', step: 'publish', reason: 'gpg failed to sign the data', at: '2026-12-01T10:00:05.000Z' }]));
    const c = check(await doctor(), 'abandoned-runs')!;
    expect(c.level).toBe('warn');
    expect(c.detail).toContain('run 20261201T100000-abcd (session s-1): step publish: gpg failed to sign the data');
  });

  test('PAUSE, config errors and the last hook errors from the log', async () => {
    const { repo, doctor } = await installed();
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    writeFileSync(join(repo.dir, '.agent-handover.yml'), 'memory_root: [unclosed\n');
    mkdirSync(join(repo.dir, '.agent-handover'));
    const entries = Array.from({ length: 8 }, (_, i) => `2026-08-01T10:00:0${i}.000Z [stop] failure number ${i}\n    at somewhere`);
    writeFileSync(join(repo.dir, '.agent-handover', 'log'), `${entries.join('\n')}\n`);
    const r = await doctor();
    expect(check(r, 'pause')).toMatchObject({ level: 'warn', fix: expect.stringContaining(join(repo.dir, 'PAUSE')) });
    expect(check(r, 'config')).toMatchObject({ level: 'error', fix: expect.stringContaining('.agent-handover.yml') });
    const log = check(r, 'log')!;
    expect(log.level).toBe('warn');
    expect(log.detail).toContain('failure number 7');
    expect(log.detail).toContain('failure number 3');
    expect(log.detail).not.toContain('failure number 2');
  });

  test('shared mode: branch-mode notes not yet on the memory ref are a warning with the command that fixes it', async () => {
    const { repo, doctor } = await installed();
    repo.write('memory/layer1/2026-01/handover-2026-01-01-s1.md', '---\nlayer: 1\n---\nnote\n');
    repo.commitAll('notes from branch mode');
    repo.write('.agent-handover.yml', 'git:\n  mode: shared\n');
    const pending = check(await doctor(), 'shared-mode');
    expect(pending).toMatchObject({ level: 'warn', detail: expect.stringContaining('1 session note'), fix: expect.stringContaining('agent-handover migrate') });
    const { migrateToShared } = await import('../../../src/sync/migrate.js');
    const { loadProject } = await import('../../../src/project/project.js');
    expect((await migrateToShared(await loadProject(repo.dir))).status).toBe('migrated');
    expect(check(await doctor(), 'shared-mode')?.level).toBe('ok');
    // Branch mode: memory is meant to be on the branch; doctor states that mode's caveats instead.
    repo.write('.agent-handover.yml', 'git:\n  mode: branch\n');
    const report = await doctor();
    expect(check(report, 'shared-mode')).toBeUndefined();
    expect(check(report, 'branch-mode')).toMatchObject({ level: 'warn', detail: expect.stringContaining('--amend') });
  });

  test('a memory_root over the user\'s own files is an error naming them, with the fix', async () => {
    const { repo, doctor } = await installed();
    repo.write('src/app.ts', 'user code\n');
    repo.write('.agent-handover.yml', 'memory_root: src\ngit:\n  mode: branch\n');
    expect(check(await doctor(), 'memory-folder')).toMatchObject({ level: 'error', detail: expect.stringContaining('app.ts'), fix: expect.stringContaining('memory_root') });
  });

  test('a git lock left by a killed git is reported (never removed); a fresh one is a git at work', async () => {
    const { repo, doctor } = await installed();
    expect(check(await doctor(), 'git-locks')?.level).toBe('ok');
    const lock = join(repo.dir, '.git', 'refs', 'heads', 'main.lock');
    writeFileSync(lock, '');
    expect(check(await doctor(), 'git-locks')?.level).toBe('ok');
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(lock, old, old);
    writeFileSync(join(repo.dir, '.git', 'index.lock'), '');
    utimesSync(join(repo.dir, '.git', 'index.lock'), old, old);
    const r = check(await doctor(), 'git-locks');
    expect(r).toMatchObject({ level: 'warn', detail: expect.stringContaining('main.lock'), fix: expect.stringContaining(`rm '${join(repo.dir, '.git', 'index.lock')}'`) });
    expect(existsSync(lock)).toBe(true);
  });

  test('invalid settings JSON is an error naming the file', async () => {
    const { repo, doctor } = await installed();
    writeFileSync(join(repo.dir, '.claude', 'settings.local.json'), '{');
    const r = await doctor();
    expect(check(r, 'settings:local')).toMatchObject({ level: 'error', detail: expect.stringContaining('settings.local.json') });
  });

  test('lefthook entry present but lefthook not installed into git', async () => {
    const { doctor } = await installed({ lefthook: true });
    const r = await doctor();
    expect(check(r, 'git-hook')).toMatchObject({ level: 'warn', fix: 'npx lefthook install' });
  });

  test('an enabled plugin counts as installed', async () => {
    const repo = makeTempRepo();
    mkdirSync(join(repo.home, '.claude'));
    writeFileSync(join(repo.home, '.claude', 'settings.json'), '{"enabledPlugins": {"agent-handover@agent-handover": true}}');
    const r = await runDoctor({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: { PATH: process.env.PATH } });
    expect(check(r, 'hooks')).toBeUndefined();
    expect(check(r, 'plugin:user')?.level).toBe('ok');
  });

  test('not a git repository: a warning, not a crash', async () => {
    const r = await runDoctor({ projectDir: tempDir(), packageRoot: tempDir(), homeDir: tempDir(), env: { PATH: process.env.PATH } });
    expect(check(r, 'git-hook')).toMatchObject({ level: 'warn', detail: expect.stringContaining('not a git repository') });
  });

  test('handover scores: a fall between the last five and the five before is a warning with its next step', async () => {
    const repo = makeTempRepo();
    const row = (i: number, score: number) => JSON.stringify({ v: 1, session: `s${i}`, agent: 'claude-code', of: `p${i}`, at: `2026-11-${10 + i}T10:00:00Z`, week: '2026-W46', score, signals: [], sections: { shown: [], used: [], unused: [], unmeasured: [] } });
    mkdirSync(join(repo.dir, '.agent-handover'), { recursive: true });
    writeFileSync(join(repo.dir, '.agent-handover', 'scores.jsonl'), [...[0, 1, 2, 3, 4].map((i) => row(i, 85)), ...[5, 6, 7, 8, 9].map((i) => row(i, 55))].join('\n') + '\n');
    const r = await runDoctor({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: { PATH: process.env.PATH } });
    expect(check(r, 'handover-score')).toMatchObject({ level: 'warn' });
    expect(check(r, 'handover-score')?.detail).toContain('falling');
    expect(check(r, 'handover-score')?.fix).toContain('agent-handover score');
  });
});
