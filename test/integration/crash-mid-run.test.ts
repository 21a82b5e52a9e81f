// SIGKILL a real `agent-handover run` (the installed package's CLI) at every step boundary, inside
// the git commit, and at random instants; after each kill the state is what `check` and
// `status --json` say, the next run completes, and nothing is lost, duplicated, torn or swept up.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileScopedRepo, frontmatter, installedProject, waitFor, type InstalledProject } from '../helpers/installed-project.js';
import { prng } from '../helpers/prng.js';

const STEPS = ['collect', 'session_note', 'current_state', 'compact', 'publish'];
/** Injection points inside GitBackend.publish: the commit object exists, HEAD not yet moved / moved but the index not yet refreshed. */
const COMMIT_POINTS = ['before:update-ref', 'after:update-ref'];
const STEP_POINTS = STEPS.flatMap((s) => [`before:${s}`, `after:${s}`]);
const RANDOM_KILLS = 20;
const MAX_DELAY_MS = 400;
const EXIT_FOR_STATE: Record<string, number> = { none: 0, in_progress: 1, completed: 2 };

const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

type Expect = typeof expect;

/**
 * One project under test: the fixed kill points and the random instants each get an identical
 * copy. (They run one after the other: the checks use spawnSync, which would hold back the other
 * lane's kill timers if they shared the event loop.)
 */
class Lane {
  n = 0;
  readonly before: string;
  constructor(readonly p: InstalledProject & { dispose(): void }, readonly name: string) {
    this.before = this.userState();
  }

  userState(): string {
    const { p } = this;
    return [p.git('diff', '--cached', '--', ':!memory'), p.git('diff', '--', ':!memory'), p.read('staged.txt'), p.read('README.md'), p.git('symbolic-ref', 'HEAD')].join('\0');
  }

  /** What `check` and `status --json` say right after a kill; they must agree. */
  stateAfterKill(expect: Expect): number {
    const check = this.p.cli(['check']);
    const status = this.p.cli(['status', '--json']);
    expect(status.status).toBe(0);
    const state = (JSON.parse(status.stdout) as { run: { state: string } }).run.state;
    expect(EXIT_FOR_STATE[state], `status says ${state}, check exits ${check.status}`).toBe(check.status);
    return check.status!;
  }

  /** The next run completes, and the repository holds exactly one, whole, committed note for the session. */
  recoverAndVerify(expect: Expect, session: string, text: string): void {
    const { p } = this;
    const r = p.cli(['run', '--session', session, '--note', text]);
    expect(r.status, r.stderr).toBe(0);
    const cp = JSON.parse(readFileSync(join(p.dir, '.agent-handover', 'checkpoint.json'), 'utf8')) as { status: string; steps: Record<string, string> };
    expect(cp.status).toBe('completed');
    expect(Object.values(cp.steps).every((s) => s === 'done')).toBe(true);

    const notes = p.notes().filter((f) => f.endsWith(`-${session}.md`));
    expect(notes, `notes of ${session}`).toHaveLength(1);
    const note = p.read(notes[0]!);
    expect(frontmatter(note).session).toBe(session);
    expect(note).toContain(text);
    expect(note.endsWith('\n')).toBe(true);

    const state = p.read('memory/layer2/current-state.md');
    expect(frontmatter(state).layer).toBe('2');
    expect(frontmatter(state).last_session).toBe(session);
    expect(state).toContain('# Current state');
    expect(state.endsWith('\n')).toBe(true);

    // Committed once: one commit added the note, no two handover commits share a tree, and
    // nothing of ours is left uncommitted (or left staged in the user's index).
    expect(p.git('log', '--diff-filter=A', '--format=%H', 'HEAD', '--', notes[0]!).trim().split('\n').filter(Boolean)).toHaveLength(1);
    const trees = p.handoverCommits().map((c) => c.tree);
    expect(new Set(trees).size).toBe(trees.length);
    expect(p.git('status', '--porcelain', '--', 'memory')).toBe('');
    expect(this.userState()).toBe(this.before);
    expect(existsSync(join(p.dir, '.agent-handover', 'lock'))).toBe(false);
  }

  fsckClean(expect: Expect): void {
    expect(this.p.git('fsck', '--no-dangling', '--no-progress')).toBe('');
  }
}

