// Every Claude Code event and the git post-commit hook, driven exactly as Claude Code and git drive
// them, against the packed tarball installed into a temp project as a user installs it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  basePayload, claudeFixtures, fileScopedRepo, frontmatter, installedProject, type GrowingTranscript, type InstalledProject,
} from '../helpers/installed-project.js';

const fixtures = claudeFixtures();
if ('skip' in fixtures) console.warn(`e2e-hooks skipped: ${fixtures.skip}`);
const FIXTURE = 'files' in fixtures ? fixtures.files.find((f) => f.includes('taskcreate')) ?? fixtures.files[0]! : '';
const SOURCES = ['startup', 'resume', 'clear', 'compact', 'fork'] as const;
const S = 'e2e-session-0001';

function journal(p: InstalledProject, session: string): Array<{ hash: string; subject: string }> {
  const f = join(p.dir, '.agent-handover', 'sessions', `${session}.commits.jsonl`);
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { hash: string; subject: string }) : [];
}

function sessionNote(p: InstalledProject, session: string): string {
  const notes = p.notes().filter((n) => n.endsWith(`-${session}.md`));
  expect(notes).toHaveLength(1);
  return p.read(notes[0]!);
}

/** The user's own work: one staged file, one unstaged edit; both must survive every hook untouched. */
function userWork(p: InstalledProject): () => string {
  p.write('staged.txt', 'staged by the user\n');
  p.git('add', 'staged.txt');
  p.write('README.md', '# test project\nunstaged edit by the user\n');
  return () => [p.git('diff', '--cached', '--', ':!memory'), p.git('diff', '--', ':!memory'), p.read('staged.txt'), p.read('README.md'), p.git('rev-parse', '--abbrev-ref', 'HEAD')].join('\0');
}

