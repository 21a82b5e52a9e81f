import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/repo.js';
import { RecallIndex, openFresh, ftsQuery } from '../../../src/recall/recall-index.js';
import { folderStamp, markChanged } from '../../../src/store/changed-notes.js';

function memory(): { memoryDir: string; stateDir: string } {
  const base = tempDir();
  const memoryDir = join(base, 'memory');
  cpSync('docs/examples/memory', memoryDir, { recursive: true });
  return { memoryDir, stateDir: join(base, '.agent-handover') };
}

const note = (session: string, decision: string, id: string) =>
  `---\nlayer: 1\nsession: "${session}"\nagent: "codex"\nbranch: "feat"\nhead: "abcdef1234567890"\n---\n# Session ${session}\n\n## Summary\n\n**Note:**\n\n> worked on the tokenizer\n\n## Decisions\n\n- ${decision} (id: ${id}, 2026-03-04)\n`;

describe('RecallIndex', () => {
  it('builds from the memory, ranks by bm25 and gives provenance', () => {
    const m = memory();
    const idx = openFresh({ ...m, write: true });
    const hits = idx.search('entropy threshold false positives');
    expect(hits[0]).toMatchObject({ kind: 'decision', agent: 'claude-code', branch: '20260206-secrets-redaction', date: '2026-02-06' });
    expect(hits[0]!.id).toMatch(/^d-/);
    expect(hits[0]!.snippet).toMatch(/\*\*entropy\*\*/i);
    expect(hits[0]!.path).toMatch(/^layer1\/2026-02\//);
    // The exact id returns that item first.
    const byId = idx.search(hits[0]!.id);
    expect(byId[0]).toMatchObject({ id: hits[0]!.id, score: 0 });
    idx.close();
    expect(existsSync(join(m.stateDir, 'index', 'recall.sqlite'))).toBe(true);
  });

  it('filters by kind, date and agent', () => {
    const m = memory();
    const idx = openFresh({ ...m, write: true });
    expect(idx.search('redaction', { kind: 'decision' }).every((h) => h.kind === 'decision')).toBe(true);
    expect(idx.search('redaction', { since: '2099-01-01' })).toEqual([]);
    expect(idx.search('redaction', { agent: 'nobody' })).toEqual([]);
    expect(idx.search('redaction', { limit: 1 })).toHaveLength(1);
    idx.close();
  });

  it('re-reads only the notes that changed, and drops removed ones', () => {
    const m = memory();
    openFresh({ ...m, write: true }).close();
    const dir = join(m.memoryDir, 'layer1', '2026-03');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'main-2026-03-04-s-new.md');
    const before = folderStamp(file);
    writeFileSync(file, note('s-new', 'Prefer trigram matching for identifiers', 'd-zz11yy'));
    markChanged(m.stateDir, m.memoryDir, file, before);
    const idx = RecallIndex.open({ ...m, write: true });
    const stats = idx.refresh();
    expect(stats).toMatchObject({ rebuilt: false, parsed: 1, dropped: 0 });
    expect(idx.search('trigram identifiers')[0]).toMatchObject({ id: 'd-zz11yy', session: 's-new', agent: 'codex', commit: 'abcdef1234567890' });
    // Nothing changed: nothing read.
    expect(idx.refresh()).toMatchObject({ parsed: 0, dropped: 0 });
    // Without a mark (a note from a pull, written like every memory write: beside, then renamed): found by the folder stamp.
    writeFileSync(`${file}.tmp`, note('s-new', 'Prefer suffix arrays for identifiers', 'd-zz11yy'));
    renameSync(`${file}.tmp`, file);
    expect(idx.refresh().parsed).toBe(1);
    expect(idx.search('trigram')).toEqual([]);
    expect(idx.search('suffix arrays')[0]!.id).toBe('d-zz11yy');
    rmSync(file);
    expect(idx.refresh().dropped).toBe(1);
    expect(idx.search('suffix arrays').some((h) => h.id === 'd-zz11yy')).toBe(false);
    idx.close();
  });

  it('rebuilds a damaged or missing index, and never writes under write: false', () => {
    const m = memory();
    openFresh({ ...m, write: true }).close();
    const path = join(m.stateDir, 'index', 'recall.sqlite');
    writeFileSync(path, 'not a database at all'.repeat(200));
    const idx = openFresh({ ...m, write: true });
    expect(idx.search('entropy').length).toBeGreaterThan(0);
    idx.close();
    expect(readFileSync(path).subarray(0, 15).toString()).toBe('SQLite format 3');

    const ro = memory();
    const r = openFresh({ ...ro, write: false });
    expect(r.search('entropy').length).toBeGreaterThan(0);
    r.close();
    expect(existsSync(ro.stateDir)).toBe(false);
  });

  it('turns any text into a safe FTS5 query', () => {
    expect(ftsQuery('why did we choose "X" OR NOT y*')).toBe('"choose" OR "x" OR "not" OR "y"');
    expect(ftsQuery('the and of')).toBeUndefined();
  });
});

describe('the recall index after a handover', () => {
  it('re-reads only the note the Stop wrote, found through its change mark', async () => {
    const { makeTempRepo } = await import('../../helpers/repo.js');
    const { cli } = await import('../../helpers/cli-io.js');
    const repo = makeTempRepo();
    for (const s of ['s-one', 's-two']) {
      await cli(repo.dir, ['note', '--kind', 'decision', `Decision of ${s} about caching`], { CLAUDE_CODE_SESSION_ID: s });
      expect((await cli(repo.dir, ['run', '--session', s, '--no-commit'])).code).toBe(0);
    }
    // Shared mode (the default): the readable memory is .agent-handover/memory, the one `run` wrote.
    const opts = { memoryDir: join(repo.dir, '.agent-handover', 'memory'), stateDir: join(repo.dir, '.agent-handover'), write: true };
    openFresh(opts).close();
    await cli(repo.dir, ['note', '--kind', 'gotcha', 'Stale lock folders block the wasm SQLite'], { CLAUDE_CODE_SESSION_ID: 's-two' });
    expect((await cli(repo.dir, ['run', '--session', 's-two', '--no-commit'])).code).toBe(0);
    expect(readFileSync(join(opts.stateDir, 'index', 'changed.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    const idx = RecallIndex.open(opts);
    expect(idx.refresh()).toMatchObject({ parsed: 1, scanned: 0, rebuilt: false });
    expect(idx.search('stale lock wasm')[0]).toMatchObject({ kind: 'gotcha', session: 's-two' });
    idx.close();
    expect(existsSync(join(opts.stateDir, 'index', 'changed.jsonl'))).toBe(false);
  });
});
