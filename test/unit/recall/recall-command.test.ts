import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';
import { recallFilter } from '../../../src/recall/recall.js';
import { memoryDocs } from '../../../src/recall/memory-docs.js';

/** The example notes in the project's memory folder: shared mode (the default) reads .agent-handover/memory. */
function repoWithExamples(mode?: 'branch') {
  const repo = makeTempRepo(mode ? { mode } : {});
  cpSync('docs/examples/memory', join(repo.dir, mode === 'branch' ? 'memory' : SHARED_MEMORY), { recursive: true });
  return repo;
}

const SHARED_MEMORY = '.agent-handover/memory';

describe('agent-handover recall', () => {
  it('prints ranked hits with provenance, and JSON with --json', async () => {
    const repo = repoWithExamples();
    const text = await cli(repo.dir, ['recall', 'entropy', 'threshold']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^1\. \[decision d-[a-z0-9]{6}\] .*\*\*entropy\*\*/);
    expect(text.out).toMatch(/session 07d86da7-2e39-4276-a0d5-7b46a85b8750, claude-code, 2026-02-06, branch 20260206-secrets-redaction, commit c41e7b2a9d0f; \.agent-handover\/memory\/layer1\/2026-02\//);
    const json = JSON.parse((await cli(repo.dir, ['recall', '--json', '--kind', 'decision', 'entropy'])).out) as { hits: Array<Record<string, string>> };
    expect(json.hits[0]).toMatchObject({ kind: 'decision', agent: 'claude-code', date: '2026-02-06' });
    expect(json.hits[0]!.note).toMatch(/^\.agent-handover\/memory\/layer1\/2026-02\/.*\.md$/);
    expect(existsSync(join(repo.dir, '.agent-handover', 'index', 'recall.sqlite'))).toBe(true);
    expect(repo.git('status', '--porcelain')).not.toContain('.agent-handover');
  });

  it('in branch mode reads memory/ on the branch and names its notes there', async () => {
    const repo = repoWithExamples('branch');
    const json = JSON.parse((await cli(repo.dir, ['recall', '--json', '--kind', 'decision', 'entropy'])).out) as { hits: Array<Record<string, string>> };
    expect(json.hits[0]).toMatchObject({ kind: 'decision', session: '07d86da7-2e39-4276-a0d5-7b46a85b8750' });
    expect(json.hits[0]!.note).toMatch(/^memory\/layer1\/2026-02\/.*\.md$/);
  });

  it('looks up a session id exactly', async () => {
    const repo = repoWithExamples();
    const r = JSON.parse((await cli(repo.dir, ['recall', '--json', '07d86da7-2e39-4276-a0d5-7b46a85b8750'])).out) as { hits: Array<Record<string, string>> };
    expect(r.hits[0]).toMatchObject({ kind: 'session', session: '07d86da7-2e39-4276-a0d5-7b46a85b8750', score: 0 });
  });

  it('says when nothing matches, and rejects bad options with exit 64', async () => {
    const repo = repoWithExamples();
    const none = await cli(repo.dir, ['recall', 'zzqqxx']);
    expect(none).toMatchObject({ code: 0 });
    expect(none.out).toMatch(/Nothing in memory matches "zzqqxx"/);
    for (const args of [['recall'], ['recall', '--kind', 'nope', 'x'], ['recall', '--since', 'yesterday', 'x'], ['recall', '--limit', '0', 'x']]) {
      const r = await cli(repo.dir, args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.err.length).toBeGreaterThan(20);
    }
  });

  it('under PAUSE answers without writing the index', async () => {
    const repo = repoWithExamples();
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const r = await cli(repo.dir, ['recall', 'entropy']);
    expect(r.code).toBe(0);
    // A hit, not the "Nothing in memory matches" line (which names the words too).
    expect(r.out).toMatch(/^1\. \[[a-z]+ [^\]]+\] .*\*\*entropy\*\*/);
    expect(r.err).toMatch(/PAUSE/);
    expect(existsSync(join(repo.dir, '.agent-handover', 'index'))).toBe(false);
  });
});

describe('recallFilter', () => {
  it('takes a date or a number of days', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    expect(recallFilter({ since: '30' }, now).since).toBe('2026-03-01');
    expect(recallFilter({ since: '2026-01-02', kind: 'follow-up', limit: '5', agent: 'codex' }, now)).toEqual({ since: '2026-01-02', kind: 'followup', limit: 5, agent: 'codex' });
  });
});

describe('memoryDocs, commits and topic pages', () => {
  it('reads commits from a note and each line of a topic page', () => {
    const note = '---\nsession: "s-9"\n---\n# Session s-9\n\n## Changes\n\n**Commits:**\n\n- 1a2b3c4 Parse notes by headings\n\n## Provenance\n\n- Session: `s-9`\n';
    expect(memoryDocs('layer1/2026-04/main-2026-04-01-s-9.md', note)).toContainEqual(expect.objectContaining({ kind: 'commit', id: '1a2b3c4', commit: '1a2b3c4', text: 'Parse notes by headings', session: 's-9' }));
    const topic = '# Topic: parser\n\n## Decisions\n\n- Stream the transcript (session `s-9`, id: d-aaaaaa, 2026-04-01)\n- Never buffer whole files\n';
    const docs = memoryDocs('topics/parser.md', topic);
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ kind: 'topic', path: 'topics/parser.md', session: 's-9' });
    expect(docs[1]!.text).toBe('parser: Never buffer whole files');
  });
});
