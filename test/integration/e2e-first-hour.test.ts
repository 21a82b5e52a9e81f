// What a new user hits in the first hour (issue 14), one test per item, through the packed
// package installed in a temp project: the CLI as `node_modules/.bin/agent-handover` runs it.
import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedProject, packedPackage } from '../helpers/installed-project.js';
import { tempDir } from '../helpers/repo.js';

const COMMANDS = ['run', 'check', 'status', 'note', 'context', 'regenerate', 'compact', 'refine', 'pause', 'unpause', 'init', 'install-hooks', 'uninstall-hooks', 'doctor', 'sync', 'merge-driver', 'hook', 'help'];
const day = () => new Date().toISOString().slice(0, 10);
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('1. installing before the package is published', () => {
  test('the tarball installs with npm and runs; it carries LICENSE; the README and the marketplace do not send users to the registry', () => {
    const { tarball } = packedPackage();
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/LICENSE');
    expect(readFileSync(join(process.cwd(), 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const p = installedProject({ freshInstall: true });
    const v = p.cli(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const market = JSON.parse(readFileSync(join(p.pkg, '.claude-plugin', 'marketplace.json'), 'utf8'));
    expect(JSON.stringify(market)).not.toContain('"npm"');
    expect(existsSync(join(p.pkg, market.plugins[0].source, 'dist', 'hooks', 'stop.js'))).toBe(true);
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('not on the npm registry yet');
    expect(readme).toContain('npm install --save-dev /path/to/agent-handover-');
  });

  test('`prepare` builds dist/ in a copy that has none (a git install), and does nothing when it is built', () => {
    const copy = tempDir();
    for (const f of ['src', 'hooks', 'scripts', 'schema', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(process.cwd(), f), join(copy, f), { recursive: true });
    execFileSync('ln', ['-s', join(process.cwd(), 'node_modules'), join(copy, 'node_modules')]);
    execFileSync('npm', ['run', '--silent', 'prepare'], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = spawnSync(process.execPath, [join(copy, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const before = readdirSync(join(copy, 'dist')).length;
    const again = spawnSync('npm', ['run', '--silent', 'prepare'], { cwd: copy, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(readdirSync(join(copy, 'dist')).length).toBe(before);
  }, 120_000);
});

describe('2. help and typos', () => {
  test('every command takes --help and `help <command>`, exit 0 with its usage', () => {
    const p = installedProject();
    for (const c of COMMANDS) {
      for (const args of [[c, '--help'], ['help', c]]) {
        const r = p.cli(args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain(`Usage: agent-handover ${c}`);
      }
    }
  });

  test('a typo in a command, an option or a hook event: the nearest match and exit 64', () => {
    const p = installedProject();
    for (const [args, near] of [[['stauts'], 'status'], [['context', '--budjet', '900'], '--budget'], [['hook', 'sesion-start'], 'session-start']] as const) {
      const r = p.cli([...args]);
      expect(r.status, r.stderr).toBe(64);
      expect(r.stderr).toContain(`Did you mean \`${near}\`?`);
      expect(r.stdout).toBe('');
    }
  });
});

describe('3. settings keep their formatting', () => {
  test.each([
    ['compact', '{"permissions":{"allow":["Bash(npm test)"]},"env":{"A":"1"}}\n'],
    ['commented', '{\n  // mine\n  "permissions": { "allow": ["Bash(npm test)"] }, /* keep */\n  "env": { "A": "1" },\n}\n'],
  ])('%s .claude/settings.json: only our hooks are added, and uninstall gives the same bytes back', (_, content) => {
    const p = installedProject();
    mkdirSync(join(p.dir, '.claude'));
    writeFileSync(join(p.dir, '.claude', 'settings.json'), content);
    p.installHooks();
    const after = p.read('.claude/settings.json');
    if (content.includes('//')) for (const l of content.split('\n').filter((x) => x.includes('permissions') || x.includes('//'))) expect(after).toContain(l);
    else expect(after.split('\n').length).toBe(2);
    expect(after).toContain('node_modules/agent-handover/dist/hooks/stop.js');
    const doctor = p.cli(['doctor']);
    expect(doctor.stdout).toMatch(/Stop: .*stop\.js exists/);
    const u = p.cli(['uninstall-hooks']);
    expect(u.status, u.stderr).toBe(0);
    expect(p.read('.claude/settings.json')).toBe(content);
  });
});

describe('4. hook commands from a copy outside the project', () => {
  test('install-hooks run from a copy that later vanishes (npx cache): the hooks exit 0 silently', () => {
    const p = installedProject();
    const cache = join(tempDir(), '_npx', 'abc', 'node_modules', 'agent-handover');
    cpSync(p.pkg, cache, { recursive: true, verbatimSymlinks: true });
    const r = spawnSync(process.execPath, [join(cache, 'dist', 'cli.js'), 'install-hooks'], { cwd: p.dir, env: p.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/devDependency/);
    expect(p.hook('Stop').command).toContain(cache);
    rmSync(cache, { recursive: true, force: true });
    for (const e of ['SessionStart', 'Stop'] as const) {
      const h = p.runHook(e, { session_id: 's', cwd: p.dir, hook_event_name: e });
      expect(h.status).toBe(0);
      expect(h.stdout + h.stderr).toBe('');
    }
  });
});

describe('5. notes outside an agent session', () => {
  test('attach to a clear target, show in context without a run; done with an unknown id lists the open ones; two open sessions ask for --session', () => {
    const p = installedProject({ installHooks: true });
    const f = p.cli(['note', '--kind', 'followup', 'Check the flaky upload test']);
    expect(f.status, f.stderr).toBe(0);
    expect(f.stdout).toContain(`manual-${day()}`);
    const id = /f-[a-z0-9]{6}/.exec(f.stdout)![0];
    expect(p.cli(['context']).stdout).toContain('Check the flaky upload test');
    const bad = p.cli(['note', '--kind', 'done', 'f-zzzzzz']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`Open follow-ups: ${id}`);
    for (const s of ['one-open', 'two-open']) expect(p.runHook('SessionStart', { session_id: s, cwd: p.dir, hook_event_name: 'SessionStart', source: 'startup' }).status).toBe(0);
    const amb = p.cli(['note', 'whose?']);
    expect(amb.status).toBe(64);
    expect(amb.stderr).toContain('one-open');
    expect(amb.stderr).toContain('--session');
    const env = p.cli(['note', 'from the agent'], { env: { CLAUDE_CODE_SESSION_ID: 'two-open' } });
    expect(env.stdout).toContain('in session two-open');
  });
});

describe('6. no git, CI, and context outside a repository', () => {
  test('install-hooks under CI writes nothing; outside a repository it writes nothing; context there names no branch', () => {
    const p = installedProject();
    const before = readdirSync(p.dir).sort();
    const ci = p.cli(['install-hooks'], { env: { CI: 'true' } });
    expect(ci.status).toBe(0);
    expect(ci.stdout).toContain('CI detected');
    expect(readdirSync(p.dir).sort()).toEqual(before);

    const plain = tempDir();
    cpSync(join(p.dir, 'node_modules'), join(plain, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const env = { GIT_CEILING_DIRECTORIES: plain };
    const r = p.cli(['install-hooks'], { cwd: plain, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('git init');
    expect(readdirSync(plain)).toEqual(['node_modules']);
    const c = p.cli(['context'], { cwd: plain, env });
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toContain('Not a git repository');
    expect(c.stdout).not.toContain('detached HEAD');
  });
});

describe('7. uninstall after later edits', () => {
  test('no .bak files, no .gitignore block; what is left is named with why', () => {
    const p = installedProject();
    mkdirSync(join(p.dir, '.claude'));
    writeFileSync(join(p.dir, '.claude', 'settings.json'), '{\n  "env": { "A": "1" }\n}\n');
    p.installHooks();
    p.runHook('SessionStart', { session_id: 's', cwd: p.dir, hook_event_name: 'SessionStart', source: 'startup' });
    writeFileSync(join(p.dir, '.claude', 'settings.json'), p.read('.claude/settings.json').replace('"A": "1"', '"A": "2"'));
    const u = p.cli(['uninstall-hooks']);
    expect(u.status, u.stderr).toBe(0);
    expect(p.read('.claude/settings.json')).toBe('{\n  "env": { "A": "2" }\n}\n');
    const all = readdirSync(p.dir, { recursive: true }) as string[];
    expect(all.filter((f) => f.endsWith('.agent-handover.bak') && !f.startsWith('node_modules'))).toEqual([]);
    expect(p.read('.gitignore')).not.toContain('agent-handover');
    expect(u.stdout).toContain(`Left ${join(p.dir, '.agent-handover')}`);
    expect(u.stdout).not.toMatch(/does not exist/);
  });
});

describe('8. exit codes and bad input as the README says', () => {
  test('status 3 on a config error; run --note-file missing is a clear usage error; --budget outside 500..10000 is refused', () => {
    const p = installedProject();
    writeFileSync(join(p.dir, '.agent-handover.yml'), 'tag: [oops\n');
    const s = p.cli(['status']);
    expect(s.status).toBe(3);
    rmSync(join(p.dir, '.agent-handover.yml'));
    const n = p.cli(['run', '--note-file', 'no-such-file.md']);
    expect(n.status).toBe(64);
    expect(n.stderr).toContain('no-such-file.md');
    expect(n.stderr).toContain('no such file');
    noStack(n.stderr);
    expect(existsSync(join(p.dir, 'memory'))).toBe(false);
    for (const b of ['499', '10001']) {
      const c = p.cli(['context', '--budget', b]);
      expect(c.status).toBe(64);
      expect(c.stderr).toContain('500 to 10000');
    }
    expect(p.cli(['context', '--budget', '500']).status).toBe(0);
  });

  test('sync exits 2 when the remote is unreachable (shared mode)', () => {
    const p = installedProject();
    writeFileSync(join(p.dir, '.agent-handover.yml'), 'git:\n  mode: shared\n');
    p.git('remote', 'add', 'origin', join(tempDir(), 'missing.git'));
    const r = p.cli(['sync', '--retries', '0', '--timeout-ms', '5000']);
    expect(r.status, r.stderr + r.stdout).toBe(2);
  });
});

describe('9. the lock file', () => {
  test('npm accepts package-lock.json unchanged (no stale bin path)', () => {
    const dir = tempDir();
    for (const f of ['package.json', 'package-lock.json']) cpSync(f, join(dir, f));
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(readFileSync(join(dir, 'package-lock.json'), 'utf8')).toBe(readFileSync('package-lock.json', 'utf8'));
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
    expect(lock.packages[''].bin).toEqual(JSON.parse(readFileSync('package.json', 'utf8')).bin);
  }, 60_000);
});

describe('10. manual sessions end', () => {
  test('a `run` outside an agent session writes today\'s manual session and ends it', () => {
    const p = installedProject({ installHooks: true });
    const r = p.cli(['run', '--note', 'by hand']);
    expect(r.status, r.stderr).toBe(0);
    const ctx = p.cli(['context']).stdout;
    expect(ctx).toMatch(new RegExp(`manual-${day()}\\b[^\\n]*\\bended\\b`));
    expect(ctx).not.toContain('(active)');
  });
});
