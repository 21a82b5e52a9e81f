// The repository stays the user's: shared mode (the default) never commits on the user's branch,
// never touches their index or files, never writes outside the project, and its memory travels
// with the user's own pushes. Driven with the installed package, as Claude Code and git drive it.
import { describe, expect, test } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { basePayload, claudeFixtures, frontmatter, installedProject, waitFor, type InstalledProject } from '../helpers/installed-project.js';
import { makeTempRepo, repoIn, tempDir } from '../helpers/repo.js';

const fixtures = claudeFixtures();
if ('skip' in fixtures) console.warn(`repository-stays-the-users skipped: ${fixtures.skip}`);
const FIXTURE = 'files' in fixtures ? fixtures.files.find((f) => f.includes('taskcreate')) ?? fixtures.files[0]! : '';
const REF = 'refs/heads/agent-handover/memory';

/** Everything of the user's that a handover must leave as it was (the index by its bytes). */
function userSide(p: InstalledProject): string {
  return [
    p.git('rev-parse', 'HEAD'), p.git('symbolic-ref', 'HEAD'), p.git('log', '--format=%H %s', 'main'),
    readFileSync(join(p.dir, '.git', 'index')).toString('base64'), p.git('stash', 'list'),
  ].join('\0');
}

function ls(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

async function endingsDone(p: InstalledProject): Promise<void> {
  const pending = join(p.dir, '.agent-handover', 'pending-end');
  for (let i = 0; i < 300 && existsSync(pending) && readdirSync(pending).length; i++) await sleep(100);
}

async function refOn(bare: string, deadlineMs = 30_000): Promise<string | undefined> {
  for (const end = Date.now() + deadlineMs; Date.now() < end; await sleep(100)) {
    const out = execFileSync('git', ['for-each-ref', '--format=%(objectname)', REF], { cwd: bare, encoding: 'utf8' }).trim();
    if (out) return out;
  }
  return undefined;
}

describe.skipIf('skip' in fixtures)('the repository stays the user\'s (shared mode, the default)', () => {
  test('10 Stops, a PreCompact, a PostCompact and a SessionEnd: no commit on the branch, the user\'s own memory/ byte-identical and uncommitted', async () => {
    const p = installedProject({ installHooks: true });
    // The user's own memory/ folder: tracked, then edited, plus an untracked file and a staged one.
    p.write('memory/README.md', '# my notes\n');
    p.write('memory/layer1/mine.md', 'not agent-handover\n');
    p.commitAll('my own memory folder');
    p.write('memory/README.md', '# my notes, edited\n');
    p.write('memory/todo.txt', 'untracked\n');
    p.write('memory/staged.txt', 'staged\n');
    p.git('add', 'memory/staged.txt');
    const mine = () => ls(join(p.dir, 'memory')).map((f) => (statSync(join(p.dir, 'memory', f)).isFile() ? `${f}:${readFileSync(join(p.dir, 'memory', f), 'utf8')}` : f));
    const before = { user: userSide(p), mine: mine(), status: p.git('status', '--porcelain=v1', '--untracked-files=all') };

    const S = 'shared-default-1';
    const t = p.transcript(FIXTURE, S);
    const payload = (event: Parameters<typeof basePayload>[3], extra: Record<string, unknown> = {}) => basePayload(p, S, t.path, event, extra);
    expect(p.runHook('SessionStart', payload('SessionStart', { source: 'startup' })).status).toBe(0);
    for (let i = 1; i <= 10; i++) {
      t.grow(i / 10);
      expect(p.runHook('Stop', payload('Stop', { stop_hook_active: false })).status).toBe(0);
    }
    expect(p.runHook('PreCompact', payload('PreCompact', { trigger: 'auto', custom_instructions: '' })).status).toBe(0);
    expect(p.runHook('PostCompact', payload('PostCompact', { trigger: 'auto', compact_summary: 'Compacted (marker SHARED-PC).' })).status).toBe(0);
    expect(p.runHook('SessionEnd', payload('SessionEnd', { reason: 'prompt_input_exit' })).status).toBe(0);
    await endingsDone(p);

    expect(userSide(p)).toBe(before.user);
    expect(mine()).toEqual(before.mine);
    expect(p.git('status', '--porcelain=v1', '--untracked-files=all')).toBe(before.status);
    expect(p.handoverCommits()).toEqual([]);
    // The memory is on its own ref, and readable in .agent-handover/memory.
    const onRef = p.git('ls-tree', '-r', '--name-only', REF).trim().split('\n');
    expect(onRef.filter((f) => f.endsWith(`-${S}.md`))).toHaveLength(1);
    expect(onRef.every((f) => f.startsWith('memory/layer'))).toBe(true);
    const note = p.notes().filter((n) => n.endsWith(`-${S}.md`));
    expect(note).toHaveLength(1);
    expect(note[0]!.startsWith('.agent-handover/memory/')).toBe(true);
    expect(frontmatter(p.read(note[0]!)).status).toBe('ended');
    expect(p.read(note[0]!)).toContain('SHARED-PC');
    expect(p.log()).toBe('');
    // Nothing of ours is committable: .agent-handover/ and PAUSE are in .git/info/exclude.
    p.write('PAUSE', '');
    expect(p.git('status', '--porcelain=v1', '--untracked-files=all')).toBe(before.status);
    rmSync(join(p.dir, 'PAUSE'));
  });

  test('a payload cwd outside the project is ignored with a log line: nothing is written there, a missing path is not created', () => {
    const p = installedProject({ installHooks: true });
    const other = makeTempRepo();
    other.write('src/theirs.txt', 'theirs\n');
    other.commitAll('their repository');
    const theirs = () => [other.git('log', '--format=%H'), other.git('status', '--porcelain=v1', '--untracked-files=all', '--ignored'), ls(other.dir).filter((f) => !f.startsWith('.git/') && f !== '.git').join('\n')].join('\0');
    const before = theirs();
    const missing = join(tempDir(), 'does', 'not', 'exist');
    const t = p.transcript(FIXTURE, 'foreign-cwd');
    t.grow(0.5);
    for (const cwd of [other.dir, missing]) {
      for (const [event, extra] of [['SessionStart', { source: 'startup' }], ['Stop', { stop_hook_active: false }], ['PreCompact', { trigger: 'manual' }], ['SessionEnd', { reason: 'clear' }]] as const) {
        expect(p.runHook(event, { ...basePayload(p, 'foreign-cwd', t.path, event, extra), cwd }, { env: { AGENT_HANDOVER_NO_DETACH: '1' } }).status).toBe(0);
      }
    }
    expect(theirs()).toBe(before);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(missing, '..', '..'))).toBe(false);
    // The work happened in the project instead, and the log says why the cwd was ignored.
    expect(p.notes().some((n) => n.endsWith('-foreign-cwd.md'))).toBe(true);
    expect(p.log()).toContain(`ignored the payload's cwd ${other.dir}`);
    expect(p.log()).toContain(`ignored the payload's cwd ${missing}`);
  });

  test('git push of the user\'s branch also delivers the memory ref; a fresh clone\'s first SessionStart shows the other machine\'s last session', async () => {
    const a = installedProject({ installHooks: true });
    const bare = join(tempDir('ah-remote-'), 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', bare], { env: a.env });
    a.git('remote', 'add', 'origin', bare);
    expect(readFileSync(join(a.dir, '.git', 'hooks', 'pre-push'), 'utf8')).toContain('agent-handover pre-push');
    const S = 'machine-a-session';
    const t = a.transcript(FIXTURE, S);
    t.grow(1);
    expect(a.runHook('SessionStart', basePayload(a, S, t.path, 'SessionStart', { source: 'startup' })).status).toBe(0);
    expect(a.runHook('Stop', basePayload(a, S, t.path, 'Stop', { stop_hook_active: false })).status).toBe(0);
    const local = a.git('rev-parse', REF).trim();

    // The user's ordinary push: it succeeds, and the memory ref follows in the background.
    execFileSync('git', ['push', '-q', '-u', 'origin', 'main'], { cwd: a.dir, env: a.env, stdio: 'pipe' });
    expect(await refOn(bare)).toBe(local);
    expect(a.log()).toBe('');

    // Machine B: clone, install, first session.
    const home = join(tempDir('ah-b-'), 'home');
    const bDir = join(home, '..', 'b');
    execFileSync('git', ['clone', '-q', bare, bDir], { env: a.env });
    const b = installedProject({ repo: repoIn(bDir, home), gitignore: false, installHooks: true });
    const r = b.runHook('SessionStart', basePayload(b, 'machine-b-first', undefined, 'SessionStart', { source: 'startup' }));
    expect(r.status).toBe(0);
    const context = (JSON.parse(r.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
    expect(context).toContain(S);
    expect(b.notes().some((n) => n.endsWith(`-${S}.md`))).toBe(true);
    // Only install-hooks' own files show in B's status; no memory, no state.
    expect(b.git('status', '--porcelain', '--untracked-files=all').split('\n').filter((l) => /^.. (memory|\.agent-handover)(\/|$)/.test(l))).toEqual([]);
  });

  test('PAUSE created while Stops run: whenever the memory ref moved, it moved before PAUSE existed', async () => {
    const p = installedProject({ installHooks: true });
    const runs = Number(process.env.AH_PAUSE_RUNS ?? 12);
    const refFile = join(p.dir, '.git', 'refs', 'heads', 'agent-handover', 'memory');
    const pause = join(p.dir, 'PAUSE');
    let moved = 0;
    // PAUSE moments span 0 to 2.5 times an unpaused Stop on this machine now, so both outcomes occur whatever the load.
    const warm = p.transcript(FIXTURE, 'pause-warm-up');
    warm.grow(0.5);
    const t0 = performance.now();
    expect((await waitFor(p.spawnHook('Stop', basePayload(p, 'pause-warm-up', warm.path, 'Stop', { stop_hook_active: false })))).status).toBe(0);
    const span = 2.5 * (performance.now() - t0);
    for (let i = 0; i < runs; i++) {
      const t = p.transcript(FIXTURE, `pause-race-${i}`);
      t.grow(0.3 + (i % 7) / 10);
      const before = existsSync(refFile) ? readFileSync(refFile, 'utf8') : '';
      const child = p.spawnHook('Stop', basePayload(p, `pause-race-${i}`, t.path, 'Stop', { stop_hook_active: false }));
      const timer = setTimeout(() => writeFileSync(pause, ''), (((i * 5) % runs) / runs) * span);
      expect((await waitFor(child)).status).toBe(0);
      clearTimeout(timer);
      const after = existsSync(refFile) ? readFileSync(refFile, 'utf8') : '';
      if (existsSync(pause) && after !== before) {
        expect(statSync(refFile, { bigint: true }).mtimeNs <= statSync(pause, { bigint: true }).mtimeNs, `run ${i}`).toBe(true);
      }
      if (after !== before) moved++;
      rmSync(pause, { force: true });
    }
    // Both outcomes happened, so the runs really raced PAUSE against the commit.
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(runs);
  }, 300_000);

  test('migration from branch mode keeps every note of every branch, and a later rebase has no conflict', () => {
    const p = installedProject({ repo: makeTempRepo({ mode: 'branch' }), installHooks: true });
    p.git('add', '.gitattributes');
    p.git('commit', '-q', '-m', 'merge drivers');
    const stop = (session: string, share: number) => {
      const t = p.transcript(FIXTURE, session);
      t.grow(share);
      expect(p.runHook('Stop', basePayload(p, session, t.path, 'Stop', { stop_hook_active: false })).status).toBe(0);
    };
    stop('on-main-1', 0.5);
    p.git('checkout', '-q', '-b', 'feature');
    stop('on-feature-1', 0.6);
    p.git('checkout', '-q', 'main');
    stop('on-main-2', 0.7);
    const branchNotes = new Set(['main', 'feature'].flatMap((b) => p.git('ls-tree', '-r', '--name-only', b, '--', 'memory/layer1').trim().split('\n')));
    expect(branchNotes.size).toBe(3);

    // Move to shared mode (the default): drop the git.mode line, then migrate.
    writeFileSync(join(p.dir, '.agent-handover.yml'), '');
    p.git('commit', '-q', '-am', 'shared mode');
    const r = p.cli(['migrate']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Migrated 3 session note/);
    const onRef = new Set(p.git('ls-tree', '-r', '--name-only', REF, '--', 'memory/layer1').trim().split('\n'));
    for (const n of branchNotes) expect(onRef.has(n), n).toBe(true);
    expect(p.notes()).toHaveLength(3);
    expect(p.cli(['migrate']).stdout).toMatch(/already on/);
    // The branches are untouched by migration, and shared-mode handovers never commit on them.
    const mainHead = p.git('rev-parse', 'main').trim();
    stop('after-migration', 0.9);
    expect(p.git('rev-parse', 'main').trim()).toBe(mainHead);
    p.git('checkout', '-q', 'feature');
    p.write('feature.txt', 'feature work\n');
    p.commitAll('feature work');
    execFileSync('git', ['rebase', '-q', 'main'], { cwd: p.dir, env: p.env, stdio: 'pipe' });
    expect(p.git('status', '--porcelain')).toBe('');
  });

  test('branch mode: after the repository folder moves, a merge of two branches\' memory still needs no human, and names the real branch and HEAD', () => {
    const p = installedProject({ repo: makeTempRepo({ mode: 'branch' }), installHooks: true });
    // Everything install-hooks wrote (the MCP registration included) is committed, so the status below is about memory only.
    p.git('add', '.gitattributes', '.gitignore', '.claude', '.mcp.json');
    p.git('commit', '-q', '-m', 'agent-handover installed');
    const stop = (session: string) => {
      const t = p.transcript(FIXTURE, session);
      t.grow(0.5);
      expect(p.runHook('Stop', basePayload(p, session, t.path, 'Stop', { stop_hook_active: false })).status).toBe(0);
    };
    p.git('checkout', '-q', '-b', 'feature');
    stop('moved-feature');
    p.git('checkout', '-q', 'main');
    stop('moved-main');
    const moved = join(tempDir('ah-moved-'), 'elsewhere');
    execFileSync('mv', [p.dir, moved]);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: moved, env: p.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    git('merge', '-q', '--no-edit', 'feature');
    expect(git('status', '--porcelain')).toBe('');
    const state = readFileSync(join(moved, 'memory', 'layer2', 'current-state.md'), 'utf8');
    expect(state).toContain('moved-feature');
    expect(state).toContain('moved-main');
    expect(frontmatter(state).branch).toBe('main');
    expect(frontmatter(state).head).toBe(git('rev-parse', 'HEAD^1').trim());
    expect(state).not.toMatch(/^(<{7}|>{7})/m);
  });

  test('branch mode: a memory_root over the user\'s own folder is refused, nothing of theirs is committed or changed', () => {
    const repo = makeTempRepo();
    repo.write('.agent-handover.yml', 'memory_root: src\ngit:\n  mode: branch\n');
    repo.write('src/app.ts', 'export const app = 1;\n');
    repo.commitAll('project');
    const p = installedProject({ repo, installHooks: true });
    p.write('src/app.ts', 'export const app = 2; // unstaged\n');
    p.write('src/new.ts', 'untracked\n');
    const before = [p.git('log', '--format=%H'), p.git('status', '--porcelain=v1', '--untracked-files=all'), p.read('src/app.ts'), p.read('src/new.ts')].join('\0');
    const t = p.transcript(FIXTURE, 'refused');
    t.grow(0.5);
    expect(p.runHook('Stop', basePayload(p, 'refused', t.path, 'Stop', { stop_hook_active: false })).status).toBe(0);
    const after = [p.git('log', '--format=%H'), p.git('status', '--porcelain=v1', '--untracked-files=all', '--', ':!src/layer1', ':!src/layer2'), p.read('src/app.ts'), p.read('src/new.ts')].join('\0');
    expect(after).toBe(before);
    expect(p.handoverCommits()).toEqual([]);
    expect(p.log()).toMatch(/Refusing to commit memory: src holds files agent-handover did not write \(app\.ts, new\.ts\)/);
  });
});

describe('install-hooks in shared mode', () => {
  test('chains a pre-push hook after the user\'s own, and both run; --no-pre-push leaves it out', async () => {
    const p = installedProject();
    const hook = join(p.dir, '.git', 'hooks', 'pre-push');
    const marker = join(p.dir, '.git', 'user-pre-push');
    mkdirSync(join(p.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(hook, `#!/bin/sh\necho "user hook $1" >> ${JSON.stringify(marker)}\n`, { mode: 0o755 });
    p.installHooks();
    const text = readFileSync(hook, 'utf8');
    expect(text.indexOf('user hook')).toBeLessThan(text.indexOf('agent-handover pre-push'));
    const bare = join(tempDir('ah-remote-'), 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', bare], { env: p.env });
    p.git('remote', 'add', 'origin', bare);
    const push = await waitFor(spawn('git', ['push', '-q', 'origin', 'main'], { cwd: p.dir, env: p.env, stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(push.status).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('user hook origin\n');

    const q = installedProject();
    const r = q.installHooks(['--no-pre-push']);
    expect(r.stdout).toContain('--no-pre-push');
    expect(existsSync(join(q.dir, '.git', 'hooks', 'pre-push'))).toBe(false);
    expect(readFileSync(join(q.dir, '.git', 'info', 'exclude'), 'utf8')).toMatch(/^\/\.agent-handover\/$/m);
    expect(readFileSync(join(q.dir, '.git', 'info', 'exclude'), 'utf8')).toMatch(/^\/PAUSE$/m);
  });
});
