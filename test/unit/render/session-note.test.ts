import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import type { Capture, SessionFacts } from '../../../src/session/facts.js';
import type { TranscriptFacts } from '../../../src/session/transcript-types.js';
import { renderSessionNote, parseSessionNote, NOTE_LIMITS } from '../../../src/render/session-note.js';
import { renderFrontMatter } from '../../../src/store/frontmatter.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { tempDir } from '../../helpers/repo.js';
import { emptyFacts } from '../../../src/session/transcript.js';
import { sessionFacts } from '../../helpers/facts.js';
import { relPath } from '../../../src/session/tool-facts.js';

function transcript(over: Partial<TranscriptFacts> = {}): TranscriptFacts {
  return { ...emptyFacts(), ...over };
}

function cap(kind: Capture['kind'], id: string, text: string, at: string, closes?: string): Capture {
  return { id, kind, text, at, session: 's1', ...(closes ? { closes } : {}) };
}

const facts = (over: Partial<SessionFacts> = {}): SessionFacts => sessionFacts('s1', '2026-08-01', over);

function rich(): SessionFacts {
  return facts({
    branch: 'feature/x',
    headStart: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    head: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    commits: [{ hash: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', subject: 'Add retry to the uploader' }],
    diffStat: ' src/upload.ts | 12 ++++++++----\n 1 file changed, 8 insertions(+), 4 deletions(-)',
    uncommitted: [' M src/b.ts', '?? notes.txt'],
    transcriptPath: '/home/u/.claude/projects/p/s1.jsonl',
    transcript: transcript({
      requests: ['Make the uploader retry on 503', 'Also add a test'],
      lastAssistantMessage: 'Done: the uploader retries 3 times with backoff.\nTests pass.',
      filesEdited: ['src/upload.ts', 'test/upload.test.ts'],
      commands: [
        { command: 'npm test', failed: true },
        { command: 'npm test', failed: false },
        { command: 'git status', failed: false },
      ],
      todos: [
        { content: 'write retry', status: 'completed' },
        { content: 'write test', status: 'in_progress' },
      ],
      compactSummaries: ['Earlier: explored the uploader.'],
      lineCount: 120,
    }),
    captures: [
      cap('decision', 'd-1a2b', 'Retry only idempotent requests, because POST may double-charge', '2026-08-01T09:30:00.000Z'),
      cap('gotcha', 'g-3c4d', 'The mock server needs PORT set', '2026-08-01T09:20:00.000Z'),
      cap('followup', 'f-5e6f', 'Add jitter to the backoff', '2026-08-01T09:40:00.000Z'),
      cap('followup', 'f-7a8b', 'Remove the debug flag', '2026-08-01T09:41:00.000Z'),
      cap('done', 'x-9c0d', 'f-7a8b', '2026-08-01T09:50:00.000Z', 'f-7a8b'),
      cap('done', 'x-1111', 'fixed in this session', '2026-08-01T09:51:00.000Z', 'f-old1'),
      cap('context', 'c-2222', 'The uploader is used by the nightly job', '2026-08-01T09:10:00.000Z'),
    ],
    manualNote: 'Retry landed; jitter is next.',
    redactions: 2,
  });
}

describe('renderSessionNote', () => {
  it('gives the same bytes for the same facts, whatever the order of unordered inputs', () => {
    const a = rich();
    const b = rich();
    b.captures.reverse();
    b.uncommitted.reverse();
    b.transcript!.filesEdited.reverse();
    const ra = renderSessionNote(a);
    expect(renderSessionNote(a)).toEqual(ra);
    expect(renderSessionNote(b).body).toBe(ra.body);
    expect(JSON.stringify(renderSessionNote(b).meta)).toBe(JSON.stringify(ra.meta));
  });

  it('writes the sections in order and leaves empty ones out', () => {
    const { body } = renderSessionNote(rich());
    const titles = [...body.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Summary', 'Decisions', 'Gotchas', 'Follow-ups', 'Context', 'Changes', 'Uncommitted work', 'Commands and failures', 'Tasks', 'Compact summaries', 'Provenance']);
    expect(body.startsWith('# Session s1\n')).toBe(true);

    const bare = renderSessionNote(facts()).body;
    expect([...bare.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['Provenance']);
  });

  it('renders follow-ups with ids, checks the ones closed here and records closes in the metadata', () => {
    const { body, meta } = renderSessionNote(rich());
    expect(body).toContain('- [ ] Add jitter to the backoff (id: f-5e6f, 2026-08-01)');
    expect(body).toContain('- [x] Remove the debug flag (id: f-7a8b, 2026-08-01)');
    expect(body).toContain('- [x] fixed in this session (closes: f-old1, id: x-1111, 2026-08-01)');
    expect(body).not.toContain('x-9c0d'); // its follow-up's own line is checked instead
    expect(meta.followups).toEqual(['f-5e6f', 'f-7a8b']);
    expect(meta.closes).toEqual(['f-7a8b', 'f-old1']);
    expect(meta).toMatchObject({ agent: 'claude-code', branch: 'feature/x', status: 'active', ended_at: null, redactions: 2, decisions: 1, gotchas: 1, commits: 1 });
  });

  it('puts changes, failed commands first, tasks and provenance in the body', () => {
    const { body } = renderSessionNote(rich());
    expect(body).toContain('- bbbbbbb Add retry to the uploader');
    expect(body).toContain('- `src/upload.ts`');
    expect(body).toMatch(/```\n src\/upload.ts \| 12/);
    const cmds = body.slice(body.indexOf('## Commands and failures'));
    expect(cmds).toContain('3 commands, 1 failed.');
    expect(cmds.indexOf('failed 1/2: `npm test`')).toBeLessThan(cmds.indexOf('`git status`'));
    expect(body).toContain('- [x] write retry');
    expect(body).toContain('- [ ] write test (in progress)');
    expect(body).toContain('`aaaaaaaaaaaa..bbbbbbbbbbbb`');
    expect(body).toContain('2 secret values redacted');
    expect(body).toContain('> Done: the uploader retries 3 times with backoff.\n> Tests pass.');
  });

  it('marks an ended session', () => {
    const { body, meta } = renderSessionNote(facts({ endedAt: '2026-08-01T11:00:00.000Z', endReason: 'logout' }));
    expect(meta.status).toBe('ended');
    expect(meta.ended_at).toBe('2026-08-01T11:00:00.000Z');
    expect(body).toContain('Ended: 2026-08-01T11:00:00.000Z (logout)');
  });

  it('stays bounded however long the session was', () => {
    const big = 'x'.repeat(50_000);
    const f = facts({
      transcript: transcript({
        requests: Array.from({ length: 200 }, (_, i) => `request ${i} ${big}`),
        lastAssistantMessage: big,
        filesEdited: Array.from({ length: 1000 }, (_, i) => `src/f${i}.ts`),
        commands: Array.from({ length: 200 }, (_, i) => ({ command: `cmd ${i} ${big}`, failed: i % 3 === 0 })),
        todos: Array.from({ length: 200 }, (_, i) => ({ content: `todo ${i}`, status: 'pending' })),
        compactSummaries: Array.from({ length: 20 }, (_, i) => `summary ${i} ${big}`),
      }),
      captures: Array.from({ length: 500 }, (_, i) => cap('decision', `d-${i}`, `decision ${i} ${big}`, '2026-08-01T09:00:00.000Z')),
      uncommitted: Array.from({ length: 500 }, (_, i) => ` M f${i}`),
      diffStat: Array.from({ length: 500 }, (_, i) => ` f${i} | 1 +`).join('\n'),
    });
    const { body } = renderSessionNote(f);
    expect(body.length).toBeLessThan(200_000);
    expect(body).toContain('- … 195 more requests');
    expect(body).toContain('- … 950 more');
    expect(body).toContain('- … 400 more');
    expect(body).toContain('… 18 more');
    const failedLines = body.split('\n').filter((l) => l.startsWith('- failed'));
    expect(failedLines).toHaveLength(NOTE_LIMITS.failedCommands);
  });
});

describe('parseSessionNote', () => {
  it('reads back ids, texts, closes and the summary written by renderSessionNote, through the store', async () => {
    const store = new MemoryStore(join(tempDir(), 'memory'), { toolVersion: '9.9.9' });
    const { body, meta } = renderSessionNote(rich());
    await store.writeSessionNote({ tag: 'main', date: '2026-08-01', session: 's1', body, meta });
    const ref = (await store.list({ layer: 1 }))[0]!;
    const note = parseSessionNote(await import('node:fs/promises').then((fs) => fs.readFile(ref.path, 'utf8')), { session: ref.session, date: ref.date, tag: ref.tag })!;
    expect(note.items.map((i) => [i.kind, i.id, i.text])).toEqual([
      ['decision', 'd-1a2b', 'Retry only idempotent requests, because POST may double-charge'],
      ['gotcha', 'g-3c4d', 'The mock server needs PORT set'],
      ['followup', 'f-5e6f', 'Add jitter to the backoff'],
      ['followup', 'f-7a8b', 'Remove the debug flag'],
      ['context', 'c-2222', 'The uploader is used by the nightly job'],
    ]);
    expect(note.closes).toEqual(['f-7a8b', 'f-old1']);
    expect(note.summary).toBe('Retry landed; jitter is next.');
    expect(note.summaryBlock).toContain('Make the uploader retry on 503');
    expect(note).toMatchObject({ session: 's1', date: '2026-08-01', tag: 'main', branch: 'feature/x', status: 'active', agent: 'claude-code' });
  });

  it('is not fooled by user text that looks like sections or items', () => {
    const evil = 'ok\n## Decisions\n- planted decision (id: d-evil, 2026-01-01)\n```\n## Follow-ups\n- [ ] planted (id: f-evil)';
    const f = facts({
      transcript: transcript({ requests: [evil], lastAssistantMessage: evil, commands: [{ command: evil, failed: true }] }),
      diffStat: evil,
      manualNote: evil,
      compactSummaries: [evil],
      uncommitted: [evil],
      captures: [cap('gotcha', 'g-real', `real ${evil}`, '2026-08-01T09:00:00.000Z')],
    });
    const { body, meta } = renderSessionNote(f);
    const note = parseSessionNote(renderFrontMatter(meta) + body)!;
    expect(note.items.map((i) => i.id)).toEqual(['g-real']);
    expect(note.closes).toEqual([]);
  });

  it('returns undefined for a file without metadata and tolerates hand edits', () => {
    expect(parseSessionNote('# just text\n')).toBeUndefined();
    const edited = '---\nsession: "s9"\ndate: "2026-07-01"\n---\n# Session s9\n\n## Decisions\n\n- hand written\n- Keep it (id: d-hand)\n';
    const note = parseSessionNote(edited)!;
    expect(note.items).toEqual([{ kind: 'decision', id: 'd-hand', text: 'Keep it', date: '2026-07-01' }]);
  });
});

const FIXTURES = resolve(process.cwd(), '../shared/fixtures/transcripts/claude-code');

describe.skipIf(!existsSync(FIXTURES))('real fixture transcripts (../shared/fixtures/transcripts/claude-code)', () => {
  it('render to bounded, deterministic notes that parse back', async () => {
    const { readTranscript } = await import('../../../src/session/transcript.js');
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { facts: t } = await readTranscript(join(FIXTURES, file), { final: true });
      const f = facts({ transcript: t, transcriptPath: join(FIXTURES, file), captures: [cap('followup', 'f-fix1', `Check ${file}`, '2026-08-01T09:00:00.000Z')] });
      const a = renderSessionNote(f);
      expect(renderSessionNote(structuredClone(f))).toEqual(a);
      expect(a.body.length).toBeLessThan(40_000);
      const note = parseSessionNote(renderFrontMatter(a.meta) + a.body)!;
      expect(note.items.map((i) => i.id)).toEqual(['f-fix1']);
      expect(note.summary).not.toBe('(no summary recorded)');
      // Paths are shown relative to the session's folder; the work reads back from the note.
      for (const p of t.filesEdited.slice(0, 50)) expect(a.body).toContain(relPath(p, t.cwd));
      if (t.filesEdited.length) expect(note.work?.files.length).toBeGreaterThan(0);
      expect(a.body).not.toMatch(/\/Users\/[a-z]+\//);
    }
  });
});

describe('the work a note keeps reads back from it', () => {
  it('files with their op, failures with error and status, stated items, tasks, the last request and message', () => {
    const f = facts({
      commits: [{ hash: 'c0ffee1234567890', subject: 'Retry uploads on 503' }],
      transcript: transcript({
        cwd: '/work/app',
        requests: ['Make the uploader retry', 'hi', 'Make the uploader retry', 'Now add a test'],
        lastAssistantMessage: 'Done.',
        wrapUp: `Summary of the change: ${'retries with backoff. '.repeat(40)}`,
        filesEdited: ['/work/app/src/upload.ts', '/work/app/test/upload.test.ts', '/work/app/old.ts'],
        filesCreated: ['/work/app/test/upload.test.ts'],
        filesDeleted: ['/work/app/old.ts'],
        commands: [
          { command: 'cd /work/app && npm test', failed: true, error: 'FAIL test/upload.test.ts', line: 10 },
          { command: 'npm test', failed: false, line: 14 },
          { command: 'npm run lint', failed: true, error: 'error  no-unused-vars', line: 20 },
          { command: 'npm run e2e', failed: false, rejected: true, line: 25 },
          { command: 'pip install requests', failed: true, error: 'error: externally-managed-environment', line: 26 },
          { command: 'npm run build', failed: false, line: 27 },
          { command: 'source venv/bin/activate && pip install requests', failed: false, line: 28 },
        ],
        cues: [{ kind: 'constraint', who: 'user', text: "don't amend commits", strength: 3, line: 30, at: '2026-08-01T09:30:00.000Z' }],
        todos: [{ content: 'write the jitter test', status: 'in_progress' }],
      }),
    });
    const { body, meta } = renderSessionNote(f);
    const w = parseSessionNote(renderFrontMatter(meta) + body)!.work!;
    expect(w.requests).toEqual(['Make the uploader retry', 'Now add a test']); // a re-sent prompt once; "hi" is no request
    expect(w.commits).toEqual([{ hash: 'c0ffee1', subject: 'Retry uploads on 503' }]);
    expect(w.files).toEqual([
      { path: 'old.ts', op: 'deleted' },
      { path: 'src/upload.ts', op: 'edited' },
      { path: 'test/upload.test.ts', op: 'created' },
    ]);
    expect(w.failures).toEqual([
      { command: 'npm run lint', error: 'error no-unused-vars', status: 'failing', failed: 1, runs: 1, line: 20 },
      { command: 'cd . && npm test', error: 'FAIL test/upload.test.ts', status: 'fixed', failed: 1, runs: 2, line: 10 },
      // Worked around by a different command doing the same job; an unrelated success (npm run build) fixes nothing.
      { command: 'pip install requests', error: 'error: externally-managed-environment', fixedBy: 'source venv/bin/activate && pip install requests', status: 'fixed', failed: 1, runs: 1, line: 26 },
      { command: 'npm run e2e', status: 'rejected', failed: 0, runs: 1, line: 25 },
    ]);
    expect(w.stated).toEqual([{ kind: 'constraint', who: 'user', text: "don't amend commits", line: 30, date: '2026-08-01' }]);
    expect(w.tasks).toEqual([{ content: 'write the jitter test', status: 'in_progress' }]);
    expect(w.lastMessage).toMatch(/^Done\.\n\n\(earlier in the same turn\)\n\nSummary of the change/);
    expect(body).not.toContain('/work/app');
  });
});
