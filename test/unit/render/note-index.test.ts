import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SessionFacts } from '../../../src/session/facts.js';
import { renderSessionNote } from '../../../src/render/session-note.js';
import { refreshIndex, INDEX_VERSION } from '../../../src/render/note-index.js';
import { WORK_SESSIONS, deriveState, renderCurrentState } from '../../../src/render/current-state.js';
import { renderContext } from '../../../src/render/context.js';
import { renderFrontMatter } from '../../../src/store/frontmatter.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { tempDir } from '../../helpers/repo.js';
import { writeFileAtomic } from '../../../src/io/atomic.js';

function noteFacts(i: number): SessionFacts {
  const day = new Date(Date.UTC(2024, 0, 1) + i * 8 * 3_600_000).toISOString();
  const session = `s${String(i).padStart(5, '0')}`;
  return {
    session,
    agent: 'claude-code',
    tag: 'main',
    event: 'SessionEnd',
    startedAt: day,
    updatedAt: day,
    endedAt: day,
    commits: [{ hash: `${i}`.padStart(40, 'a'), subject: `commit ${i}` }],
    uncommitted: [],
    captures: [
      { id: `f-${i}`, kind: 'followup', text: `Follow-up number ${i} about module ${i % 37}`, at: day, session },
      { id: `d-${i}`, kind: 'decision', text: `Decision ${i}: keep module ${i % 37} small`, at: day, session },
      ...(i > 0 && i % 2 === 0 ? [{ id: `x-${i}`, kind: 'done' as const, text: '', at: day, session, closes: `f-${i - 1}` }] : []),
    ],
    manualNote: `Session ${i} worked on module ${i % 37}`,
    compactSummaries: [],
    redactions: 0,
  };
}

function writeNote(store: MemoryStore, f: SessionFacts): string {
  const { body, meta } = renderSessionNote(f);
  const path = store.layer1Path(f.tag, f.startedAt.slice(0, 10), f.session);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderFrontMatter({ layer: 1, tag: f.tag, date: f.startedAt.slice(0, 10), session: f.session, tool_version: 't', ...meta }) + body);
  return path;
}

function counting() {
  const reads: string[] = [];
  return { reads, read: async (p: string) => (reads.push(p), readFile(p, 'utf8')) };
}

function setup(n: number) {
  const dir = tempDir();
  const store = new MemoryStore(join(dir, 'memory'));
  const paths = Array.from({ length: n }, (_, i) => writeNote(store, noteFacts(i)));
  return { store, paths, indexPath: join(dir, '.agent-handover', 'index.json') };
}