describe('crash mid-run: SIGKILL at every step boundary, inside the commit, and at random instants', () => {
  let repo: ReturnType<typeof fileScopedRepo>;
  let fixed: Lane;
  let randomLane: Lane;
  const landed = { inRun: 0, outside: 0, exited: 0, window: '' };

  beforeAll(() => {
    repo = fileScopedRepo({ mode: 'branch' });
    const p = installedProject({ repo });
    // The user's own work in progress, which no handover may touch.
    p.write('staged.txt', 'staged by the user\n');
    p.git('add', 'staged.txt');
    p.write('README.md', '# test project\nan unstaged edit\n');
    fixed = new Lane(p.clone(), 'fixed');
    randomLane = new Lane(p.clone(), 'random');
  });
  afterAll(() => {
    console.log(`crash-mid-run: ${STEP_POINTS.length + COMMIT_POINTS.length} fixed kill points + ${RANDOM_KILLS} random kills (seed ${SEED}, window ${landed.window} ms: ${landed.inRun} inside a run, ${landed.outside} before it began, ${landed.exited} after it finished)`);
    fixed?.p.dispose();
    randomLane?.p.dispose();
    repo?.dispose();
  });

  test(`killed at each of ${STEP_POINTS.length + COMMIT_POINTS.length} points (${[...STEP_POINTS, ...COMMIT_POINTS].join(', ')}): check says RESUME, the next run completes it`, async ({ expect }) => {
    const lane = fixed;
    for (const point of [...STEP_POINTS, ...COMMIT_POINTS]) {
      const session = `crash-${++lane.n}`;
      const text = `Handover ${lane.n}: killed at ${point}.`;
      const r = await waitFor(lane.p.spawnCli(['run', '--session', session, '--note', text], { AGENT_HANDOVER_FAULT: point }));
      expect(r.signal, `${point}: ${r.stderr}`).toBe('SIGKILL');
      expect(lane.stateAfterKill(expect), point).toBe(1);
      lane.recoverAndVerify(expect, session, text);
    }
    lane.fsckClean(expect);
  });

  test(`${RANDOM_KILLS} kills at random instants (0-${MAX_DELAY_MS} ms after spawn, at most a run's length)`, async ({ expect }) => {
    const lane = randomLane;
    const random = prng(SEED);
    // Instants within 0-MAX_DELAY_MS, narrowed to where a kill can land inside a run: not long
    // before node has even loaded the CLI (half a `check`), nor after a whole run has ended.
    let t0 = performance.now();
    expect((await waitFor(lane.p.spawnCli(['run', '--session', 'warm-up', '--note', 'warm-up']))).status).toBe(0);
    const hi = Math.min(MAX_DELAY_MS, performance.now() - t0);
    t0 = performance.now();
    await waitFor(lane.p.spawnCli(['check']));
    const lo = Math.min(hi / 2, (performance.now() - t0) / 2);
    landed.window = `${Math.round(lo)}-${Math.round(hi)}`;
    for (let i = 0; i < RANDOM_KILLS; i++) {
      const session = `crash-${++lane.n}`;
      const text = `Handover ${lane.n}: killed at a random instant.`;
      const delay = Math.floor(lo + random() * (hi - lo));
      const child = lane.p.spawnCli(['run', '--session', session, '--note', text]);
      const done = waitFor(child);
      const started = performance.now();
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const r = await done;
      clearTimeout(timer);
      if (process.env.CRASH_DEBUG) console.log(`kill ${i}: delay ${delay} ms, ended after ${Math.round(performance.now() - started)} ms, ${r.signal ?? `exit ${r.status}`}`);
      const code = lane.stateAfterKill(expect);
      if (r.signal === 'SIGKILL') {
        // In the middle (1), or before this run's checkpoint existed: then check still reports
        // the previous, completed handover (2).
        expect([1, 2], `kill after ${delay} ms`).toContain(code);
        if (code === 1) landed.inRun++;
        else landed.outside++;
      } else {
        expect(r.status, r.stderr).toBe(0);
        expect(code).toBe(2);
        landed.exited++;
      }
      lane.recoverAndVerify(expect, session, text);
    }
    lane.fsckClean(expect);
  });
});
