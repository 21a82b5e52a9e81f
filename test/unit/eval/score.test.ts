import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASELINE_CHARS, baselineText, keyWords, median, noise, normalise, scoreContext, scoreFact, type Truth } from '../../../scripts/lib/eval/score.mjs';
import { commitSubjects, applyEvents } from '../../../scripts/lib/eval/side-effects.mjs';
import { loadGroundTruth } from '../../../scripts/lib/eval/ground-truth.mjs';
import type { Conversation } from '../../../scripts/lib/eval/conversation.mjs';

const ctx = (s: string) => normalise(s);

describe('eval scorer, per kind', () => {
  it('last request: the first 60 characters must be present, case and whitespace aside', () => {
    const req = 'Please move the plus button to its own button to the right of the search input, and keep the shortcut';
    expect(scoreFact('last_request', req, ctx(`## Last request\n> PLEASE move the plus button to its own   button to the right of the search input`))).toBe(1);
    expect(scoreFact('last_request', req, ctx('Please move the plus button to its own button'))).toBe(0);
    expect(scoreFact('last_request', req, ctx(''))).toBe(0);
    expect(scoreFact('last_request', 'push', ctx('Last request: push'))).toBe(1);
    expect(scoreFact('last_request', 'push', ctx('the branch was pushed'))).toBe(0);
  });

  it('files: the basename counts, as a whole name only', () => {
    expect(scoreFact('files', '/Users/x/repo/src/client/CommandMenu.tsx', ctx('- edited `src/client/CommandMenu.tsx` (committed)'))).toBe(1);
    expect(scoreFact('files', 'src/a/index.ts', ctx('touched index.ts.'))).toBe(1);
    expect(scoreFact('files', 'src/a/foo.ts', ctx('touched foo.tsx and barfoo.ts'))).toBe(0);
    expect(scoreFact('files', 'src/a/foo.ts', ctx('uncommitted: src/a/'))).toBe(0);
  });

  it('failed commands and commits: the first 40 characters', () => {
    expect(scoreFact('failed_commands', 'npm test -- --run test/unit/foo.test.ts --reporter=dot', ctx('Failed: `npm test -- --run test/unit/foo.test.ts --rep…` exit 1'))).toBe(1);
    expect(scoreFact('failed_commands', 'npm test -- --run test/unit/foo.test.ts', ctx('npm test failed'))).toBe(0);
    expect(scoreFact('commits', 'Fix redaction of base64 secrets in hook payloads', ctx('abc1234 fix redaction of base64 secrets in hook payloads'))).toBe(1);
    expect(scoreFact('commits', 'Fix redaction of base64 secrets in hook payloads', ctx('Branch main at abc1234'))).toBe(0);
  });

  it('open tasks: 60% of the key words, word starts matching ("test" finds "tests")', () => {
    expect(keyWords('Add a test for the greeting in app.js')).toEqual(['test', 'greeting', 'app']);
    expect(scoreFact('open_tasks', 'Add a test for the greeting in app.js', ctx('[ ] tests: greeting'))).toBe(1);
    expect(scoreFact('open_tasks', 'Add a test for the greeting in app.js', ctx('[ ] greeting'))).toBe(0);
  });

  it('decisions and last message: 60% of the hand-picked key words', () => {
    const fact = { text: "don't amend commits", keywords: ['amend', 'commits', 'workflow'] };
    expect(scoreFact('decisions', fact, ctx('User: please do not AMEND commits'))).toBe(1);
    expect(scoreFact('decisions', fact, ctx('User: please do not amend'))).toBe(0);
    expect(scoreFact('last_message', { text: 'x', keywords: ['search bar', 'outside'] }, ctx('moved it outside the search   bar'))).toBe(1);
    // Short key words only count as whole words.
    expect(scoreFact('decisions', { text: 'x', keywords: ['red', 'color.md'] }, ctx('redacted color.md'))).toBe(0);
    expect(scoreFact('decisions', { text: 'x', keywords: ['red', 'color.md'] }, ctx('appended Red to color.md'))).toBe(1);
  });

  it('scoreContext scores every fact of every kind, 1 when present and 0 when absent', () => {
    const truth: Truth = { fixture: 't', facts: { commits: ['Add the eval script', 'Remove the old bench'], files: ['scripts/eval.mjs'] } };
    const s = scoreContext(truth, 'Commits: abc Add the eval script; files: scripts/eval.mjs');
    expect(s.commits.map((x) => x.hit)).toEqual([1, 0]);
    expect(s.files.map((x) => x.hit)).toEqual([1]);
    expect(s.open_tasks).toEqual([]);
  });
});

