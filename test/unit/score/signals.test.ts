import { describe, expect, test } from 'vitest';
import { scoreHandover, isoWeek, type HandoverScore } from '../../../src/score/handover-score.js';
import { samePath, reruns, commandParts, keyWords } from '../../../src/score/match.js';
import { scoreReport, trendLine } from '../../../src/score/score-report.js';
import type { InjectedRecord } from '../../../src/score/injected.js';
import { BASE, POINTS, SLOW_START } from '../../../src/score/points.js';
import { readFileSync } from 'node:fs';
import type { SessionFacts } from '../../../src/session/facts.js';
import { emptyFacts, type TranscriptFacts } from '../../../src/session/transcript-types.js';

const record = (over: Partial<InjectedRecord> = {}): InjectedRecord & { of: string } => ({
  version: 1,
  session: 'next',
  agent: 'claude-code',
  at: '2026-12-01T10:00:00Z',
  of: 'prev',
  sections: ['request', 'files', 'failures', 'tasks', 'followups'],
  chars: 1000,
  request: 'Add retry logic to the upload client with exponential backoff',
  files: ['src/upload/client.ts', 'src/upload/retry.ts'],
  failing: ['npm test'],
  tasks: ['Write the backoff tests for the upload client'],
  followups: [{ id: 'f-abc123', text: 'Document the retry settings in the README', section: 'followups' }],
  ...over,
});

const facts = (t: Partial<TranscriptFacts>, over: Partial<SessionFacts> = {}): SessionFacts => ({
  session: 'next',
  agent: 'claude-code',
  tag: 'handover',
  event: 'stop',
  startedAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T11:00:00Z',
  commits: [],
  uncommitted: [],
  captures: [],
  compactSummaries: [],
  redactions: 0,
  transcript: { ...emptyFacts(), cwd: '/work/p', ...t },
  ...over,
});

const kinds = (s: HandoverScore) => s.signals.map((x) => `${x.points} ${x.kind}`);

describe('handover score signals', () => {
  test('a session that takes everything up scores high, each point with its evidence', () => {
    const s = scoreHandover(
      record(),
      facts(
        {
          requests: ['Carry on with the upload work.'],
          filesEdited: ['src/upload/client.ts'],
          editLines: [{ path: '/work/p/src/upload/client.ts', line: 9 }],
          commands: [{ command: 'cd /work/p && npm test -- --run', failed: false, line: 12 }],
          todos: [{ content: 'Write the backoff tests for the upload client', status: 'completed' }],
          opening: { turns: 1, toolCalls: 3, looked: [], firstEditLine: 9 },
        },
        { captures: [{ id: 'x-1', kind: 'done', text: 'f-abc123', closes: 'f-abc123', at: '2026-12-01T10:30:00Z', session: 'next' }] },
      ),
    );
    expect(kinds(s)).toEqual(['15 followup_closed', '12 task_closed', '5 file_edited', '15 failure_fixed', '0 first_edit']);
    expect(s.score).toBe(50 + 15 + 12 + 5 + 15);
    expect(s.signals.find((x) => x.kind === 'file_edited')?.evidence).toBe('edited at line 9');
    expect(s.signals.find((x) => x.kind === 'failure_fixed')?.line).toBe(12);
    expect(s.sections.used).toEqual(['files', 'failures', 'tasks', 'followups']);
    expect(s.week).toBe('2026-W49');
  });

  test('restating the last request, asking about what the handover said and searching for its files cost points', () => {
    const s = scoreHandover(
      record({ tasks: ['Document the proxy settings'] }),
      facts({
        requests: ['please add retry logic to the upload client, with exponential backoff'],
        questions: [
          { text: 'Is `npm test` still failing from last time?', line: 3 },
          { text: 'Shall I use tabs or spaces?', line: 4 },
        ],
        opening: { turns: 4, toolCalls: 15, looked: [{ how: 'search', pattern: '**/retry.ts', line: 5 }, { how: 'read', path: '/work/p/src/upload/client.ts', line: 6 }], firstEditLine: 20 },
      }),
    );
    // client.ts was read before the first edit and never edited: found again, not used.
    expect(kinds(s)).toEqual(['-3 file_rediscovered', '-3 file_rediscovered', '-8 question_about_handover', '-15 request_restated', '0 first_edit', '-12 slow_start']);
    expect(s.score).toBe(50 - 3 - 3 - 8 - 15 - 12);
    expect(s.sections.unused).toEqual(['request', 'files', 'failures', 'tasks', 'followups']);
  });

  test('a read of a file the session goes on to edit is no re-discovery; caps hold each kind', () => {
    const many = Array.from({ length: 6 }, (_, i) => `src/m${i}.ts`);
    const s = scoreHandover(
      record({ files: many, failing: [], tasks: [], followups: [] }),
      facts({ filesEdited: many, opening: { turns: 1, toolCalls: 2, looked: [{ how: 'read', path: 'src/m0.ts', line: 2 }], firstEditLine: 3 } }),
    );
    expect(s.signals.filter((x) => x.kind === 'file_edited').reduce((a, x) => a + x.points, 0)).toBe(20);
    expect(s.capped).toBe(2);
    expect(kinds(s)).not.toContain('-3 file_rediscovered');
  });

  test('only the first ten requests can restate the last one', () => {
    const again = 'please add retry logic to the upload client, with exponential backoff';
    const early = scoreHandover(record(), facts({ requests: [...Array(9).fill('look around the repository layout first'), again] }));
    const late = scoreHandover(record(), facts({ requests: [...Array(10).fill('look around the repository layout first'), again] }));
    expect(kinds(early)).toContain('-15 request_restated');
    expect(kinds(late)).not.toContain('-15 request_restated');
  });

  test("the README's points table is the one in code", () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('<!-- score-points:start -->'), readme.indexOf('<!-- score-points:end -->'));
    const rows = [...table.matchAll(/^\| `(\w+)`[^|]*\| ([+-]?\d+) \| ([+-]?\d+) \|$/gm)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    const code = Object.entries(POINTS).filter(([k]) => k !== 'first_edit').map(([k, v]) => [k, v.each, v.cap]);
    expect(rows).toEqual(code);
    expect(readme).toContain(`A handover starts at ${BASE}`);
    expect(readme).toContain(`per tool call past ${SLOW_START.freeCalls} and ${SLOW_START.perExtraTurn} per turn past ${SLOW_START.freeTurns}`);
  });

  test('a session that was shown nothing it used stays at the base score', () => {
    const s = scoreHandover(record(), facts({ requests: ['Something unrelated entirely: bump the logo size'] }));
    expect(s.score).toBe(50);
    expect(s.signals).toEqual([]);
  });
});

