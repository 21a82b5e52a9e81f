import type { SessionFacts } from '../../src/session/facts.js';

/** A Stop's facts for `session` on `day` (09:00-10:00 UTC), nothing collected yet; `over` fills in the rest. */
export function sessionFacts(session: string, day: string, over: Partial<SessionFacts> = {}): SessionFacts {
  return {
    session,
    agent: 'claude-code',
    tag: 'main',
    event: 'Stop',
    startedAt: `${day}T09:00:00.000Z`,
    updatedAt: `${day}T10:00:00.000Z`,
    commits: [],
    uncommitted: [],
    captures: [],
    compactSummaries: [],
    redactions: 0,
    ...over,
  };
}