describe('eval baseline and noise', () => {
  it('the baseline is the last 8,000 characters of the conversation', () => {
    const conv = `${'x'.repeat(9000)}END`;
    expect(baselineText(conv)).toHaveLength(BASELINE_CHARS);
    expect(baselineText(conv).endsWith('END')).toBe(true);
    expect(baselineText('short')).toBe('short');
  });

  it('noise counts duplicates, bare repeated ids, chatter, hook text, home paths and raw output', () => {
    const id = '3f2a9c1e-1111-4222-8333-444455556666';
    const n = noise([
      '# Project memory',
      `## Last session (${id}, 2026-12-01)`,
      `- Session ${id} (ended)`,
      `- Decided to keep the parser streaming (${id}, 2026-12-01)`,
      '- hi',
      '- /plan',
      '- /review https://example.com/pull/6',
      '- Operation stopped by hook: tests must pass',
      '- edited /Users/alice/repo/src/a.ts',
      'Chunk ID: a696c4',
      '- Fix the flaky sync test',
      '- Fix the flaky sync test',
      '- Request: please move the plus button next to the search input, and keep the shortcut',
      `- 2026-12-01 ${id} (ended): please move the plus button next to the search input, and keep…`,
      '- M apps/web/src/app/(protected)/settings/teams/components/TeamSheet.tsx',
      '- M apps/web/src/app/(protected)/settings/teams/components/TeamCard.tsx',
    ].join('\n'));
    expect(n.lines).toBe(16);
    expect(n.noisy.map((x) => x.why)).toEqual(['id-repeat', 'chatter', 'chatter', 'hook', 'home-path', 'raw-output', 'duplicate', 'duplicate']);
    expect(noise('').share).toBe(0);
    expect(noise('# Memory\n- Fix the flaky sync test').share).toBe(0);
  });

  it('median of context lengths', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(3);
    expect(median([])).toBe(0);
  });
});

describe('eval replay side effects', () => {
  it('finds commit subjects in -m, combined flags and heredoc messages; not amends', () => {
    expect(commitSubjects('git add -A && git commit -m "Add foo" -m "body"')).toEqual(['Add foo']);
    expect(commitSubjects("git commit -am 'Fix bar'")).toEqual(['Fix bar']);
    expect(commitSubjects('git commit -m "$(cat <<\'EOF\'\nShip the eval\n\nCo-Authored-By: x\nEOF\n)"')).toEqual(['Ship the eval']);
    expect(commitSubjects('git commit --amend -m "x"')).toEqual([]);
    expect(commitSubjects('git status')).toEqual([]);
  });

  it('re-does writes, edits and patches inside the project, skipping failed calls and outside paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ah-eval-fx-'));
    try {
      const conv: Conversation = {
        agent: 'claude-code',
        cwd: '/Users/u/proj',
        lines: [],
        turnEnds: [],
        events: [
          { line: 0, kind: 'call', id: '1', tool: 'Write', input: { file_path: '/Users/u/proj/src/a.ts', content: 'const a = 1;\n' } },
          { line: 1, kind: 'call', id: '2', tool: 'Edit', input: { file_path: '/Users/u/proj/src/a.ts', old_string: '1', new_string: '2' } },
          { line: 2, kind: 'call', id: '3', tool: 'Write', input: { file_path: '/tmp/outside.txt', content: 'x' } },
          { line: 3, kind: 'call', id: '4', tool: 'Write', input: { file_path: '/Users/u/proj/failed.ts', content: 'x' } },
          { line: 3, kind: 'result', id: '4', error: true, text: 'denied' },
          { line: 4, kind: 'call', id: '5', tool: 'apply_patch', input: '*** Begin Patch\n*** Add File: b.py\n+print(2)\n*** End Patch' },
          { line: 5, kind: 'call', id: '6', tool: 'Bash', input: { command: 'git commit -m "Two"' } },
          { line: 5, kind: 'call', id: '7', tool: 'run_shell_command', input: { command: 'echo -e "\\n# Red > x" >> docs/color.md && rm b.py' } },
        ],
      };
      const made: string[] = [];
      const done = applyEvents(conv, 0, 6, dir, (s) => made.push(s));
      expect(made).toEqual(['Two']);
      expect(readFileSync(join(dir, 'src/a.ts'), 'utf8')).toBe('const a = 2;\n');
      expect(existsSync(join(dir, 'b.py'))).toBe(false);
      expect(readFileSync(join(dir, 'docs/color.md'), 'utf8')).not.toBe('');
      expect(done.files).toEqual(['src/a.ts', 'src/a.ts', 'docs/color.md', 'b.py']);
      expect(made).toEqual(['Two']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('eval ground truth files', () => {
  it('every file in test/eval/ground-truth loads and names a kind we score', () => {
    const all = loadGroundTruth(join(process.cwd(), 'test/eval/ground-truth'));
    expect(all.size).toBeGreaterThan(0);
    for (const t of all.values()) expect(Object.values(t.facts).flat().length).toBeGreaterThan(0);
  });

  it('a bad file is named with its fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ah-eval-gt-'));
    try {
      writeFileSync(join(dir, 'x.json'), JSON.stringify({ fixture: 'x', facts: { todo: ['a'] } }));
      expect(() => loadGroundTruth(dir)).toThrow(/x\.json: unknown kind "todo"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
