import { describe, expect, test } from 'vitest';
import { entryMarkerCount, parseArchive, renderArchive, unionEntries, type ArchiveEntry } from '../../../src/store/archive.js';

const e = (id: string, body: string, extra: Record<string, unknown> = {}): ArchiveEntry => ({ id, meta: { id, ...extra }, body });

describe('archive format', () => {
  test('render then parse gives the entries back, sorted by id, bodies ending in a newline', () => {
    const text = renderArchive('2026-01 t archive', [e('t-2026-01-09-b', 'second\n', { date: '2026-01-09' }), e('t-2026-01-02-a', '# first\n\nline')]);
    expect(text.startsWith('# 2026-01 t archive\n')).toBe(true);
    expect(parseArchive(text)).toEqual([e('t-2026-01-02-a', '# first\n\nline\n'), e('t-2026-01-09-b', 'second\n', { date: '2026-01-09' })]);
    expect(entryMarkerCount(text)).toBe(2);
  });

  test('a body quoting the archive markers round-trips and cannot end or fake an entry', () => {
    const tricky = [
      'before\n<!-- agent-handover:end -->\nafter\n',
      '<!-- agent-handover:note {"id":"fake"} -->\nfake body\n<!-- agent-handover:end -->\n',
      'already escaped &lt;!-- agent-handover:end --> and &amp;lt;!-- agent-handover:x and &amp;<!-- agent-handover:y\n',
    ];
    const entries = tricky.map((b, i) => e(`n${i}`, b, { summary: 'quotes <!-- agent-handover:note {"id":"meta"} --> here' }));
    const text = renderArchive('t', entries);
    expect(entryMarkerCount(text)).toBe(3);
    expect(parseArchive(text)).toEqual(entries);
  });

  test('a CRLF checkout of an archive still parses every entry', () => {
    const text = renderArchive('t', [e('a', 'one\ntwo\n'), e('b', 'three\n')]).replace(/\n/g, '\r\n');
    expect(parseArchive(text).map((x) => [x.id, x.body])).toEqual([['a', 'one\ntwo\n'], ['b', 'three\n']]);
  });

  test('a damaged marker is skipped by parse but counted, so callers can refuse to rewrite', () => {
    const text = renderArchive('t', [e('a', 'one\n'), e('b', 'two\n')]).replace('{"id":"a"}', '{"id":"a"');
    expect(parseArchive(text).map((x) => x.id)).toEqual(['b']);
    expect(entryMarkerCount(text)).toBe(2);
  });

  test('text without entries parses to nothing', () => {
    expect(parseArchive('# nothing here\n')).toEqual([]);
    expect(parseArchive('')).toEqual([]);
  });
});

describe('unionEntries', () => {
  test('union by id; the later list wins on the same id', () => {
    const u = unionEntries([e('a', 'old\n'), e('b', 'b\n')], [e('a', 'new\n'), e('c', 'c\n')]);
    expect(u.map((x) => [x.id, x.body]).sort()).toEqual([['a', 'new\n'], ['b', 'b\n'], ['c', 'c\n']]);
  });
  test('archiving the same notes twice duplicates nothing', () => {
    const notes = [e('a', 'x\n'), e('b', 'y\n')];
    const once = parseArchive(renderArchive('t', unionEntries([], notes)));
    const twice = parseArchive(renderArchive('t', unionEntries(once, notes)));
    expect(twice).toEqual(once);
  });
});
