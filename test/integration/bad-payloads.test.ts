// Hooks never break the agent: whatever arrives on stdin, every installed hook exits 0, prints
// nothing or the JSON Claude Code expects, and leaves the cause in .agent-handover/log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLAUDE_EVENTS, claudeFixtures, fileScopedRepo, installedProject, waitFor, type ClaudeEvent, type InstalledProject, type Ran } from '../helpers/installed-project.js';

const fixtures = claudeFixtures();
if ('skip' in fixtures) console.warn(`bad-payloads: cases with a real transcript skipped: ${fixtures.skip}`);
const isRoot = process.getuid?.() === 0;
if (isRoot) console.warn('bad-payloads: the unreadable-transcript case is skipped when running as root (root reads any file)');

/** Events whose handover reads the transcript (SessionStart only records the session). */
const HANDOVER_EVENTS: ClaudeEvent[] = ['Stop', 'PreCompact', 'PostCompact', 'SessionEnd'];

interface Case {
  name: string;
  stdin: (p: InstalledProject) => unknown;
  /** What the log must say, per event that must log it. */
  logs?: { events: ClaudeEvent[]; text: RegExp };
  skip?: string | false;
  check?: (p: InstalledProject) => void;
  /** No usable session id: no handover runs at all, so `check` stays clean (0). */
  nothingRan?: boolean;
}

const transcriptCase = (name: string, path: (p: InstalledProject) => string, skip: string | false = false, text = /transcript .* could not be read/): Case => ({
  name,
  skip,
  stdin: (p) => ({ session_id: `bad-${name.replace(/\W+/g, '-')}`, transcript_path: path(p), cwd: p.dir, stop_hook_active: false, reason: 'other', compact_summary: 'summary' }),
  logs: { events: HANDOVER_EVENTS, text },
});

const CASES: Case[] = [
  { name: 'empty stdin', stdin: () => '', logs: { events: HANDOVER_EVENTS, text: /bad payload: empty stdin/ }, nothingRan: true },
  { name: 'garbage', stdin: () => '\u0000{not json at all]]', logs: { events: HANDOVER_EVENTS, text: /bad payload: stdin is not JSON/ }, nothingRan: true },
  { name: 'a JSON array', stdin: () => '[{"session_id":"x"}]', logs: { events: HANDOVER_EVENTS, text: /bad payload: stdin JSON is not an object/ }, nothingRan: true },
  // Without a usable session id a turn-ending hook writes nothing and says why in the log.
  { name: 'missing fields', stdin: () => ({ hook_event_name: 'Stop' }), logs: { events: HANDOVER_EVENTS, text: /\w+: the payload has no usable session_id; nothing was written/ }, nothingRan: true },
  { name: 'mistyped fields', stdin: () => ({ session_id: 42, transcript_path: ['x'], cwd: null, stop_hook_active: 'yes' }), logs: { events: HANDOVER_EVENTS, text: /\w+: the payload has no usable session_id; nothing was written/ }, nothingRan: true },
  {
    name: 'session_id with ../',
    stdin: (p) => ({ session_id: '../../escape', cwd: p.dir, stop_hook_active: false }),
    logs: { events: HANDOVER_EVENTS, text: /bad payload: session_id "\.\.\/\.\.\/escape" is not a valid id/ },
    nothingRan: true,
    check: (p) => {
      for (const d of [p.dir, dirname(p.dir), dirname(dirname(p.dir)), join(p.dir, '.agent-handover')]) expect(readdirSync(d).filter((f) => f.includes('escape'))).toEqual([]);
    },
  },
  transcriptCase('a transcript path that does not exist', (p) => join(p.home, 'no', 'such', 'transcript.jsonl')),
  transcriptCase(
    'a directory as transcript',
    (p) => {
      const d = join(p.home, 'a-directory.jsonl');
      mkdirSync(d, { recursive: true });
      return d;
    },
    false,
    /transcript .* is not a regular file/,
  ),
  transcriptCase(
    'an unreadable transcript',
    (p) => {
      const t = p.transcript(('files' in fixtures ? fixtures.files[0] : '')!, 'unreadable').grow(40).path;
      chmodSync(t, 0o000);
      return t;
    },
    isRoot ? 'running as root' : 'skip' in fixtures ? fixtures.skip : false,
  ),
];

