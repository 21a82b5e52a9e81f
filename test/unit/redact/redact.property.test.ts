import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactSync } from '../../../src/redact/redact.js';
import { looksRandom } from '../../../src/redact/entropy.js';
import { scanForSecrets } from '../../../src/redact/scan.js';
import { ALNUM, B64, DIGITS, HEX, LOWER, UPPER } from '../../fixtures/secrets-corpus.js';

// Secrets are assembled from generated characters; nothing realistic is written here.
const chars = (charset: string, min: number, max = min): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...charset), minLength: min, maxLength: max })
    // Real tokens mix classes; an all-letter "token" is indistinguishable from a word.
    .filter((s) => [UPPER, LOWER, DIGITS].filter((c) => charset.includes(c[0]!)).every((c) => [...s].some((x) => c.includes(x))));

const secret = fc.oneof(
  chars(UPPER + DIGITS, 16).map((s) => ({ kind: 'aws-access-key', value: 'AKIA' + s })),
  chars(ALNUM, 36).map((s) => ({ kind: 'github-token', value: 'ghp_' + s })),
  chars(ALNUM, 20, 40).map((s) => ({ kind: 'gitlab-token', value: 'glpat-' + s })),
  chars(ALNUM, 24, 40).map((s) => ({ kind: 'stripe-key', value: 'sk_live_' + s })),
  chars(ALNUM, 36).map((s) => ({ kind: 'npm-token', value: 'npm_' + s })),
  chars(ALNUM, 35).map((s) => ({ kind: 'google-api-key', value: 'AIza' + s })),
  chars(ALNUM, 95, 100).map((s) => ({ kind: 'anthropic-api-key', value: 'sk-ant-api03-' + s })),
  // fast-check favours repetitive strings such as 'AAAA…5b'; those are not random, so keep the ones that are.
  chars(ALNUM, 24, 64).filter(looksRandom).map((s) => ({ kind: 'high-entropy', value: s })),
  fc.tuple(chars(ALNUM, 20), chars(ALNUM, 30), chars(ALNUM, 30)).map(([a, b, c]) => ({ kind: 'jwt', value: `eyJ${a}.eyJ${b}.${c}` })),
);

// How a secret is written around: the value must vanish whatever the surroundings.
const setting = fc.constantFrom((v: string) => v, (v: string) => `TOKEN=${v}`, (v: string) => `"api_key": "${v}"`, (v: string) => `Authorization: Bearer ${v}`, (v: string) => `--token ${v}`);
const prose = fc.array(fc.constantFrom('the', 'deploy', 'failed', 'because', 'src/app/main.ts', 'fixed', 'in', 'commit', '42', 'handleUpdate', 'snake_case_name', ',', '.', '(', ')', '\n', '`', '"', ':'), { maxLength: 12 }).map((w) => w.join(' '));
const gap = fc.constantFrom(' ', '\n', ' "', '"', '`', '(', ': ', '\\n', '=', "'");

const planted = fc.record({ before: prose, gap1: gap, secret, setting, gap2: gap, after: prose });
type Planted = { before: string; gap1: string; secret: { kind: string; value: string }; setting: (v: string) => string; gap2: string; after: string };
const render = (p: Planted): string => `${p.before}${p.gap1}${p.setting(p.secret.value)}${p.gap2}${p.after}`;

// Things that are not secrets and must come through byte for byte.
const word = fc.constantFrom('handle', 'user', 'profile', 'update', 'session', 'note', 'render', 'commit', 'layer', 'state', 'token', 'count', 'max', 'author');
const camel = fc.array(word, { minLength: 2, maxLength: 5 }).map((ws) => ws[0] + ws.slice(1).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''));
const snake = fc.array(word, { minLength: 2, maxLength: 5 }).map((ws) => ws.join('_'));
const filePath = fc.array(fc.oneof(word, camel), { minLength: 2, maxLength: 6 }).map((ws) => '/' + ws.join('/') + '.ts');
const benign = fc.oneof(
  chars(HEX, 40), chars(HEX, 64), chars(HEX, 7, 12), fc.uuid(), camel, snake, filePath,
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  chars(B64, 86).map((s) => `sha512-${s}==`),
);
const benignText = fc.array(fc.tuple(benign, fc.constantFrom(' ', '\n', ', ', ' -> ')), { maxLength: 10 }).map((xs) => xs.flat().join(''));

describe('redaction properties', () => {
  it('never throws, and redacting twice equals redacting once', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), benignText, planted.map(render)), (text) => {
      const once = redactSync(text);
      const twice = redactSync(once.text);
      expect(twice.text).toBe(once.text);
      expect(twice.count).toBe(0);
    }), { numRuns: Number(process.env.FC_RUNS ?? 400) });
  });

  it('a planted secret never survives, whatever surrounds it', () => {
    fc.assert(fc.property(planted, (p) => {
      const res = redactSync(render(p));
      expect(res.text).not.toContain(p.secret.value);
      expect(res.count).toBeGreaterThanOrEqual(1);
    }), { numRuns: Number(process.env.FC_RUNS ?? 500) });
  });

  it('async redact agrees, and the publish-time scan finds nothing in its output', async () => {
    await fc.assert(fc.asyncProperty(planted, async (p) => {
      const res = await redact(render(p));
      expect(res.text).not.toContain(p.secret.value);
      expect(await scanForSecrets(res.text)).toEqual([]);
    }), { numRuns: 150 });
  });

  it('hashes, UUIDs, identifiers, paths, plain URLs and integrity values pass through untouched', () => {
    fc.assert(fc.property(benignText, (text) => {
      expect(redactSync(text)).toEqual({ text, count: 0, kinds: {} });
    }), { numRuns: Number(process.env.FC_RUNS ?? 500) });
  });

  it('count and kinds match the placeholders written', () => {
    fc.assert(fc.property(fc.array(planted, { minLength: 1, maxLength: 4 }), (ps) => {
      const res = redactSync(ps.map(render).join('\n\n'));
      const written = res.text.match(/\[REDACTED:[a-z0-9-]+\]/g) ?? [];
      expect(res.count).toBe(written.length);
      expect(Object.values(res.kinds).reduce((a, b) => a + b, 0)).toBe(res.count);
    }), { numRuns: Number(process.env.FC_RUNS ?? 200) });
  });
});
