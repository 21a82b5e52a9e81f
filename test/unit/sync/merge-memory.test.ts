import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeMemory, overlayLocal, pickNewer, mergeArchiveText, kindOf, type MemoryFiles } from '../../../src/sync/merge-memory.js';
import { parseArchive, renderArchive } from '../../../src/store/archive.js';
import { renderFrontMatter, parseFrontMatter } from '../../../src/store/frontmatter.js';
import { CURRENT_STATE } from '../../../src/store/memory-store.js';
import { noteText, notePath } from '../../fixtures/memory-notes.js';

function note(session: string, at: string, text = `work ${session}`): [string, string] {
  return [notePath(session, at.slice(0, 10)), noteText(session, at, text)];
}

function archive(month: string, entries: Array<{ id: string; body: string }>): [string, string] {
  const head = renderFrontMatter({ layer: 3, tag: 'handover', date: month, tool_version: '0.1.0', notes: entries.length });
  return [`layer3/${month}-handover-archive.md`, head + renderArchive(`${month} handover archive`, entries.map((e) => ({ ...e, meta: { id: e.id } })))];
}

const hasMarkers = (t: string) => /^(<{7}|={7}|>{7})( |$)/m.test(t);

describe('mergeMemory', () => {
  it('unions layer1 by path and regenerates layer2 from the union', () => {
    const ours: MemoryFiles = new Map([note('s1', '2026-08-01T10:00:00Z'), [CURRENT_STATE, 'ours state']]);
    const theirs: MemoryFiles = new Map([note('s2', '2026-08-02T10:00:00Z'), [CURRENT_STATE, 'theirs state']]);
    const m = mergeMemory(ours, theirs);
    expect([...m.keys()].filter((k) => kindOf(k) === 'layer1').sort()).toEqual([notePath('s1', '2026-08-01'), notePath('s2', '2026-08-02')]);
    const state = m.get(CURRENT_STATE)!;
    expect(state).not.toBe('ours state');
    expect(state).toContain('s1');
    expect(state).toContain('s2');
    expect(parseFrontMatter(state)?.meta.sessions).toBe(2);
    expect(hasMarkers(state)).toBe(false);
  });

  it('keeps the newer copy of a note both sides changed, whichever side merges', () => {
    const [path, older] = note('s1', '2026-08-01T10:00:00Z', 'first');
    const [, newer] = note('s1', '2026-08-01T12:00:00Z', 'second');
    const a = mergeMemory(new Map([[path, older]]), new Map([[path, newer]]));
    const b = mergeMemory(new Map([[path, newer]]), new Map([[path, older]]));
    expect(a.get(path)).toBe(newer);
    expect(b.get(path)).toBe(newer);
    expect(pickNewer(older, newer)).toBe(newer);
  });

  it('unions archives by note id and drops notes compaction archived', () => {
    const [p1, t1] = note('s1', '2026-06-01T10:00:00Z');
    const body1 = parseFrontMatter(t1)!.body;
    const id1 = p1.replace(/^layer1\/\d{4}-\d{2}\//, '').replace(/\.md$/, '');
    const ours: MemoryFiles = new Map([archive('2026-06', [{ id: id1, body: body1 }])]);
    const theirs: MemoryFiles = new Map([[p1, t1], archive('2026-06', [{ id: 'other-note', body: 'x\n' }])]);
    const m = mergeMemory(ours, theirs);
    expect(m.has(p1)).toBe(false);
    const ids = parseArchive(m.get('layer3/2026-06-handover-archive.md')!).map((e) => e.id).sort();
    expect(ids).toEqual([id1, 'other-note'].sort());
  });

  it('keeps a note changed after it was archived (the next compaction archives the new copy)', () => {
    const [p1, t1] = note('s1', '2026-06-01T10:00:00Z', 'old');
    const [, t1b] = note('s1', '2026-06-01T11:00:00Z', 'new');
    const id1 = p1.replace(/^layer1\/\d{4}-\d{2}\//, '').replace(/\.md$/, '');
    const m = mergeMemory(new Map([archive('2026-06', [{ id: id1, body: parseFrontMatter(t1)!.body }])]), new Map([[p1, t1b]]));
    expect(m.get(p1)).toBe(t1b);
  });

  it('keeps archive bytes when one side already holds the union', () => {
    const [rel, a] = archive('2026-06', [{ id: 'a', body: 'A\n' }, { id: 'b', body: 'B\n' }]);
    const [, b] = archive('2026-06', [{ id: 'a', body: 'A\n' }]);
    expect(mergeArchiveText(rel, a, b)).toBe(a);
    expect(mergeArchiveText(rel, b, a)).toBe(a);
  });

  it('is symmetric and idempotent over random note sets (property)', () => {
    const at = fc.integer({ min: 0, max: 5 }).map((h) => `2026-08-0${1 + (h % 3)}T1${h}:00:00Z`);
    const side = fc.array(fc.tuple(fc.constantFrom('a1', 'b2', 'c3', 'd4', 'e5'), at, fc.constantFrom('x', 'yy', 'zzz')), { maxLength: 6 });
    fc.assert(
      fc.property(side, side, (xs, ys) => {
        const toFiles = (l: typeof xs): MemoryFiles => {
          const m: MemoryFiles = new Map();
          for (const [s, t, w] of l) {
            const [p, text] = note(s, t, w);
            // One copy per session: a note's path is fixed by its first date.
            const existing = [...m.keys()].find((k) => k.endsWith(`-${s}.md`));
            m.set(existing ?? p, existing ? text.replace(/date: "[^"]+"/, '') : text);
          }
          return m;
        };
        const a = toFiles(xs);
        const b = toFiles(ys);
        const ab = mergeMemory(a, b);
        const ba = mergeMemory(b, a);
        expect([...ab].sort()).toEqual([...ba].sort());
        expect([...mergeMemory(ab, ab)].sort()).toEqual([...ab].sort());
        expect([...mergeMemory(ab, b)].sort()).toEqual([...ab].sort());
        for (const t of ab.values()) expect(hasMarkers(t)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('overlayLocal', () => {
  it('never deletes or reverts what the committed tree holds when the view is behind', () => {
    const [p1, older] = note('s1', '2026-08-01T10:00:00Z', 'old');
    const [, newer] = note('s1', '2026-08-01T12:00:00Z', 'new');
    const [p2, t2] = note('s2', '2026-08-02T10:00:00Z');
    const { files, removed } = overlayLocal(new Map([[p1, newer], [p2, t2]]), new Map([[p1, older]]));
    expect(files.get(p1)).toBe(newer);
    expect(files.get(p2)).toBe(t2);
    expect(removed.size).toBe(0);
  });

  it('lets the view win a tie (a hand edit) and removes a committed note compaction archived', () => {
    const [p1, t1] = note('s1', '2026-06-01T10:00:00Z', 'text');
    const edited = t1.replace('Decided text', 'Decided text, edited by hand');
    const [p2, t2] = note('s2', '2026-06-02T10:00:00Z');
    const id2 = p2.replace(/^layer1\/\d{4}-\d{2}\//, '').replace(/\.md$/, '');
    const arch = archive('2026-06', [{ id: id2, body: parseFrontMatter(t2)!.body }]);
    const { files, removed } = overlayLocal(new Map([[p1, t1], [p2, t2]]), new Map([[p1, edited], arch]));
    expect(files.get(p1)).toBe(edited);
    expect(removed).toEqual(new Set([p2]));
  });
});
