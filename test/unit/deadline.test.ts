import { describe, expect, it } from 'vitest';
import { CLAUDE_HOOK_EVENTS } from '../../src/install/hook-command.js';
import { deadlineFor, HOOK_DEADLINE_MS, WORKER_DEADLINE_MS } from '../../src/hooks/deadline.js';

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
});