describe.skipIf('skip' in fixtures)('installed hooks, driven as Claude Code drives them', () => {
  let repo: ReturnType<typeof fileScopedRepo>;
  let p: InstalledProject;
  let t: GrowingTranscript;
  let userState: () => string;
  let before = '';
  const payload = (event: Parameters<typeof basePayload>[3], extra: Record<string, unknown> = {}) => basePayload(p, S, t.path, event, extra);

  beforeAll(() => {
    repo = fileScopedRepo({ mode: 'branch' });
    p = installedProject({ repo, installHooks: true });
    t = p.transcript(FIXTURE, S);
    userState = userWork(p);
    before = userState();
  });
  afterAll(() => repo?.dispose());

  test('SessionStart (startup) on a fresh project prints the JSON Claude Code reads, and records the session', () => {
    const r = p.runHook('SessionStart', payload('SessionStart', { source: 'startup' }));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(typeof out.hookSpecificOutput.additionalContext).toBe('string');
    expect(readFileSync(join(p.dir, '.agent-handover', 'current-session'), 'utf8').trim()).toBe(S);
    expect(existsSync(join(p.dir, '.agent-handover', 'sessions', `${S}.json`))).toBe(true);
  });

  test('post-commit: a real `git commit` by the user lands in the session journal', () => {
    p.write('src/feature.js', 'export const feature = 1;\n');
    execFileSync('git', ['add', 'src/feature.js'], { cwd: p.dir, env: p.env });
    // Only the new file: the user's staged.txt stays staged for the later checks.
    execFileSync('git', ['commit', '-q', '-m', 'Add the feature', '--', 'src/feature.js'], { cwd: p.dir, env: p.env });
    const head = p.git('rev-parse', 'HEAD').trim();
    expect(journal(p, S).map((j) => j.hash)).toEqual([head]);
    expect(journal(p, S)[0]!.subject).toBe('Add the feature');
  });

  test('Stop x3 while the transcript grows: one note, a commit only when something changed, the user\'s work untouched', () => {
    const commits = () => p.handoverCommits().length;
    t.grow(1 / 3);
    expect(p.runHook('Stop', payload('Stop', { stop_hook_active: false })).status).toBe(0);
    expect(commits()).toBe(1);
    const first = sessionNote(p, S);
    t.grow(2 / 3);
    const r2 = p.runHook('Stop', payload('Stop', { stop_hook_active: false }));
    expect(r2.status).toBe(0);
    expect(r2.stdout.trim()).toBe('');
    expect(commits()).toBe(2);
    expect(sessionNote(p, S)).not.toBe(first);
    // Nothing new since the last turn: no new commit, still one note.
    const head = p.git('rev-parse', 'HEAD').trim();
    expect(p.runHook('Stop', payload('Stop', { stop_hook_active: true })).status).toBe(0);
    expect(p.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(p.notes().filter((n) => n.endsWith(`-${S}.md`))).toHaveLength(1);
    // Our commits hold memory/ only; the user's index, work tree and branch are as they were.
    for (const c of p.handoverCommits()) {
      const files = p.git('diff-tree', '--no-commit-id', '--name-only', '-r', `${c.commit}^`, c.commit).trim().split('\n');
      expect(files.every((f) => f.startsWith('memory/'))).toBe(true);
    }
    expect(userState()).toBe(before);
    expect(p.git('status', '--porcelain', '--', 'memory')).toBe('');
    expect(p.git('diff', '--cached', '--name-only')).toBe('staged.txt\n');
  });

  test('post-commit ignores our own handover commits', () => {
    expect(p.git('log', '-1', '--format=%B')).toContain('Agent-Handover: yes');
    const hooksDir = p.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks').trim();
    const n = journal(p, S).length;
    // Our commits never run hooks; even when git runs the hook with our commit at HEAD, it is skipped.
    execFileSync('sh', [join(hooksDir, 'post-commit')], { cwd: p.dir, env: p.env });
    expect(journal(p, S)).toHaveLength(n);
    const ours = new Set(p.handoverCommits().map((c) => c.commit));
    expect(journal(p, S).some((j) => ours.has(j.hash))).toBe(false);
  });

  test('PreCompact and PostCompact: the compact summary reaches the session note', () => {
    expect(p.runHook('PreCompact', payload('PreCompact', { trigger: 'auto', custom_instructions: '' })).status).toBe(0);
    const summary = 'Compacted: the JSONL redaction now walks top-level arrays; next, wire the CLI flag (marker QX7-COMPACT).';
    const r = p.runHook('PostCompact', payload('PostCompact', { trigger: 'auto', compact_summary: summary }));
    expect(r.status).toBe(0);
    expect(sessionNote(p, S)).toContain('marker QX7-COMPACT');
    expect(p.git('status', '--porcelain', '--', 'memory')).toBe('');
    expect(p.log()).toBe('');
  });

  test('SessionStart for every source prints valid JSON within the 8,000-character budget, saying what it left out', () => {
    // More material than the budget: long decisions captured during the session, the whole
    // transcript, and 300 untracked files in the work tree (removed again below).
    for (let i = 0; i < 6; i++) {
      const long = `Decision ${i}: ${'keep the redaction walk iterative, since deeply nested JSON would overflow the stack; '.repeat(9)}`;
      expect(p.cli(['note', '--session', S, '--kind', 'decision', long]).status).toBe(0);
    }
    t.grow(t.total);
    expect(p.runHook('Stop', payload('Stop', { stop_hook_active: false })).status).toBe(0);
    const untracked = Array.from({ length: 300 }, (_, i) => `scratch-output-with-a-long-name-${i}.txt`);
    for (const f of untracked) writeFileSync(join(p.dir, f), 'x\n');
    for (const source of SOURCES) {
      const r = p.runHook('SessionStart', payload('SessionStart', { source }));
      expect(r.status, source).toBe(0);
      const out = JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
      expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
      const ctx = out.hookSpecificOutput.additionalContext;
      expect(ctx.length).toBeGreaterThan(0);
      expect(ctx.length).toBeLessThanOrEqual(8000);
      expect(ctx).toMatch(/\d+ more items? \(.*uncommitted files.*\) (is|are) in memory\/layer2\/current-state\.md/);
    }
    for (const f of untracked) rmSync(join(p.dir, f));
    expect(p.log()).toBe('');
  });

  test('SessionEnd returns within its own timeout; the detached worker writes the final note, status ended', async () => {
    const r = p.runHook('SessionEnd', payload('SessionEnd', { reason: 'prompt_input_exit' }));
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const pending = join(p.dir, '.agent-handover', 'pending-end');
    for (let i = 0; i < 300 && existsSync(pending) && readdirSync(pending).length; i++) await sleep(100);
    expect(readdirSync(pending)).toEqual([]);
    expect(frontmatter(sessionNote(p, S)).status).toBe('ended');
    expect(p.git('status', '--porcelain', '--', 'memory')).toBe('');
    expect(p.cli(['check']).status).toBe(2);
    expect(userState()).toBe(before);
  });

  test('PAUSE: every event writes nothing (memory/, .agent-handover/, HEAD and the index unchanged)', () => {
    writeFileSync(join(p.dir, 'PAUSE'), '');
    try {
      t.grow(t.total);
      const hash = p.stateHash();
      for (const source of SOURCES) {
        const r = p.runHook('SessionStart', payload('SessionStart', { source }));
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout).hookSpecificOutput.additionalContext).toMatch(/paused/);
      }
      for (const [event, extra] of [['Stop', { stop_hook_active: false }], ['PreCompact', { trigger: 'manual' }], ['PostCompact', { compact_summary: 'paused summary' }], ['SessionEnd', { reason: 'clear' }]] as const) {
        const r = p.runHook(event, payload(event, extra), { env: { AGENT_HANDOVER_NO_DETACH: '1' } });
        expect(r.status, event).toBe(0);
        expect(r.stdout, event).toBe('');
      }
      // post-commit, as git runs it after a user's commit (made with commit-tree so the index is not touched).
      const hooksDir = p.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks').trim();
      const head = p.git('rev-parse', 'HEAD').trim();
      const userCommit = p.git('commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', 'a user commit while paused').trim();
      p.git('update-ref', 'HEAD', userCommit);
      execFileSync('sh', [join(hooksDir, 'post-commit')], { cwd: p.dir, env: p.env });
      p.git('update-ref', 'HEAD', head);
      expect(journal(p, S).some((j) => j.hash === userCommit)).toBe(false);
      expect(p.stateHash()).toBe(hash);
    } finally {
      rmSync(join(p.dir, 'PAUSE'), { force: true });
    }
  });
});
