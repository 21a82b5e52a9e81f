// SessionStart finishes what earlier processes left within a budget, then answers the agent and
// exits. When that work outlasts the budget, what the context says must be true: a detached worker
// really finishes it, or (detaching off) the context says the next handover does, and it does.
import { describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileScopedRepo, installedProject, waitFor, type InstalledProject } from '../helpers/installed-project.js';
import { hooks as msg } from '../../src/messages/hooks.js';

// A custom step that outlasts both the Stop's shrunk deadline and the start's shrunk budget.
const SLOW_CONFIG = 'git:\n  mode: branch\nsteps:\n  - collect\n  - session_note\n  - name: slow\n    run: ["node", "-e", "setTimeout(() => {}, 3000)"]\n  - current_state\n  - publish\n';

describe('a SessionStart whose catch-up outlasts its budget', () => {
  const stop = (q: InstalledProject, s: string) => ({ session_id: s, cwd: q.dir, hook_event_name: 'Stop', stop_hook_active: false });
  const start = (q: InstalledProject, s: string) => ({ session_id: s, cwd: q.dir, hook_event_name: 'SessionStart', source: 'startup' });
  const context = (stdout: string) => (JSON.parse(stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
  const memoryDirty = (q: InstalledProject) => q.git('status', '--porcelain', '--', q.memoryRel()).trim();

  /** A project with a run left in flight at the slow step (a Stop cut by its deadline). */
  async function stuckProject(session: string): Promise<InstalledProject & { dispose(): void }> {
    const repo = fileScopedRepo({ mode: 'branch' });
    const q = { ...installedProject({ repo, installHooks: true }), dispose: repo.dispose };
    writeFileSync(join(q.dir, '.agent-handover.yml'), SLOW_CONFIG);
    q.git('commit', '-q', '-am', 'slow step');
    const r = await waitFor(q.spawnHook('Stop', stop(q, session), { AGENT_HANDOVER_HOOK_DEADLINE_MS: '1000' }));
    expect(r.status).toBe(0);
    expect(q.cli(['check']).status).toBe(1);
    return q;
  }

  test('a detached worker finishes it, as the context says', async () => {
    const q = await stuckProject('bg-1');
    try {
      const r = await waitFor(q.spawnHook('SessionStart', start(q, 'bg-next'), { AGENT_HANDOVER_RESUME_BUDGET_MS: '200' }));
      expect(r.status).toBe(0);
      expect(context(r.stdout)).toContain(msg.catchUpDetached);
      // The work the hook could not wait for (the test can only poll for it).
      const until = Date.now() + 45_000;
      while (q.cli(['check']).status === 1 && Date.now() < until) await new Promise((res) => setTimeout(res, 200));
      expect(q.cli(['check']).status, q.log()).toBe(2);
      expect(q.notes().filter((n) => n.includes('bg-1'))).toHaveLength(1);
      expect(memoryDirty(q)).toBe('');
    } finally {
      q.dispose();
    }
  }, 90_000);

  test('detaching off: the context says the next handover finishes it, and the next Stop does', async () => {
    const q = await stuckProject('nd-1');
    try {
      const r = await waitFor(q.spawnHook('SessionStart', start(q, 'nd-next'), { AGENT_HANDOVER_RESUME_BUDGET_MS: '200', AGENT_HANDOVER_NO_DETACH: '1' }));
      expect(r.status).toBe(0);
      const ctx = context(r.stdout);
      expect(ctx).toContain(msg.catchUpNextHandover);
      expect(ctx).not.toContain('background');
      expect(q.cli(['check']).status).toBe(1);
      expect((await waitFor(q.spawnHook('Stop', stop(q, 'nd-1')))).status).toBe(0);
      expect(q.cli(['check']).status).toBe(2);
      expect(memoryDirty(q)).toBe('');
    } finally {
      q.dispose();
    }
  }, 90_000);
});
