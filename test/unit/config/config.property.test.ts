import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { InvalidConfigError } from '../../../src/config/issues.js';
import { parseConfig } from '../../../src/config/parse.js';
import { initTemplate } from '../../../src/config/init-template.js';
import { CONFIG_SCHEMA } from '../../../src/config/schema.js';

const FILE = 'cfg/.agent-handover.yml';

/** The property: a valid Config, or a ConfigError whose every issue has a position inside the text. */
function check(text: string): void {
  let result: unknown;
  try {
    result = parseConfig(text, FILE);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw new Error(`not a ConfigError for ${JSON.stringify(text)}: ${String(err)}`);
    expect(err).toBeInstanceOf(InvalidConfigError);
    const e = err as InvalidConfigError;
    expect(e.issues.length).toBeGreaterThan(0);
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const i of e.issues) {
      expect(i.line).toBeGreaterThanOrEqual(1);
      expect(i.line).toBeLessThanOrEqual(lines + 1);
      expect(i.col).toBeGreaterThanOrEqual(1);
      expect(i.key.length).toBeGreaterThan(0);
      expect(e.message).toContain(`${FILE}:${i.line}:${i.col}: ${i.key}: `);
    }
    return;
  }
  const c = result as ReturnType<typeof parseConfig>;
  expect(c.source).toBe(FILE);
  expect(typeof c.git.commit).toBe('boolean');
  expect(Array.isArray(c.steps)).toBe(true);
  expect(Number.isInteger(c.context.budget) && c.context.budget >= 500 && c.context.budget <= 10000).toBe(true);
  for (const s of c.steps) {
    expect(['builtin', 'custom']).toContain(s.kind);
    if (s.kind === 'custom') expect(Number.isInteger(s.timeout) && s.timeout >= 1).toBe(true);
  }
}

const topKeys = Object.keys(CONFIG_SCHEMA.properties);
const nestedKeys = ['commit', 'push', 'remote', 'mode', 'ref', 'budget', 'extra_patterns', 'allow', 'stop', 'auto', 'retries', 'name', 'run', 'timeout', 'env', 'cwd', 'when', 'pattern'];
const scalar = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -5, max: 20000 }),
  fc.double(),
  fc.constantFrom('collect', 'publish', 'sync', 'shared', 'branch', 'stop', '../x', '/abs', 'ok', '', '(', 'a*', 'refs/heads/x', '-x', 'docs'),
  fc.string({ maxLength: 12 }),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom(...topKeys, ...nestedKeys), fc.string({ maxLength: 8 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
}));
const configLike = fc.dictionary(fc.oneof(fc.constantFrom(...topKeys), key), value, { maxKeys: 6 });

describe('parseConfig never crashes', () => {
  it('on config-shaped documents with random values', () => {
    fc.assert(
      fc.property(configLike, (obj) => check(stringify(obj))),
      { numRuns: 400 },
    );
  });

  it('on random text made of YAML punctuation', () => {
    const ch = fc.constantFrom('a', 'b', ':', ' ', '  ', '\n', '-', '[', ']', '{', '}', ',', '"', "'", '&a', '*a', '!!', '#', '|', '>', '?', '\t', 'steps', 'git', 'tag', '0', '%', '@', '`', '\r\n', '\u00e9', '\u0000');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 60 }), (parts) => check(parts.join(''))),
      { numRuns: 500 },
    );
  });

  it('on arbitrary unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 300 });
  });

  it('on the default template with one line deleted, duplicated or edited', () => {
    const lines = initTemplate().split('\n');
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.constantFrom('delete', 'dup', 'indent', 'junk'), fc.string({ maxLength: 6 }), (i, op, junk) => {
        const copy = [...lines];
        if (op === 'delete') copy.splice(i, 1);
        else if (op === 'dup') copy.splice(i, 0, copy[i]!);
        else if (op === 'indent') copy[i] = ` ${copy[i]}`;
        else copy[i] = `${copy[i]}${junk}`;
        check(copy.join('\n'));
      }),
      { numRuns: 400 },
    );
  });
});
