import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { isAbsolute, join, relative, resolve, basename } from 'node:path';
import { MemoryStore, parseLayer1Name } from '../../../src/store/memory-store.js';
import { validateDate, validateSession, validateTag } from '../../../src/store/validate.js';
import { parseArchive, renderArchive, unionEntries, type ArchiveEntry } from '../../../src/store/archive.js';
import { parseFrontMatter, renderFrontMatter } from '../../../src/store/frontmatter.js';

const root = resolve('/tmp/ah-prop/memory');
const store = new MemoryStore(root);

// Strings biased towards what breaks paths: dots, separators, dashes, control characters, dates.
const nasty = fc.oneof(
  fc.string({ unit: fc.constantFrom('.', '/', '\\', '-', '_', 'a', 'Z', '0', '9', ':', '\u0000', '\n', ' ', '~', '%', '2026-01-01') , maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ maxLength: 70 }),
);
const dateLike = fc.oneof(
  fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  nasty,
);

function accepts(fn: (v: string) => string, v: string): boolean {
  try {
    fn(v);
    return true;
  } catch {
    return false;
  }
}

const inside = (p: string) => {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

describe('validation keeps every path inside the memory root', () => {
  test('a layer1 path built from accepted values stays inside and parses back to the same values', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nasty, dateLike, nasty, (tag, date, session) => {
        const ok = accepts(validateTag, tag) && accepts(validateDate, date) && accepts(validateSession, session);
        if (!ok) {
          expect(() => store.layer1Path(tag, date, session)).toThrow();
          return;
        }
        accepted++;
        const p = store.layer1Path(tag, date, session);
        expect(inside(p)).toBe(true);
        expect(relative(root, p).split(/[\\/]/)).toHaveLength(3);
        expect(parseLayer1Name(basename(p))).toEqual({ tag, date, session });
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  test('accepted tags and sessions have no separators, traversal, control characters or leading dash', () => {
    fc.assert(
      fc.property(nasty, (v) => {
        for (const fn of [validateTag, validateSession]) {
          if (!accepts(fn, v)) continue;
          // eslint-disable-next-line no-control-regex
          expect(v).not.toMatch(/[/\\]|\.\.|^-|^\.|[\u0000-\u001f\u007f]/);
          expect(resolve(root, v)).toBe(join(root, v));
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('an archive path from accepted values stays inside layer3', () => {
    fc.assert(
      fc.property(dateLike, nasty, (date, tag) => {
        const month = date.slice(0, 7);
        let p: string;
        try {
          p = store.archivePath(month, tag);
        } catch {
          return;
        }
        expect(relative(join(root, 'layer3'), p)).toBe(`${month}-${tag}-archive.md`);
      }),
      { numRuns: 2000 },
    );
  });

  test('distinct (tag, session) pairs never share a layer1 file name', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/);
    fc.assert(
      fc.property(name, name, name, name, (t1, s1, t2, s2) => {
        fc.pre(t1 !== t2 || s1 !== s2);
        expect(store.layer1Path(t1, '2026-03-01', s1)).not.toBe(store.layer1Path(t2, '2026-03-01', s2));
      }),
      { numRuns: 2000 },
    );
  });
});

// Bodies biased to contain our own markers and their escaped forms.
const bodyPart = fc.constantFrom('<!-- agent-handover:end -->', '<!-- agent-handover:note {"id":"x"} -->', '&lt;', '&amp;', '&', '<', '!-- agent-handover:', '\n', '\r\n', ' -->\n', '---\n', 'text', '# h', '');
const body = fc.oneof(fc.array(bodyPart, { maxLength: 12 }).map((a) => a.join('')), fc.string({ maxLength: 200 }));
const entry: fc.Arbitrary<ArchiveEntry> = fc
  .record({ id: fc.stringMatching(/^[a-z0-9-]{1,12}$/), body, extra: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.oneof(fc.string(), fc.integer(), fc.boolean())) })
  .map(({ id, body: b, extra }) => ({ id, body: b, meta: { ...extra, id } }));
const entries = fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 8 });
// render normalises: bodies end in a newline; parse normalises CRLF to LF.
const normal = (es: ArchiveEntry[]) =>
  [...es].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => {
    const b = e.body.endsWith('\n') ? e.body : e.body + '\n';
    return { ...e, body: b.includes('\r\n') ? b.replace(/\r\n/g, '\n') : b };
  });

describe('archive', () => {
  test('parse(render(x)) round-trips, whatever the bodies contain', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const lf = es.map((e) => ({ ...e, body: e.body.replace(/\r/g, '') }));
        expect(parseArchive(renderArchive('t', lf))).toEqual(normal(lf));
      }),
      { numRuns: 2000 },
    );
  });

  test('an archive inside a memory file (front matter + archive) parses the same', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const lf = es.map((e) => ({ ...e, body: e.body.replace(/\r/g, '') }));
        const text = renderFrontMatter({ layer: 3, notes: lf.length }) + renderArchive('t', lf);
        expect(parseArchive(text)).toEqual(normal(lf));
        expect(parseFrontMatter(text)?.meta.notes).toBe(lf.length);
      }),
      { numRuns: 500 },
    );
  });

  test('union is idempotent and commutative on ids', () => {
    const ids = (es: ArchiveEntry[]) => es.map((e) => e.id).sort();
    fc.assert(
      fc.property(entries, entries, (a, b) => {
        expect(ids(unionEntries(a, a))).toEqual(ids(a));
        expect(ids(unionEntries(a, b))).toEqual(ids(unionEntries(b, a)));
        expect(ids(unionEntries(unionEntries(a, b), b))).toEqual(ids(unionEntries(a, b)));
        expect(new Set(ids(unionEntries(a, b))).size).toBe(ids(unionEntries(a, b)).length);
        const rendered = renderArchive('t', unionEntries(a, b));
        expect(ids(parseArchive(renderArchive('t', unionEntries(parseArchive(rendered), b))))).toEqual(ids(parseArchive(rendered)));
      }),
      { numRuns: 1000 },
    );
  });
});
