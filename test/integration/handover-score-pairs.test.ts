// The handover score on pairs of a real session and the session that continued it (hand-written,
// see test/fixtures/score/README.md), through the real hooks in real temp repositories: the full
// handover ranks above the same handover with its follow-ups, failures or file list removed.
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempRepo, tempDir, memoryRelOf } from '../helpers/repo.js';
import { cli } from '../helpers/cli-io.js';
import { runHandler } from '../../src/hooks/run-handler.js';
import { HOOK_HANDLERS } from '../../src/hooks/hook-handlers.js';
import { parseFrontMatter } from '../../src/store/frontmatter.js';
import type { InjectedRecord } from '../../src/score/injected.js';
import type { HandoverScore } from '../../src/score/handover-score.js';

const SHARED = resolve(process.cwd(), '../shared/fixtures/transcripts');
const OWN = resolve(process.cwd(), 'test/fixtures/score');

interface Pair {
  agent: string;
  first: string;
  next: string;
  followup: string;
  /** Close the follow-up with `agent-handover note --kind done` during the next session. */
  close: boolean;
}

const PAIRS: Pair[] = [
  { agent: 'claude-code', first: 'claude-code/v1.0.98-long-session-sidechain-todowrite-bashoutput.jsonl', next: 'claude-continuation-of-v1.0.98.handmade.jsonl', followup: 'Add tests for the useTodos hook filters', close: false },
  { agent: 'codex', first: 'codex/v0.58.0-cli-shell-update-plan-ghost-snapshot.jsonl', next: 'codex-continuation-of-v0.58.0.handmade.jsonl', followup: 'Wire the LM Studio base URL into the settings page', close: true },
  { agent: 'gemini', first: 'gemini/session-2025-10-27-web-search-cancelled-error.json', next: 'gemini-continuation-of-2025-10-27.handmade.json', followup: 'Add a command history to the agent REPL', close: false },
];

type Ablation = 'full' | 'no follow-ups' | 'no failures' | 'no files';

function ablate(r: InjectedRecord, a: Ablation): InjectedRecord {
  const drop = (...keys: string[]) => r.sections.filter((s) => !keys.includes(s));
  if (a === 'no follow-ups') return { ...r, followups: [], sections: drop('followups', 'captured') };
  if (a === 'no failures') return { ...r, failing: [], sections: drop('failures') };
  if (a === 'no files') return { ...r, files: [], sections: drop('files') };
  return r;
}

function noteMeta(dir: string, session: string): Record<string, unknown> {
  const root = join(dir, memoryRelOf(dir), 'layer1');
  for (const month of readdirSync(root)) {
    const file = readdirSync(join(root, month)).find((f) => f.endsWith(`-${session}.md`));
    if (file) return parseFrontMatter(readFileSync(join(root, month, file), 'utf8'))!.meta;
  }
  throw new Error(`no note for ${session}`);
}

