import { describe, expect, it } from 'vitest';
import { clusterOccurrences, DEDUPE_THRESHOLD, similarity } from '../../../src/refine/dedupe.js';
import type { Occurrence } from '../../../src/refine/types.js';

const occ = (id: string, text: string, seq: number): Occurrence => ({ kind: 'decision', id, text, date: '2026-03-01', session: `s-${seq}`, noteRel: `layer1/2026-03/n-${seq}.md`, seq });

// The kinds of duplicate the generated bench notes showed refine missing or wrongly merging.
describe('dedupe by kind of difference', () => {
  it('a verb and its inflections are one word: the same decision worded as a command or a statement', () => {
    expect(similarity('Write the cache atomically from src/sync/b.ts', 'src/sync/b.ts writes the cache atomically')).toBeGreaterThanOrEqual(DEDUPE_THRESHOLD);
    expect(similarity('Keep the lock logic in src/store/a.ts', 'src/store/a.ts keeps the lock logic')).toBeGreaterThanOrEqual(DEDUPE_THRESHOLD);
  });

  it('the same sentence about another thing is another fact', () => {
    expect(similarity('On big repositories the bundle is slow (src/session/c.ts)', 'On big repositories the archive is slow (src/session/c.ts)')).toBe(0);
    expect(similarity('On big repositories the bundle is slow (src/session/c.ts)', 'The archive is slow on big repositories; see src/session/c.ts')).toBe(0);
    expect(similarity('Editing src/render/c.ts in place breaks the payload parser', 'Editing src/render/c.ts in place breaks the lock')).toBe(0);
    // Reworded around the same thing, it is still the same fact.
    expect(similarity('On big repositories the lock is slow (src/session/a.ts)', 'The lock is slow on big repositories; see src/session/a.ts')).toBeGreaterThanOrEqual(DEDUPE_THRESHOLD);
  });

  it('finds the group of a fact among many alike in words that differ in their file', () => {
    const occs = Array.from({ length: 40 }, (_, i) => occ(`d-a${String(i).padStart(5, '0')}`, `Atomic writes for the cache (src/mod${i}/x.ts)`, i));
    occs.push(occ('d-b00001', 'src/mod33/x.ts writes the cache atomically', 40));
    const groups = clusterOccurrences(occs);
    expect(groups).toHaveLength(40);
    expect(groups.find((g) => g.some((o) => o.id === 'd-b00001'))!.map((o) => o.id)).toEqual(['d-a00033', 'd-b00001']);
  });
});
