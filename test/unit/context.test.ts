import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderContext } from '../../src/render/context.js';
import type { DerivedState, SessionEntry, StateItem } from '../../src/render/current-state.js';

function item(id: string, text: string, ageDays = 1): StateItem {
  return { id, text, session: 's1', at: '2026-08-01', ageDays, stale: ageDays > 30, noteRel: 'layer1/2026-08/main-2026-08-01-s1.md' };
}

function session(id: string, summary: string): SessionEntry {
  return { session: id, date: '2026-08-01', summary, status: 'ended', noteRel: `layer1/2026-08/main-2026-08-01-${id}.md`, link: `../layer1/2026-08/main-2026-08-01-${id}.md` };
}

function state(over: Partial<DerivedState> = {}): DerivedState {
  return {
    asOf: '2026-08-02',
    branch: 'main',
    head: '0123456789abcdef',
    lastSession: { ...session('s9', 'Speed up the build'), summaryBlock: '**Requests** (1):\n\n- Speed up the build\n\n**Agent\u2019s last message:**\n\n> Build takes 4 s now.' },
    openFollowups: [item('f-1', 'Add jitter to the backoff'), item('f-2', 'Remove the debug flag', 40)],
    decisions: [item('d-1', 'Retry only idempotent requests')],
    gotchas: [item('g-1', 'The mock server needs PORT set')],
    uncommitted: [' M src/a.ts'],
    recentSessions: [session('s9', 'Speed up the build'), session('s8', 'Set up CI')],
    totals: { sessions: 2, decisions: 1, gotchas: 1 },
    ...over,
  };
}

const HEADERS = ['## Interrupted handover', '## Open follow-ups', '## Last session', '## Uncommitted work', '## Recent decisions', '## Gotchas', '## Recent sessions'];

describe('renderContext', () => {
  it('puts everything in priority order when it fits and says where the full state is', () => {
    const out = renderContext(state(), { budget: 8000, interrupted: 'A handover of session s9 stopped at step publish; it resumes on the next run.' });
    const positions = HEADERS.map((h) => out.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toContain('- Add jitter to the backoff (f-1; session s1, 2026-08-01, 1 day ago)');
    expect(out).toContain('- Remove the debug flag (f-2; session s1, 2026-08-01, 40 days ago) (stale: 40 days)');
    expect(out).toContain('(memory/layer1/2026-08/main-2026-08-01-s9.md)');
    expect(out.split('\n').at(-1)).toBe('The full state is in memory/layer2/current-state.md; session notes are in memory/layer1/. Search all of it with `agent-handover recall <words>` (or the MCP tool `recall` where the agent-handover server is registered).');
  });

  it('cuts whole items from the end of the priority list and counts what it left out', () => {
    const s = state({
      openFollowups: Array.from({ length: 30 }, (_, i) => item(`f-${i}`, `Follow-up ${i} ${'y'.repeat(40)}`)),
      recentSessions: Array.from({ length: 10 }, (_, i) => session(`s${i}`, `Session ${i}`)),
      totals: { sessions: 250, decisions: 1, gotchas: 1 },
    });
    const full = renderContext(s, { budget: 100_000 });
    const fullLines = new Set(full.split('\n'));
    const out = renderContext(s, { budget: 1200 });
    expect(out.length).toBeLessThanOrEqual(1200);
    for (const line of out.split('\n').slice(0, -1)) expect(fullLines.has(line)).toBe(true); // never mid-item
    const last = out.split('\n').at(-1)!;
    const m = /^(\d+) more items \((.+)\) are in memory\/layer2\/current-state\.md and memory\/layer1\/\. Search all of it with `agent-handover recall/.exec(last);
    expect(m).not.toBeNull();
    const shownFollowups = out.split('\n').filter((l) => l.startsWith('- Follow-up')).length;
    expect(shownFollowups).toBeGreaterThan(0);
    expect(m![2]).toContain(`${30 - shownFollowups} follow-ups`);
    expect(m![2]).toContain('250 sessions');
    // Follow-ups come before the last summary: with follow-ups cut, the summary may only appear in its short form.
    expect(out.indexOf('## Open follow-ups')).toBeLessThan(out.indexOf('## Last session') === -1 ? Infinity : out.indexOf('## Last session'));
  });

  it('falls back to the one-line summary when the full summary does not fit', () => {
    const s = state({ lastSession: { ...session('s9', 'Speed up the build'), summaryBlock: `> ${'z'.repeat(2000)}` }, openFollowups: [] });
    const out = renderContext(s, { budget: 900 });
    expect(out).toContain('## Last session (s9, 2026-08-01)\nSpeed up the build (memory/layer1/2026-08/main-2026-08-01-s9.md)');
    expect(out).not.toContain('zzzz');
  });

  it('states facts rather than giving orders', () => {
    const out = renderContext(state(), { budget: 8000, interrupted: 'Session s9 stopped at step publish.' });
    expect(out).not.toMatch(/\byou (must|should|need)\b|\bmust\b|\bdo not\b|\bnever\b|\balways\b/i);
  });

  it('uses the configured memory path in the closing line', () => {
    const out = renderContext(state(), { budget: 8000, memoryRel: 'notes/mem/layer2/current-state.md' });
    expect(out).toMatch(/notes\/mem\/layer2\/current-state\.md; session notes are in notes\/mem\/layer1\/\. Search all of it with `agent-handover recall/);
  });

  it('never exceeds the budget (property)', () => {
    const text = fc.string({ minLength: 0, maxLength: 600 });
    const items = (prefix: string) => fc.array(fc.tuple(text, fc.nat(400)).map(([t, age]) => item(`${prefix}-${age}`, t, age)), { maxLength: 60 });
    const sessions = fc.array(text.map((t) => session('s', t)), { maxLength: 12 });
    const arbState = fc.record({
      openFollowups: items('f'),
      decisions: items('d'),
      gotchas: items('g'),
      uncommitted: fc.array(text, { maxLength: 80 }),
      recentSessions: sessions,
      summary: fc.option(fc.tuple(text, fc.string({ maxLength: 5000 }))),
      branch: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      interrupted: fc.option(fc.string({ maxLength: 3000 }), { nil: undefined }),
      totals: fc.record({ sessions: fc.nat(100_000), decisions: fc.nat(100_000), gotchas: fc.nat(100_000) }),
    });
    fc.assert(
      fc.property(arbState, fc.integer({ min: 200, max: 10_000 }), (a, budget) => {
        const s = state({
          openFollowups: a.openFollowups,
          decisions: a.decisions,
          gotchas: a.gotchas,
          uncommitted: a.uncommitted,
          recentSessions: a.recentSessions,
          totals: a.totals,
          branch: a.branch,
          lastSession: a.summary ? { ...session('s1', a.summary[0]), summaryBlock: a.summary[1] } : undefined,
        });
        const out = renderContext(s, { budget, ...(a.interrupted === undefined ? {} : { interrupted: a.interrupted }) });
        expect(out.length).toBeLessThanOrEqual(budget);
        expect(out.split('\n').at(-1)).toMatch(/(more items? \(.*\) (is|are) in|The full state is in|more items are in memory\/)/);
      }),
      { numRuns: 400 },
    );
  });
});
