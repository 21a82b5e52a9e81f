import { describe, expect, test } from 'vitest';
import { utcDate, validateDate, validateSession, validateTag } from '../../../src/store/validate.js';
import { ValidationError } from '../../../src/errors.js';

describe('validateTag', () => {
  test.each(['handover', 'a-b', 'a_b', 'A.b', '0', 'x'.repeat(64), 'release-2026'])('accepts %j', (t) => {
    expect(validateTag(t)).toBe(t);
  });
  test.each([
    ['../x'], ['a/b'], ['a\\b'], ['..'], ['.'], ['a..b'], ['.hidden'], ['-rf'], ['--tag'], [''], ['a\nb'], ['a\u0000b'], ['tab\there'], ['a\u007fb'],
    ['x'.repeat(65)], ['has space'], ['é'], ['a:b'], ['handover-2026-03-01'], ['2026-03-01'],
  ])('refuses %j with a ValidationError', (t) => {
    expect(() => validateTag(t)).toThrow(ValidationError);
  });
  test('refuses non-strings', () => {
    for (const v of [undefined, null, 1, {}, ['a']]) expect(() => validateTag(v)).toThrow(ValidationError);
  });
});

describe('validateSession', () => {
  test('accepts uuid-like ids and refuses traversal', () => {
    expect(validateSession('3f2a9c1e-7b4d-4e2a-9f0b-1c2d3e4f5a6b')).toBe('3f2a9c1e-7b4d-4e2a-9f0b-1c2d3e4f5a6b');
    for (const s of ['../x', 'a/b', 'a\\b', '', '-x', '.', 'a\nb', 'x'.repeat(129)]) expect(() => validateSession(s)).toThrow(ValidationError);
  });
});

describe('validateDate', () => {
  test.each(['2026-03-01', '2024-02-29', '2026-12-31'])('accepts %j', (d) => expect(validateDate(d)).toBe(d));
  test.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '26-01-01', '../..', '2026-03-01/..', '2026-03-01 ', '', '2026-03-01T00:00:00Z'])(
    'refuses %j',
    (d) => expect(() => validateDate(d)).toThrow(ValidationError),
  );
});

describe('utcDate', () => {
  test('is the UTC calendar date whatever the local time zone', () => {
    const old = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      // Sanity: in Auckland this instant is already 1 April.
      expect(new Date('2026-03-31T23:30:00Z').getDate()).toBe(1);
      expect(utcDate('2026-03-31T23:30:00Z')).toBe('2026-03-31');
      expect(utcDate('2026-04-01T11:30:00+13:00')).toBe('2026-03-31');
    } finally {
      if (old === undefined) delete process.env.TZ;
      else process.env.TZ = old;
    }
  });
});
