import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundleForTest } from '../fixtures/bundle.js';
import { publishShared } from '../../src/sync/shared-ref.js';
import { syncMemory } from '../../src/sync/sync.js';
import { sharedClones, writeNote, userState, type Clone } from '../fixtures/shared-clones.js';
import { prng as rng } from '../helpers/prng.js';

const SESSIONS = 20;
const CLONES = 3;
const REF = 'refs/heads/agent-handover/memory';
let childScript = '';
const STOPS = ['read', 'commit', 'update-ref', 'fetched', 'merged', 'materialised', 'pushed'];

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'ah-sync-child-'));
  childScript = join(out, 'sync-child.mjs');
  await bundleForTest('test/fixtures/sync-child.ts', childScript);
  return () => rmSync(out, { recursive: true, force: true });
});


/** Starts a sync in a child process and SIGKILLs it after `killAfterMs`; a child that finishes first reports its result. */
async function killedSync(dir: string, killAfterMs: number): Promise<'killed' | { ok: boolean; status: string }> {
  const child = spawn(process.execPath, [childScript, dir], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const outcome = await Promise.race([exited.then(() => 'finished' as const), sleep(killAfterMs).then(() => 'timer' as const)]);
  if (outcome === 'finished') {
    if (!out.trim()) throw new Error(`sync child failed: ${err}`);
    return JSON.parse(out) as { ok: boolean; status: string };
  }
  child.kill('SIGKILL');
  await exited;
  // git commands the killed process had started run to their end, as after a real kill.
  await sleep(150);
  return 'killed';
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function sessionsIn(c: Clone): string[] {
  return files(join(c.dir, '.agent-handover/memory/layer1')).map((f) => /-(c\d-s\d+)\.md$/.exec(f)?.[1]).filter((s): s is string => !!s).sort();
}

describe('sync across three clones', () => {
  it(`${CLONES} clones x ${SESSIONS} sessions, random interleaving, some syncs killed: every clone converges`, async () => {
    const { clones, bare } = sharedClones(CLONES);
    for (const c of clones) {
      // Each user has work of their own in flight: unstaged, staged and stashed.
      writeFileSync(join(c.dir, 'src/app.txt'), 'stashed\n');
      c.git('stash', 'push', '-q', '-m', 'mine');
      writeFileSync(join(c.dir, 'src/app.txt'), 'unstaged edit\n');
      writeFileSync(join(c.dir, 'src/staged.txt'), 'staged\n');
      c.git('add', 'src/staged.txt');
    }
    const before = clones.map(userState);
    const projects = await Promise.all(clones.map((c) => c.project()));
    const random = rng(20260806);

    type Action = { kind: 'session'; clone: number; n: number } | { kind: 'sync' | 'killed' | 'race'; clone: number };
    const actions: Action[] = [];
    for (let i = 0; i < CLONES; i++) for (let n = 0; n < SESSIONS; n++) actions.push({ kind: 'session', clone: i, n });
    for (let k = 0; k < 40; k++) {
      const r = random();
      actions.push({ kind: r < 0.35 ? 'killed' : r < 0.55 ? 'race' : 'sync', clone: Math.floor(random() * CLONES) });
    }
    for (let i = actions.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [actions[i], actions[j]] = [actions[j]!, actions[i]!];
    }

    // Kill instants are fractions of a measured child sync, so they land inside the sync on a fast
    // idle machine as on a loaded one (fixed delays all fired after the child had finished).
    const t0 = Date.now();
    const warm = await killedSync(clones[0]!.dir, 60_000);
    expect(warm).not.toBe('killed');
    const syncMs = Math.max(80, Date.now() - t0);
    let killed = 0;
    const stopped = new Set<string>();
    let stopIndex = 0;
    for (const a of actions) {
      const p = projects[a.clone]!;
      if (a.kind === 'session') {
        const at = `2026-08-${String(1 + (a.n % 28)).padStart(2, '0')}T${String(a.n % 24).padStart(2, '0')}:${String(a.clone * 10).padStart(2, '0')}:00Z`;
        await writeNote(p, `c${a.clone}-s${a.n}`, at);
        // Some sessions write again later in the session (a later Stop): the newer copy must win.
        if (random() < 0.2) await writeNote(p, `c${a.clone}-s${a.n}`, at.replace(/:00Z$/, ':30Z'), `more work in c${a.clone}-s${a.n}`);
        // Some handovers die before their publish: the next sync publishes the view.
        if (random() < 0.25) continue;
        const r = await publishShared(p, `agent-handover: stop c${a.clone}-s${a.n}`, { scan: false });
        expect(r.status).toBe('committed');
      } else if (a.kind === 'killed') {
        if (random() < 0.5) {
          const r = await killedSync(clones[a.clone]!.dir, Math.floor(syncMs * (0.3 + 0.6 * random())));
          if (r === 'killed') killed += 1;
          else expect(r.ok, r.status).toBe(true);
        } else {
          // Stopped dead between two plumbing steps, in-process: nothing after that step runs.
          const at = STOPS[stopIndex % STOPS.length]!;
          const r = await syncMemory(p, { onStep: (s) => { if (s === at) throw new Error(`stopped at ${s}`); } });
          if (r.error?.includes(`stopped at ${at}`)) {
            stopped.add(at);
            stopIndex += 1;
          }
        }
      } else if (a.kind === 'race') {
        const other = (a.clone + 1) % CLONES;
        const results = await Promise.all([syncMemory(p, { retries: 8 }), syncMemory(projects[other]!, { retries: 8 })]);
        for (const r of results) expect(r.ok, r.error).toBe(true);
      } else {
        const r = await syncMemory(p, { retries: 5 });
        expect(r.ok, r.error).toBe(true);
      }
    }
    expect(killed).toBeGreaterThan(0);
    expect(stopped.size).toBeGreaterThan(1);

    // The final sync: every clone twice (the first pass gathers everything on the remote, the second spreads it).
    for (let round = 0; round < 2; round++) {
      for (const p of projects) {
        const r = await syncMemory(p, { retries: 5 });
        expect(r.ok, r.error).toBe(true);
      }
    }

    const all = clones.flatMap((_, i) => Array.from({ length: SESSIONS }, (_, n) => `c${i}-s${n}`)).sort();
    const states = clones.map((c) => readFileSync(join(c.dir, '.agent-handover/memory/layer2/current-state.md')));
    const tips = clones.map((c) => c.git('rev-parse', REF).trim());
    for (const [i, c] of clones.entries()) {
      expect(sessionsIn(c)).toEqual(all);
      expect(states[i]!.equals(states[0]!)).toBe(true);
      expect(tips[i]).toBe(tips[0]);
      for (const f of files(join(c.dir, '.agent-handover/memory'))) expect(readFileSync(f, 'utf8')).not.toMatch(/^(<{7}|={7}|>{7})( |$)/m);
      expect(userState(c)).toEqual(before[i]);
    }
    const remoteTip = (await import('node:child_process')).execFileSync('git', ['rev-parse', REF], { cwd: bare, encoding: 'utf8' }).trim();
    expect(remoteTip).toBe(tips[0]);
    expect(readFileSync(join(clones[0]!.dir, '.agent-handover/memory/layer2/current-state.md'), 'utf8')).toContain('c2-s19');
  }, 300_000);

  it('a sync stopped after any step (fetch, merge, materialise, push) is finished by the next one', async () => {
    const { clones } = sharedClones(2);
    const [a, b] = await Promise.all(clones.map((c) => c.project()));
    let n = 0;
    for (const step of ['fetched', 'merged', 'materialised', 'pushed']) {
      // Both sides have news, so the stopped sync has something to merge.
      for (const p of [a!, b!]) {
        await writeNote(p, `s${n}`, `2026-08-01T10:${String(n).padStart(2, '0')}:00Z`);
        await publishShared(p, `s${n++}`, { scan: false });
      }
      expect((await syncMemory(b!)).ok).toBe(true);
      let hit = false;
      const stopped = await syncMemory(a!, { onStep: (s) => { if (s === step) { hit = true; throw new Error(`stopped at ${s}`); } } });
      expect(hit).toBe(true);
      expect(stopped.ok).toBe(false);
      for (const p of [a!, b!, a!]) expect((await syncMemory(p)).ok).toBe(true);
      const [ca, cb] = clones as [Clone, Clone];
      expect(sessionsOf(ca)).toEqual(sessionsOf(cb));
      expect(sessionsOf(ca)).toHaveLength(n);
      expect(readFileSync(join(ca.dir, '.agent-handover/memory/layer2/current-state.md'), 'utf8')).toBe(readFileSync(join(cb.dir, '.agent-handover/memory/layer2/current-state.md'), 'utf8'));
    }
  }, 120_000);
});

function sessionsOf(c: Clone): string[] {
  return files(join(c.dir, '.agent-handover/memory/layer1')).map((f) => f.slice(f.lastIndexOf('/') + 1)).sort();
}