describe('matching', () => {
  test('paths: project-relative paths never match by suffix; an absolute one does', () => {
    expect(samePath('components/a.ts', 'src/components/a.ts')).toBe(false);
    expect(samePath('/Users/x/p/src/a.ts', 'src/a.ts')).toBe(true);
    expect(samePath('~/p/src/a.ts', 'src/a.ts')).toBe(true);
  });

  test('commands: a re-run with more arguments or after cd counts; another program does not', () => {
    expect(reruns(commandParts('cd pkg && npm test -- --run foo'), 'npm test')).toBe(true);
    expect(reruns(commandParts('npm test 2>&1 | tail -5'), 'npm test')).toBe(true);
    expect(reruns(commandParts('npm testing'), 'npm test')).toBe(false);
  });

  test('key words leave out the common ones', () => {
    expect([...keyWords('Please add the retry logic to the client')]).toEqual(['retry', 'logic', 'client']);
  });

  test('ISO weeks', () => {
    expect(isoWeek('2027-01-01T00:00:00Z')).toBe('2026-W53');
    expect(isoWeek('2026-12-28T00:00:00Z')).toBe('2026-W53');
    expect(isoWeek('not a date')).toBe('unknown');
  });
});

describe('report and trend', () => {
  const row = (session: string, score: number, at: string, used: string[], shown: string[], unused: string[] = []): HandoverScore => ({
    v: 1, session, agent: session.startsWith('c') ? 'codex' : 'claude-code', of: 'x', at, week: isoWeek(at), score, signals: [],
    sections: { shown, used, unused, unmeasured: shown.filter((s) => !used.includes(s) && !unused.includes(s)) },
  });

  test('per agent, per week, and sections used, never used and not measured', () => {
    const r = scoreReport([
      row('a1', 80, '2026-11-23T10:00:00Z', ['files'], ['files', 'failures', 'decisions'], ['failures']),
      row('c1', 60, '2026-12-01T10:00:00Z', ['tasks'], ['tasks', 'files']),
      row('a2', 70, '2026-12-02T10:00:00Z', [], ['files', 'failures'], ['files', 'failures']),
    ]);
    expect(r.perAgent).toEqual([{ key: 'claude-code', handovers: 2, mean: 75 }, { key: 'codex', handovers: 1, mean: 60 }]);
    expect(r.perWeek.map((g) => g.key)).toEqual(['2026-W48', '2026-W49']);
    expect(r.sections).toEqual({ used: ['files', 'tasks'], neverUsed: ['failures'], unmeasured: ['decisions'] });
    expect(scoreReport(r.handovers, { last: 1 }).handovers.map((h) => h.session)).toEqual(['a2']);
    expect(scoreReport(r.handovers, { agent: 'codex' }).handovers.map((h) => h.session)).toEqual(['c1']);
  });

  test('a fall of ten points between the last five and the five before is a falling trend', () => {
    const at = (i: number) => `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00Z`;
    const falling = [...Array(5).fill(80), ...Array(5).fill(70)].map((s: number, i) => row(`s${i}`, s, at(i), [], []));
    expect(trendLine(falling)).toMatchObject({ falling: true });
    expect(trendLine(falling)!.text).toContain('falling');
    const steady = [...Array(5).fill(70), ...Array(5).fill(66)].map((s: number, i) => row(`s${i}`, s, at(i), [], []));
    expect(trendLine(steady)).toMatchObject({ falling: false });
    expect(trendLine([])).toBeUndefined();
  });
});
