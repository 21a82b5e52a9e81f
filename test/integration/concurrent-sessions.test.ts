// Five agent sessions ending turns at the same instant on one repository: ten installed Stop hooks
// at once, each with its session's real transcript. Every one lands; nothing is lost or torn.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { claudeFixtures, fileScopedRepo, frontmatter, installedProject, waitFor, type InstalledProject, type Ran } from '../helpers/installed-project.js';

const fixtures = claudeFixtures();
if ('skip' in fixtures) console.warn(`concurrent-sessions skipped: ${fixtures.skip}`);
const SESSIONS = 5;
const STOPS_PER_SESSION = 2;
/** Enough of each real transcript for requests, tools and an assistant message; not the whole file. */
const LINES = 300;

describe.skipIf('skip' in fixtures)(`${SESSIONS} sessions x ${STOPS_PER_SESSION} Stops, all at once`, () => {
  let repo: ReturnType<typeof fileScopedRepo>;
  let p: InstalledProject;
  let runs: Ran[] = [];
  const sessions = Array.from({ length: SESSIONS }, (_, i) => `parallel-session-${i + 1}`);

  beforeAll(async () => {
    repo = fileScopedRepo({ mode: 'branch' });
    p = installedProject({ repo, installHooks: true });
    const files = 'files' in fixtures ? fixtures.files : [];
    const payloads = sessions.map((s, i) => {
      const t = p.transcript(files[i % files.length]!, s).grow(LINES);
      return { session_id: s, transcript_path: t.path, cwd: p.dir, hook_event_name: 'Stop', stop_hook_active: false };
    });
    const children = payloads.flatMap((payload) => Array.from({ length: STOPS_PER_SESSION }, () => p.spawnHook('Stop', payload)));
    runs = await Promise.all(children.map(waitFor));
  });
  afterAll(() => repo?.dispose());

  test('every hook exits 0, silently, with nothing in the error log', () => {
    expect(runs).toHaveLength(SESSIONS * STOPS_PER_SESSION);
    for (const r of runs) {
      expect(r.signal).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    }
    expect(p.log()).toBe('');
  });

  test('one note per session, none lost, each from its own transcript', () => {
    const notes = p.notes();
    expect(notes).toHaveLength(SESSIONS);
    for (const s of sessions) {
      const mine = notes.filter((n) => n.endsWith(`-${s}.md`));
      expect(mine, s).toHaveLength(1);
      const text = p.read(mine[0]!);
      const meta = frontmatter(text);
      expect(meta.session).toBe(s);
      expect(meta.summary).not.toBe('(no summary recorded)');
      expect(text).toContain(`${s}.jsonl`);
      expect(text.endsWith('\n')).toBe(true);
    }
    const state = frontmatter(p.read('memory/layer2/current-state.md'));
    expect(state.sessions).toBe(String(SESSIONS));
  });

  test('all committed, each content once; the checkpoint is valid and the lock released', () => {
    expect(p.git('status', '--porcelain', '--', 'memory')).toBe('');
    const tracked = p.git('ls-tree', '-r', '--name-only', 'HEAD', '--', 'memory').trim().split('\n');
    for (const n of p.notes()) expect(tracked).toContain(n);
    const commits = p.handoverCommits();
    expect(commits.length).toBeGreaterThanOrEqual(1);
    expect(commits.length).toBeLessThanOrEqual(SESSIONS * STOPS_PER_SESSION);
    expect(new Set(commits.map((c) => c.tree)).size).toBe(commits.length);
    // A linear history: every handover commit's parent is the previous one (none was lost in a race).
    for (const [i, c] of commits.entries()) {
      if (i + 1 < commits.length) expect(p.git('rev-parse', `${c.commit}^`).trim()).toBe(commits[i + 1]!.commit);
    }
    expect(p.cli(['check']).status).toBe(2);
    const status = JSON.parse(p.cli(['status', '--json']).stdout) as { run: { state: string; steps: Array<{ state: string }> } };
    expect(status.run.state).toBe('completed');
    expect(status.run.steps.every((s) => s.state === 'done')).toBe(true);
    expect(existsSync(join(p.dir, '.agent-handover', 'lock'))).toBe(false);
  });

  test('git fsck is clean', () => {
    expect(p.git('fsck', '--no-dangling', '--no-progress')).toBe('');
  });
});