describe('refreshIndex', () => {
  it('with 2,000 notes, a second derive re-reads only the note that changed, and drops deleted ones', async () => {
    const { store, paths, indexPath } = setup(2000);
    const now = '2025-06-01T00:00:00.000Z';
    const c1 = counting();
    let t = performance.now();
    const first = await deriveState(store, { uncommitted: [] }, { indexPath, now, read: c1.read });
    const firstMs = performance.now() - t;
    expect(c1.reads).toHaveLength(2000);
    expect(first.totals.sessions).toBe(2000);
    expect(first.openFollowups).toHaveLength(1001); // 2,000 raised, 999 closed by the next session

    const c2 = counting();
    t = performance.now();
    const second = await deriveState(store, { uncommitted: [] }, { indexPath, now, read: c2.read });
    const cachedMs = performance.now() - t;
    expect(c2.reads).toHaveLength(0);
    expect(renderCurrentState(second)).toEqual(renderCurrentState(first));

    // Rewrite one note the way the store does (atomic rename) with a new follow-up.
    const changed = noteFacts(1234);
    changed.captures.push({ id: 'f-new', kind: 'followup', text: 'A brand new follow-up', at: changed.updatedAt, session: changed.session });
    const { body, meta } = renderSessionNote(changed);
    await writeFileAtomic(paths[1234]!, renderFrontMatter({ layer: 1, tag: 'main', date: changed.startedAt.slice(0, 10), session: changed.session, tool_version: 't', ...meta }) + body);
    rmSync(paths[8]!); // the note that raised f-8 and closed f-7
    const c3 = counting();
    t = performance.now();
    const third = await refreshIndex(store, indexPath, { read: c3.read });
    const incrementalMs = performance.now() - t;
    expect(c3.reads).toEqual([paths[1234]]);
    expect(third.stats).toMatchObject({ parsed: 1, cached: 1998, dropped: 1, rebuilt: false, written: true });
    const state = await deriveState(store, { uncommitted: [] }, { indexPath, now, read: c3.read });
    expect(state.openFollowups.map((f) => f.id)).toContain('f-new');
    expect(state.openFollowups.map((f) => f.id)).not.toContain('f-8');
    expect(state.openFollowups.map((f) => f.id)).toContain('f-7');
    expect(state.totals.sessions).toBe(1999);

    const ctx = renderContext(state, { budget: 8000 });
    expect(ctx.length).toBeLessThanOrEqual(8000);
    expect(ctx).toMatch(/more items \(.*follow-ups.*\) are in memory\/layer2\/current-state\.md and memory\/layer1\/\. Search all of it with `agent-handover recall <words>`/);
    // Reported, not asserted: timings depend on the machine.
    console.log(`2,000 notes: first derive ${firstMs.toFixed(0)} ms, cached ${cachedMs.toFixed(0)} ms, one changed + one deleted ${incrementalMs.toFixed(0)} ms`);
  });

  it('rebuilds a corrupt, foreign or outdated index silently and gets the same result', async () => {
    const { store, indexPath } = setup(20);
    const good = await refreshIndex(store, indexPath);
    expect(good.stats).toMatchObject({ parsed: 20, rebuilt: true, written: true });
    expect(JSON.parse(readFileSync(indexPath, 'utf8')).version).toBe(INDEX_VERSION);
    for (const junk of ['{not json', '[]', JSON.stringify({ version: INDEX_VERSION + 1, root: store.root, notes: {} }), JSON.stringify({ version: INDEX_VERSION, root: '/elsewhere', notes: {} })]) {
      writeFileSync(indexPath, junk);
      const again = await refreshIndex(store, indexPath);
      expect(again.stats).toMatchObject({ parsed: 20, cached: 0, rebuilt: true });
      expect(again.notes).toEqual(good.notes);
    }
    const cached = await refreshIndex(store, indexPath);
    expect(cached.stats).toMatchObject({ parsed: 0, cached: 20, written: false });
  });

  it('index.json keeps no summary blocks, yet a derive from it shows the last session\'s block in full', async () => {
    const { store, indexPath } = setup(30);
    const now = '2025-06-01T00:00:00.000Z';
    const first = await deriveState(store, { uncommitted: [] }, { indexPath, now });
    expect(first.lastSession?.summaryBlock).toContain('Session 29 worked on module 29');
    const onDisk = JSON.parse(readFileSync(indexPath, 'utf8')) as { notes: Record<string, { notes: Array<{ summaryBlock: string }> }> };
    const blocks = Object.values(onDisk.notes).flatMap((e) => e.notes.map((n) => n.summaryBlock));
    expect(blocks).toHaveLength(30);
    expect(blocks.every((b) => b === '')).toBe(true);
    // Without the derived cache the state comes from the (lean) index.
    rmSync(join(dirname(indexPath), 'derived.json'));
    const c = counting();
    const again = await deriveState(store, { uncommitted: [] }, { indexPath, now, read: c.read });
    // The index itself is reused whole; only the newest notes are read again, for their work.
    expect(c.reads.length).toBeLessThanOrEqual(WORK_SESSIONS.total);
    expect(new Set(c.reads).size).toBe(c.reads.length);
    expect(renderCurrentState(again)).toEqual(renderCurrentState(first));
  });

  it('leaves index.json alone when asked not to write', async () => {
    const { store, indexPath } = setup(3);
    const r = await refreshIndex(store, indexPath, { writeIndex: false });
    expect(r.notes).toHaveLength(3);
    expect(r.stats.written).toBe(false);
    expect(() => readFileSync(indexPath)).toThrow();
  });
});