interface Outcome {
  project: InstalledProject & { dispose(): void };
  runs: Ran[];
  log: string;
}

describe('bad payloads on stdin: every installed hook exits 0', () => {
  let repo: ReturnType<typeof fileScopedRepo>;
  let p: InstalledProject;
  const outcomes = new Map<string, Outcome>();

  // One identical copy of the installed project per case; within a case all five hooks fire
  // together, as Claude Code may fire them close together. Three cases at a time: all nine at once
  // (45 hook processes) on a 2-core machine that also runs another test file made hooks reach their
  // own deadline, which is the deadline test's subject, not this one's.
  beforeAll(async () => {
    repo = fileScopedRepo();
    p = installedProject({ repo, installHooks: true });
    const cases = CASES.filter((c) => !c.skip);
    for (let i = 0; i < cases.length; i += 3) {
      await Promise.all(
        cases.slice(i, i + 3).map(async (c) => {
          const project = p.clone();
          const stdin = c.stdin(project);
          const runs = await Promise.all(CLAUDE_EVENTS.map((e) => waitFor(project.spawnHook(e, stdin, { AGENT_HANDOVER_NO_DETACH: '1' }))));
          outcomes.set(c.name, { project, runs, log: project.log() });
        }),
      );
    }
  });
  afterAll(() => {
    for (const o of outcomes.values()) o.project.dispose();
    repo?.dispose();
  });

  for (const c of CASES) {
    test.skipIf(!!c.skip)(`${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, () => {
      const { project, runs, log } = outcomes.get(c.name)!;
      for (const [i, event] of CLAUDE_EVENTS.entries()) {
        const r = runs[i]!;
        expect(r.signal, event).toBeNull();
        expect(r.status, `${event}: ${r.stderr}`).toBe(0);
        expect(r.stderr, event).toBe('');
        if (event === 'SessionStart') {
          const out = JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
          expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
          expect(typeof out.hookSpecificOutput.additionalContext).toBe('string');
        } else {
          expect(r.stdout, event).toBe('');
        }
        const tag = event.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
        if (c.logs?.events.includes(event)) expect(log, `${event} log`).toMatch(new RegExp(`\\[${tag}\\] ${c.logs.text.source}`));
      }
      // Only what the case explains is logged: no step failed behind it.
      expect(log).not.toMatch(/step \w+ failed/);
      if (!c.logs) expect(log).toBe('');
      c.check?.(project);
      // Nothing was left half-done for the next session to trip over, and the memory is committed.
      expect(project.cli(['check']).status).toBe(c.nothingRan ? 0 : 2);
      expect(project.git('status', '--porcelain', '--', 'memory')).toBe('');
    });
  }

  test('under PAUSE a bad payload writes nothing, not even the log', async () => {
    const project = p.clone();
    try {
      project.write('PAUSE', '');
      const hash = project.stateHash();
      const runs = await Promise.all(CLAUDE_EVENTS.map((e) => waitFor(project.spawnHook(e, 'garbage{', { AGENT_HANDOVER_NO_DETACH: '1' }))));
      expect(runs.map((r) => r.status)).toEqual(CLAUDE_EVENTS.map(() => 0));
      expect(project.stateHash()).toBe(hash);
      expect(existsSync(join(project.dir, '.agent-handover', 'log'))).toBe(false);
    } finally {
      project.dispose();
    }
  });

  test('post-commit with a broken state folder still lets the commit through, silently', () => {
    p.write('.agent-handover/current-session', '../../not-a-session\n');
    p.write('work.txt', 'w\n');
    p.git('add', 'work.txt');
    const out = p.git('commit', '-q', '-m', 'user work');
    expect(out).toBe('');
    expect(p.git('log', '-1', '--format=%s')).toBe('user work\n');
    expect(existsSync(join(p.dir, '.agent-handover', 'sessions', '..', '..', 'not-a-session.commits.jsonl'))).toBe(false);
  });
});
