// Every installed hook has its own deadline below the agent's timeout and honours SIGTERM: it
// exits 0 with one log line, and the run it leaves in flight is finished by the next hook.
import { describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileScopedRepo, installedProject, waitFor, type InstalledProject, type Ran } from '../helpers/installed-project.js';

// A custom step that outlasts the deadline; it ends by itself a little later.
const SLOW_CONFIG = 'steps:\n  - collect\n  - session_note\n  - name: slow\n    run: ["node", "-e", "setTimeout(() => {}, 4000)"]\n  - current_state\n  - publish\n';

/** The agent opens the pipe and writes 6 s later: the deadline (1.5 s) must still end the hook. */
async function slowSessionStart(q: InstalledProject, cmd: string, args: string[], session: string): Promise<{ r: Ran; ended: number }> {
  const child = spawn(cmd, args, { cwd: q.dir, env: { ...q.env, CLAUDE_PROJECT_DIR: q.dir, AGENT_HANDOVER_HOOK_DEADLINE_MS: '1500' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const t0 = Date.now();
  let ended = 0;
  child.on('exit', () => (ended = Date.now() - t0));
  const late = setTimeout(() => child.stdin.end(JSON.stringify({ session_id: session, cwd: q.dir, source: 'startup' })), 6_000);
  child.stdin.on('error', () => undefined);
  const r = await waitFor(child);
  clearTimeout(late);
  return { r, ended };
}

describe('hook deadline and SIGTERM', () => {
  const payload = (q: InstalledProject, s: string) => ({ session_id: s, cwd: q.dir, hook_event_name: 'Stop', stop_hook_active: false });
  const checkpoint = (q: InstalledProject) => (existsSync(join(q.dir, '.agent-handover/checkpoint.json')) ? readFileSync(join(q.dir, '.agent-handover/checkpoint.json'), 'utf8') : '');
  const fresh = () => {
    const repo = fileScopedRepo();
    return { ...installedProject({ repo, installHooks: true }), dispose: repo.dispose };
  };

  test('at its deadline a Stop exits 0 by itself, logs one line, and the next Stop finishes the run', async () => {
    const q = fresh();
    try {
      writeFileSync(join(q.dir, '.agent-handover.yml'), SLOW_CONFIG);
      const r = await waitFor(q.spawnHook('Stop', payload(q, 'late-1'), { AGENT_HANDOVER_HOOK_DEADLINE_MS: '1500' }));
      expect(r.signal).toBeNull();
      expect(r.status).toBe(0);
      expect(q.log(), `${r.stderr} ${checkpoint(q)}`).toMatch(/\[stop\] the hook's own deadline \(1500 ms, below the agent's timeout\) was reached: exited 0/);
      expect(q.cli(['check']).status).toBe(1);
      const again = await waitFor(q.spawnHook('Stop', payload(q, 'late-1')));
      expect(again.status).toBe(0);
      expect(q.cli(['check']).status).toBe(2);
      expect(q.notes().filter((n) => n.includes('late-1'))).toHaveLength(1);
    } finally {
      q.dispose();
    }
  });

  test('SIGTERM mid-run: exit 0, one log line, RESUME, and the next Stop completes it', async () => {
    const q = fresh();
    try {
      writeFileSync(join(q.dir, '.agent-handover.yml'), SLOW_CONFIG);
      // The command execs node: the signal goes to the hook's own process, as an agent's kill would.
      const child = spawn('sh', ['-c', q.hook('Stop').command], { cwd: q.dir, env: { ...q.env, CLAUDE_PROJECT_DIR: q.dir }, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end(JSON.stringify(payload(q, 'term-1')));
      const done = waitFor(child);
      const t0 = Date.now();
      while (!checkpoint(q).includes('"slow": {\n      "attempts": 1') && Date.now() - t0 < 20_000) await new Promise((res) => setTimeout(res, 50));
      child.kill('SIGTERM');
      const r = await done;
      expect(r.signal).toBeNull();
      expect(r.status).toBe(0);
      expect(q.log()).toMatch(/\[stop\] SIGTERM received: exited 0/);
      expect(q.cli(['check']).status).toBe(1);
      expect((await waitFor(q.spawnHook('Stop', payload(q, 'term-1')))).status).toBe(0);
      expect(q.cli(['check']).status).toBe(2);
    } finally {
      q.dispose();
    }
  });

  test('the CLI form (`agent-handover hook session-start`, for hand-written entries) ends at its deadline too', async () => {
    const q = fresh();
    try {
      const { r, ended } = await slowSessionStart(q, join(q.dir, 'node_modules', '.bin', 'agent-handover'), ['hook', 'session-start'], 'slow-cli');
      expect(r.status).toBe(0);
      expect(ended).toBeLessThan(5_500);
      expect(JSON.parse(r.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
      expect(q.log()).toMatch(/\[session-start\] the hook's own deadline \(1500 ms/);
      // A CLI hook that finishes in time is not held until its deadline by the armed timer.
      const t1 = Date.now();
      expect(q.cli(['hook', 'stop'], { input: JSON.stringify({ session_id: 'quick-cli', cwd: q.dir }) }).status).toBe(0);
      expect(Date.now() - t1).toBeLessThan(20_000);
    } finally {
      q.dispose();
    }
  });

  test('a payload that is slow to arrive does not hold the hook past its deadline', async () => {
    const q = fresh();
    try {
      const { r, ended } = await slowSessionStart(q, 'sh', ['-c', q.hook('SessionStart').command], 'slow-writer');
      expect(r.status).toBe(0);
      expect(ended).toBeLessThan(5_500);
      expect(JSON.parse(r.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
      expect(q.log()).toMatch(/\[session-start\] the hook's own deadline \(1500 ms/);
    } finally {
      q.dispose();
    }
  });

  test('SessionStart cut short by its deadline still answers in the agent\'s JSON shape, with one line on where the state is', async () => {
    const q = fresh();
    try {
      const r = await waitFor(q.spawnHook('SessionStart', { session_id: 'late-start', cwd: q.dir, source: 'startup' }, { AGENT_HANDOVER_HOOK_DEADLINE_MS: '1' }));
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
      expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
      expect(out.hookSpecificOutput.additionalContext).toContain('memory/layer2/current-state.md');
      expect(q.log()).toMatch(/\[session-start\] the hook's own deadline \(1 ms/);
    } finally {
      q.dispose();
    }
  });
});
