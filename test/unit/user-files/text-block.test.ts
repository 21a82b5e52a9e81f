import { describe, expect, test } from 'vitest';
import { findTextBlock, withoutTextBlock, withTextBlock } from '../../../src/user-files/text-block.js';

const M = { start: '<!-- s -->', end: '<!-- e -->' };
const G = { start: '# ours', body: ['a', 'b'] };

describe('text blocks', () => {
  test('delimited block: append, replace, remove', () => {
    const block = '<!-- s -->\nhello\n<!-- e -->\n';
    const once = withTextBlock('top\n', block, M, '\n');
    expect(once).toBe('top\n\n<!-- s -->\nhello\n<!-- e -->\n');
    expect(withTextBlock(once, block.replace('hello', 'bye'), M, '\n')).toBe('top\n\n<!-- s -->\nbye\n<!-- e -->\n');
    expect(withoutTextBlock(once, M, '\n')).toBe('top\n');
  });
  test('an unterminated block is not ours to touch', () => {
    expect(findTextBlock('<!-- s -->\nno end\n', M)).toBeUndefined();
  });
  test('body-delimited block stops at the first line that is not ours', () => {
    const text = 'x\n# ours\na\nb\nuser\n';
    expect(withoutTextBlock(text, G)).toBe('x\nuser\n');
    expect(withoutTextBlock('x\r\n# ours\r\na\r\n', G)).toBe('x\r\n');
  });
});
