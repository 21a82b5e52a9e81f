import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { editJsonText, loadJsonc, parseJsonc } from '../../../src/install/json-edit.js';
import { mergeOurHooks, pruneLike, removeOurHooks } from '../../../src/install/settings-merge.js';
import { claudeHookCommand, isOurCommand, ourClaudeHooks } from '../../../src/install/hook-command.js';

const wanted = ourClaudeHooks((s) => claudeHookCommand(s, 'dev', ''));
const jsonc = await loadJsonc();

/** A value laid out one of several ways users (and editors) write JSON. */
function layout(value: unknown, style: { indent: string; eol: string; compact: boolean; spaced: boolean }): string {
  if (style.compact) {
    const t = JSON.stringify(value);
    return style.spaced ? t.replace(/,"/g, ', "').replace(/":/g, '": ') : t;
  }
  return JSON.stringify(value, null, style.indent).split('\n').join(style.eol) + style.eol;
}

const userHook = fc.record({ type: fc.constant('command'), command: fc.constantFrom('say done', 'npm run lint', 'echo "$X"'), timeout: fc.integer({ min: 1, max: 60 }) });
const settingsArb = fc.record(
  {
    env: fc.dictionary(fc.constantFrom('A', 'B', 'PATH_X'), fc.string({ maxLength: 8 })),
    permissions: fc.record({ allow: fc.array(fc.constantFrom('Bash(npm test)', 'Read', 'Edit'), { maxLength: 3 }) }),
    hooks: fc.dictionary(fc.constantFrom('Stop', 'SessionStart', 'PreToolUse', 'Notification'), fc.array(fc.record({ matcher: fc.constantFrom('', 'Bash'), hooks: fc.array(userHook, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 })),
    model: fc.constantFrom('opus', 'sonnet'),
  },
  { requiredKeys: [] },
);
const styleArb = fc.record({ indent: fc.constantFrom('  ', '    ', '\t'), eol: fc.constantFrom('\n', '\r\n'), compact: fc.boolean(), spaced: fc.boolean() });

describe('editJsonText', () => {
  test('install then uninstall of our hooks: the value is the merge, and the bytes come back exactly', () => {
    fc.assert(
      fc.property(settingsArb, styleArb, (settings, style) => {
        const text = layout(settings, style);
        const before = parseJsonc(jsonc, text);
        const merged = mergeOurHooks(before, wanted, isOurCommand);
        const installed = editJsonText(jsonc, text, before, merged);
        expect(parseJsonc(jsonc, installed)).toEqual(merged);
        // As uninstall does with the backup: the user's own empty lists stay.
        const pruned = pruneLike(removeOurHooks(merged, isOurCommand, 'groups'), before);
        const back = editJsonText(jsonc, installed, merged, pruned);
        expect(parseJsonc(jsonc, back)).toEqual(pruned);
        expect(pruned).toEqual(before);
        expect(back).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('a change inside a commented file leaves every comment in place', () => {
    const text = '{\n  // one\n  "a": 1, /* two */\n  "b": [1, 2], // three\n}\n';
    const out = editJsonText(jsonc, text, parseJsonc(jsonc, text), { a: 1, b: [1, 2, 3], c: { d: true } });
    for (const c of ['// one', '/* two */', '// three']) expect(out).toContain(c);
    expect(parseJsonc(jsonc, out)).toEqual({ a: 1, b: [1, 2, 3], c: { d: true } });
  });

  test('a syntax error names the line and column', () => {
    expect(() => parseJsonc(jsonc, '{\n  "a": 1\n  "b": 2\n}')).toThrow(/line 3, column 3/);
  });
});
