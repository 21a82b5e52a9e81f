import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderContext } from '../../../src/render/context.js';
import type { DerivedState, SessionEntry, SessionWithWork, StateItem } from '../../../src/render/current-state.js';
import type { SessionWork } from '../../../src/render/note-work.js';

function item(id: string, text: string, ageDays = 1): StateItem {
  return { id, text, session: 's1', at: '2026-08-01', ageDays, stale: ageDays > 30, noteRel: 'layer1/2026-08/main-2026-08-01-s1.md' };
}

function session(id: string, summary: string): SessionEntry {
  return { session: id, date: '2026-08-01', summary, status: 'ended', noteRel: `layer1/2026-08/main-2026-08-01-${id}.md`, link: `../layer1/2026-08/main-2026-08-01-${id}.md` };
}

function work(over: Partial<SessionWork> = {}): SessionWork {
  return {
    requests: ['Make the uploader retry on 503', 'Also add a test for the retry'],
    lastMessage: 'Done: the uploader retries 3 times with backoff.\nTests pass.',
    commits: [{ hash: 'abcdef1234567', subject: 'Add retry to the uploader' }],
    files: [
      { path: 'src/upload.ts', op: 'edited' },
      { path: 'test/upload.test.ts', op: 'created' },
    ],
    failures: [
      { command: 'npm run lint', error: 'src/upload.ts:3:1 error no-unused-vars', status: 'failing', failed: 1, runs: 1, line: 40 },
      { command: 'npm test', error: 'FAIL test/upload.test.ts', status: 'fixed', failed: 1, runs: 2, line: 12 },
    ],
    tasks: [
      { content: 'write retry', status: 'completed' },
      { content: 'write the jitter test', status: 'in_progress' },
    ],
    stated: [{ kind: 'constraint', who: 'user', text: "don't amend commits, it breaks the review flow", line: 30 }],
    ...over,
  };
}

function withWork(id: string, over: Partial<SessionWithWork> = {}): SessionWithWork {
  return { ...session(id, 'Speed up the build'), branch: 'main', agent: 'claude-code', work: work(), ...over };
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
    recentWork: [withWork('s9'), withWork('s8', { work: work({ requests: ['Set up CI'], commits: [{ hash: '1111111aaaa', subject: 'Add the CI workflow' }] }) })],
    totals: { sessions: 2, decisions: 1, gotchas: 1 },
    ...over,
  };
}

