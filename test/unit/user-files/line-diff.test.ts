import { describe, expect, test } from 'vitest';
import { lineDiff } from '../../../src/user-files/line-diff.js';

describe('lineDiff', () => {
  test('shows additions and removals with context', () => {
    const d = lineDiff('a\nb\nc\nd\ne\nf\n', 'a\nb\nX\nd\ne\nf\n', 'f.txt', 1);
    expect(d).toBe('--- f.txt\n+++ f.txt\n b\n-c\n+X\n d\n');
  });
  test('a new file is all additions; no change is empty', () => {
    expect(lineDiff('', 'x\ny\n', 'n')).toBe('--- n\n+++ n\n+x\n+y\n');
    expect(lineDiff('same\n', 'same\n', 'n')).toBe('');
  });
  test('separates far-apart hunks', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l1\n', 'L1\n').replace('l18', 'L18');
    expect(lineDiff(before, after, 'f', 1).split('\n').filter((l) => l === '@@')).toHaveLength(1);
  });
});