async function scorePair(pair: Pair) {
  const repo = makeTempRepo();
  const env = { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir };
  const hook = (event: 'stop' | 'session-start', payload: object) => runHandler(event, JSON.stringify(payload), { cwd: repo.dir, env, args: ['--agent', pair.agent] }, HOOK_HANDLERS[event]);
  // The first session: a real transcript, and a follow-up recorded during it.
  expect((await cli(repo.dir, ['note', '--kind', 'followup', pair.followup, '--session', 'sess-a'], env)).code).toBe(0);
  await hook('stop', { session_id: 'sess-a', transcript_path: join(SHARED, pair.first), hook_event_name: 'Stop' });
  // The next one starts (the context is recorded), works, closes the follow-up, and ends a turn.
  const start = await hook('session-start', { session_id: 'sess-b', source: 'startup', hook_event_name: 'SessionStart' });
  expect(start.stdout).toContain(pair.followup);
  const recordPath = join(repo.dir, '.agent-handover', 'score', 'sess-b.injected.json');
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as InjectedRecord;
  const transcript = join(tempDir(), pair.next);
  writeFileSync(transcript, readFileSync(join(OWN, pair.next), 'utf8').replaceAll('__CWD__', repo.dir));
  if (pair.close) expect((await cli(repo.dir, ['note', '--kind', 'done', record.followups[0]!.id, '--session', 'sess-b'], env)).code).toBe(0);
  const scores: Record<Ablation, number> = {} as Record<Ablation, number>;
  for (const a of ['full', 'no follow-ups', 'no failures', 'no files'] as const) {
    // Each variant is what the next session would have been shown: the same record with one part gone.
    writeFileSync(recordPath, JSON.stringify(ablate(record, a)) + '\n');
    await hook('stop', { session_id: 'sess-b', transcript_path: transcript, hook_event_name: 'Stop' });
    const meta = noteMeta(repo.dir, 'sess-b');
    expect(meta.handover_of).toBe('sess-a');
    scores[a] = meta.handover_score as number;
  }
  writeFileSync(recordPath, JSON.stringify(record) + '\n');
  await hook('stop', { session_id: 'sess-b', transcript_path: transcript, hook_event_name: 'Stop' });
  const rows = readFileSync(join(repo.dir, '.agent-handover', 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HandoverScore);
  return { repo, env, record, scores, last: rows.at(-1)!, meta: noteMeta(repo.dir, 'sess-b') };
}

describe.skipIf(!existsSync(SHARED))('handover score on session pairs (real first session, hand-written continuation)', () => {
  for (const pair of PAIRS) {
    test(`${pair.agent}: the full handover outranks it without its follow-ups, failures or files`, async () => {
      const { record, scores, last, meta } = await scorePair(pair);
      // The handover named what the ablations take away.
      expect(record.followups.length).toBeGreaterThan(0);
      expect(record.failing.length).toBeGreaterThan(0);
      expect(record.files.length).toBeGreaterThan(0);
      expect(scores.full).toBeGreaterThan(scores['no follow-ups']);
      expect(scores.full).toBeGreaterThan(scores['no failures']);
      expect(scores.full).toBeGreaterThan(scores['no files']);
      // The row for trends is the full handover's, and the note says the same.
      expect(last.score).toBe(scores.full);
      expect(meta.handover_score).toBe(scores.full);
      expect((meta.handover_signals as string[]).length).toBe(last.signals.length);
      // Every point has its evidence.
      for (const s of last.signals) expect(s.evidence).not.toBe('');
      // The README's worked example is this pair's.
      if (pair.agent === 'claude-code') {
        expect(scores.full).toBe(76);
        expect(last.signals.map((s) => `${s.points} ${s.kind} ${s.evidence}`).map((l) => l.replace(/:.*$/, ''))).toEqual([
          '10 followup_taken_up todo "Add tests for the useTodos hook filters" (completed)',
          '5 file_edited deleted',
          '5 file_edited edited at line 10',
          '5 file_edited edited at line 16',
          '-3 file_rediscovered search at line 4',
          '-3 file_rediscovered read at line 8',
          '15 failure_fixed line 12, passed',
          '-8 question_about_handover line 2',
          '0 first_edit line 10, after 2 turns and 4 tool calls',
        ]);
      }
      expect(last.sections.used).toEqual(expect.arrayContaining(['followups', 'failures', 'files']));
    });
  }

  test('agent-handover score: per handover, per agent and per week, with the sections used and never used', async () => {
    const { repo, env } = await scorePair(PAIRS[1]!);
    const text = await cli(repo.dir, ['score'], env);
    expect(text.code).toBe(0);
    expect(text.out).toContain('sess-a (codex) -> sess-b (codex)');
    expect(text.out).toMatch(/codex: \d+ average over 1/);
    expect(text.out).toMatch(/\d{4}-W\d{2}: \d+ average over 1/);
    expect(text.out).toMatch(/used: +.*failures/);
    const json = JSON.parse((await cli(repo.dir, ['score', '--json', '--agent', 'codex', '--last', '5'], env)).out) as { handovers: HandoverScore[]; sections: { used: string[]; neverUsed: string[] } };
    expect(json.handovers).toHaveLength(1);
    expect(json.sections.used).toContain('tasks');
    expect((await cli(repo.dir, ['score', '--agent', 'gemini'], env)).out).toContain('No handover scores for agent "gemini"');
  });

  test('nothing is scored for a first session, and under PAUSE SessionStart records nothing', async () => {
    const repo = makeTempRepo();
    const env = { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir };
    const hook = (event: 'stop' | 'session-start', payload: object) => runHandler(event, JSON.stringify(payload), { cwd: repo.dir, env, args: [] }, HOOK_HANDLERS[event]);
    await hook('session-start', { session_id: 'first', source: 'startup' });
    const first = JSON.parse(readFileSync(join(repo.dir, '.agent-handover', 'score', 'first.injected.json'), 'utf8')) as InjectedRecord;
    expect(first.of).toBeUndefined();
    await hook('stop', { session_id: 'first', transcript_path: join(SHARED, PAIRS[0]!.first) });
    expect(noteMeta(repo.dir, 'first').handover_score).toBeUndefined();
    expect(existsSync(join(repo.dir, '.agent-handover', 'scores.jsonl'))).toBe(false);
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    await hook('session-start', { session_id: 'paused', source: 'startup' });
    expect(existsSync(join(repo.dir, '.agent-handover', 'score', 'paused.injected.json'))).toBe(false);
  });
});