describe('renderContext', () => {
  it('leads with the last session on this branch: request, commits, files, failures, open tasks, what was said, last message', () => {
    const out = renderContext(state(), { budget: 8000, interrupted: 'A handover of session s9 stopped at step publish; it resumes on the next run.' });
    const order = ['## Interrupted handover', '## Last session on main: s9', '**Last request:**', '- Also add a test for the retry', '**Commits:**', '- abcdef1 Add retry to the uploader', '**Files changed:**', '- `test/upload.test.ts` (created)', '**Failed commands**', '**Open tasks:**', '- [ ] write the jitter test (in progress)', '**Stated in the session**', "don't amend commits", '**Agent\u2019s last message:**', '> Tests pass.', '## Earlier session on main: s8', '## Open follow-ups', '## Recent decisions', '## Gotchas', '## Uncommitted work'];
    const positions = order.map((h) => out.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Still failing first, with the first error line; a fixed one says so.
    expect(out.indexOf('npm run lint')).toBeLessThan(out.indexOf('`npm test`'));
    expect(out).toContain('- failed: `npm run lint` \u2014 src/upload.ts:3:1 error no-unused-vars (still failing)');
    expect(out).toContain('(fixed later)');
    expect(out).not.toContain('write retry'); // completed tasks are not open
    expect(out).toContain('- Add jitter to the backoff (f-1; session s1, 2026-08-01, 1 day ago)');
    expect(out.split('\n').at(-1)).toBe('The full state is in memory/layer2/current-state.md; session notes are in memory/layer1/. Search all of it with `agent-handover recall <words>` (or the MCP tool `recall` where the agent-handover server is registered).');
  });

  it('names each session once and shows sessions of another branch only when this branch has none', () => {
    const out = renderContext(state({ recentSessions: [session('s9', 'Speed up the build'), session('s7', 'Other work')] }), { budget: 8000 });
    // Once as a name (the note's path, where the rest is, aside).
    expect(out.replace(/memory\/\S+/g, '').match(/\bs9\b/g)).toHaveLength(1);
    expect(out).toContain('- 2026-08-01 s7 (ended): Other work'); // not shown with its work: listed
    const other = renderContext(state({ branch: 'feature/y' }), { budget: 8000 });
    expect(other).toContain('## Last session on main: s9');
  });

  it('drops the least useful items first, never cuts one in half, and counts what it left out', () => {
    const many = work({ files: Array.from({ length: 60 }, (_, i) => ({ path: `src/file-${i}-${'x'.repeat(30)}.ts`, op: 'edited' as const })) });
    const s = state({
      recentWork: [withWork('s9', { work: many })],
      openFollowups: Array.from({ length: 30 }, (_, i) => item(`f-${i}`, `Follow-up ${i} ${'y'.repeat(40)}`)),
      recentSessions: Array.from({ length: 10 }, (_, i) => session(`s${i}`, `Session ${i}`)),
      totals: { sessions: 250, decisions: 1, gotchas: 1 },
    });
    const full = renderContext(s, { budget: 100_000 });
    const fullLines = new Set(full.split('\n'));
    const out = renderContext(s, { budget: 2500 });
    expect(out.length).toBeLessThanOrEqual(2500);
    for (const line of out.split('\n').slice(0, -1)) expect(fullLines.has(line)).toBe(true); // never mid-item
    // The most useful kinds survive a small budget; plain listings go first.
    expect(out).toContain('**Last request:**');
    expect(out).toContain('(still failing)');
    expect(out).toContain("don't amend commits");
    expect(out).not.toContain('## Recent sessions');
    const last = out.split('\n').at(-1)!;
    const m = /^(\d+) more items \((.+)\) are in memory\/layer2\/current-state\.md and memory\/layer1\/\. Search all of it with `agent-handover recall/.exec(last);
    expect(m).not.toBeNull();
    expect(m![2]).toMatch(/\d+ files/);
    expect(m![2]).toMatch(/\d+ sessions/);
  });

  it('a small budget gets breadth first: a run of failed commands does not push out the commits and the last message', () => {
    const failures = Array.from({ length: 8 }, (_, i) => ({ command: `pwsh -c "Get-ChildItem step-${i} ${'x'.repeat(150)}"`, error: `The term 'step-${i}' is not recognized ${'y'.repeat(150)}`, status: 'failing' as const, failed: 1, runs: 1 }));
    const s = state({ recentWork: [withWork('s9', { work: work({ failures, tasks: [], stated: [], files: [] }) })], openFollowups: [], decisions: [], gotchas: [], uncommitted: [], recentSessions: [] });
    const out = renderContext(s, { budget: 1500 });
    expect(out.length).toBeLessThanOrEqual(1500);
    expect(out).toContain('- abcdef1 Add retry to the uploader');
    expect(out).toContain('**Agent\u2019s last message:**');
    expect(out).toContain('step-0');
    // With room, the same items are shown whole.
    expect(renderContext(s, { budget: 8000 })).toContain(failures[0]!.command);
  });

  it('an agent sentence the last message shown already holds is not shown again, nor counted as left out', () => {
    const said = 'The retry now waits 2 s, then 4 s, then 8 s, because the upstream rate-limits bursts.';
    const s = state({ recentWork: [withWork('s9', { work: work({ lastMessage: `Done.\n\n**Why:** ${said}`, stated: [{ kind: 'decision', who: 'agent', text: said, line: 9 }, { kind: 'constraint', who: 'user', text: "don't amend commits", line: 3 }] }) })] });
    const out = renderContext(s, { budget: 8000 });
    expect(out.split(said)).toHaveLength(2);
    expect(out).toContain("don't amend commits");
    expect(out.split('\n').at(-1)).toMatch(/^The full state is in/);
  });

  it('falls back to the last summary when the notes carry no work (an older cache)', () => {
    const s = state({ recentWork: [], lastSession: { ...session('s9', 'Speed up the build'), summaryBlock: `> ${'z'.repeat(2000)}` }, openFollowups: [] });
    const out = renderContext(s, { budget: 900 });
    expect(out).toContain('## Last session (s9, 2026-08-01)\nSpeed up the build (memory/layer1/2026-08/main-2026-08-01-s9.md)');
    expect(out).not.toContain('zzzz');
  });

  it('states facts rather than giving orders (its own words; what the user said is quoted as said)', () => {
    const s = state({ recentWork: [withWork('s9', { work: work({ stated: [] }) })] });
    const out = renderContext(s, { budget: 8000, interrupted: 'Session s9 stopped at step publish.' });
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
      work: fc.array(text, { maxLength: 4 }),
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
          recentWork: a.work.map((t, i) => withWork(`w${i}`, { branch: a.branch, work: work({ requests: [t], lastMessage: t.repeat(3), files: [{ path: t, op: 'edited' }], stated: [{ kind: 'gotcha', who: 'agent', text: t }], compact: t }) })),
        });
        const out = renderContext(s, { budget, ...(a.interrupted === undefined ? {} : { interrupted: a.interrupted }) });
        expect(out.length).toBeLessThanOrEqual(budget);
        expect(out.split('\n').at(-1)).toMatch(/(more items? \(.*\) (is|are) in|The full state is in|more items are in memory\/)/);
      }),
      { numRuns: 400 },
    );
  });
});
