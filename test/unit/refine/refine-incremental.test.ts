import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/repo.js';
// @ts-expect-error plain JS helper of the bench, no types
import { factNotes } from '../../../scripts/lib/gen-facts.mjs';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { refreshIndex, type IndexedNote } from '../../../src/render/note-index.js';
import { noteOrder, refineNotes } from '../../../src/refine/refine.js';
import type { Refined } from '../../../src/refine/types.js';
import { COMMITS, fixtureNotes } from '../../refine/fixture.js';

/** What a refine run yields, without the bookkeeping of how it got there. */
const result = (r: Refined) => ({ items: r.items, topics: r.topics, before: r.before });

async function generated(count: number): Promise<IndexedNote[]> {
  const dir = tempDir();
  const dates = Array.from({ length: 28 }, (_, k) => `2026-02-${String(k + 1).padStart(2, '0')}`);
  (factNotes as (d: string, n: number, o: object) => number)(join(dir, 'memory'), count, { dates });
  const { notes } = await refreshIndex(new MemoryStore(join(dir, 'memory')), join(dir, 'index.json'), { writeIndex: false });
  return notes.sort(noteOrder);
}

describe('incremental refine', () => {
  it('resumed from the state of a run over the older notes, gives exactly the full run', async () => {
    for (const notes of [await generated(300), fixtureNotes().notes.sort(noteOrder)]) {
      const commits = notes.length > 100 ? [] : COMMITS;
      const full = refineNotes(notes, commits);
      for (const keep of [Math.floor(notes.length / 2), notes.length - 3, notes.length]) {
        const older = refineNotes(notes.slice(0, keep), commits);
        const inc = refineNotes(notes, commits, { prior: older.clusters! });
        expect(result(inc)).toEqual(result(full));
        expect(inc.clusters).toEqual(full.clusters);
        // The older notes' occurrences were not compared again.
        expect(inc.resumed).toBe(older.before);
      }
    }
  });

  it('starts over when the old notes are not a prefix any more (an edited or an older note), with the same result', async () => {
    const notes = await generated(120);
    const full = refineNotes(notes, []);
    const older = refineNotes(notes.slice(0, 100), []);
    // The first note's first item reworded: every later group of its kind could differ, so that kind is clustered again.
    const first = notes[0]!;
    const edited = [{ ...first, note: { ...first.note, items: first.note.items.map((it, i) => (i === 0 ? { ...it, text: `${it.text} again` } : it)) } }, ...notes.slice(1)];
    const inc = refineNotes(edited, [], { prior: older.clusters! });
    expect(result(inc)).toEqual(result(refineNotes(edited, [])));
    const kind = first.note.items[0]!.kind;
    expect(inc.resumed).toBe(older.before - older.clusters![kind]!.keys.length);
    // A state for another threshold is not used either.
    const other = refineNotes(notes, [], { threshold: 0.6, prior: older.clusters! });
    expect(other.resumed).toBe(0);
    expect(result(refineNotes(notes, [], { prior: older.clusters! }))).toEqual(result(full));
  });

  it('ignores a damaged state', async () => {
    const notes = await generated(60);
    const full = refineNotes(notes, []);
    const older = refineNotes(notes.slice(0, 50), []);
    const broken = Object.fromEntries(Object.entries(older.clusters!).map(([k, c]) => [k, { ...c, groups: c.groups.map((g) => g + 1000) }]));
    expect(result(refineNotes(notes, [], { prior: broken }))).toEqual(result(full));
  });
});
