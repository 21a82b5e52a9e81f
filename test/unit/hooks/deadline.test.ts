import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_HOOK_EVENTS } from '../../../src/install/hook-command.js';
import { armHookDeadline, deadlineFor, HOOK_DEADLINE_MS, WORKER_DEADLINE_MS } from '../../../src/hooks/deadline.js';
import { makeTempRepo } from '../../helpers/repo.js';

describe('hook deadlines', () => {
  it('every installed Claude Code hook ends by itself before the timeout install-hooks gives the agent', () => {
    for (const e of CLAUDE_HOOK_EVENTS) {
      const own = deadlineFor(e.script, [], {});
      expect(HOOK_DEADLINE_MS[e.script], e.script).toBe(own);
      expect(own, e.event).toBeLessThan(e.timeout * 1000);
    }
  });

  it('the detached SessionEnd worker and an inline ending get a handover-sized deadline; the env can force one', () => {
    expect(deadlineFor('session-end', ['--worker', '/x.json'], {})).toBe(WORKER_DEADLINE_MS);
    expect(deadlineFor('session-end', [], { AGENT_HANDOVER_NO_DETACH: '1' })).toBe(HOOK_DEADLINE_MS.stop);
    expect(deadlineFor('stop', [], { AGENT_HANDOVER_HOOK_DEADLINE_MS: '1500' })).toBe(1500);
    expect(deadlineFor('stop', [], { AGENT_HANDOVER_HOOK_DEADLINE_MS: 'soon' })).toBe(HOOK_DEADLINE_MS.stop);
  });

  it('SIGTERM, SIGINT and SIGHUP each end the hook through the exit-0 path with one log line; disarmed, they do nothing', () => {
    const repo = makeTempRepo();
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      let exits = 0;
      const disarm = armHookDeadline('stop', [], repo.dir, { CLAUDE_PROJECT_DIR: repo.dir }, () => void exits++);
      process.emit(sig, sig);
      disarm();
      process.emit(sig, sig);
      expect(exits, sig).toBe(1);
    }
    const log = readFileSync(join(repo.dir, '.agent-handover', 'log'), 'utf8');
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) expect(log.match(new RegExp(`\\[stop\\] ${sig} received: exited 0`, 'g'))).toHaveLength(1);
  });

  it('counts from the process start, as the agent does: time spent starting Node is taken off the deadline', () => {
    const repo = makeTempRepo();
    vi.useFakeTimers();
    try {
      let exits = 0;
      const disarm = armHookDeadline('stop', [], repo.dir, { CLAUDE_PROJECT_DIR: repo.dir, AGENT_HANDOVER_HOOK_DEADLINE_MS: '5000' }, () => void exits++, 4_000);
      vi.advanceTimersByTime(999);
      expect(exits).toBe(0);
      vi.advanceTimersByTime(2);
      expect(exits).toBe(1);
      disarm();
      // A start-up already past the deadline ends the hook at once.
      const late = armHookDeadline('stop', [], repo.dir, { CLAUDE_PROJECT_DIR: repo.dir, AGENT_HANDOVER_HOOK_DEADLINE_MS: '5000' }, () => void exits++, 9_000);
      vi.advanceTimersByTime(0);
      expect(exits).toBe(2);
      late();
    } finally {
      vi.useRealTimers();
    }
  });
});
