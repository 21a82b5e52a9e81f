import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findAssignments } from '../../../src/redact/assign.js';
import { findHighEntropy } from '../../../src/redact/entropy.js';
import { findPatternSecrets, PATTERN_RULES } from '../../../src/redact/rules.js';
import { redactSync } from '../../../src/redact/redact.js';
import { sanitizeDeep } from '../../../src/redact/sanitize.js';
import { buildCorpus } from '../../fixtures/secrets-corpus.js';

/**
 * Every rule is linear on any input. Each rule gets 1 MB inputs built to hurt it: its own prefix
 * repeated (`eyJeyJeyJ…` made the JWT rule scan the rest of the text from every `eyJ`; 1 MB of
 * it did not finish in five minutes on the landed code, so this file fails there by timeout),
 * and shapes that hurt the KEY=value, flag and entropy scans.
 *
 * The growth check compares the work on 256 KB with the work on 1 MB, summed over every rule
 * and input so one slow moment does not decide it: linear code grows about 4x, quadratic 16x.
 * The factor allowed (10) is generous on purpose: it only has to tell those two apart.
 */
const MB = 1 << 20;
const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const corpus = buildCorpus();
const GENERIC = [
  'a=', 'password=', 'password: ', 'token=a ', '"password": "', "password='", '\\"password\\": \\"', '--password ', '--token=', 'DB_PASSWORD=x&',
  'x_token=y ', 'password:\n', 'password is ', 'a.b=', '\\n', '\\"', ':/', '://u:p@', '-u a:', 'Bearer ', 'Authorization: token ', 'x-api-key: ',
  '-----BEGIN PRIVATE KEY-----\n', 'mysql -p', 'sshpass ', 'docker login ', 'machine a login b ', 'aws secret ', 'twilio ', 'datadog ', 'heroku ',
  '0123456789:', 'abc1Q~', 'aB3.', 'aB3', 'a-', 'a_', 'key-', 'AAAA', 'M', '[REDACTED:x]AKIA', 'password: [REDACTED:x]',
];

/** Shapes that start many rules at once, for every provider rule. */
const STARTS = ['\\n', 'aB3', ':/', '[REDACTED:x]AKIA'];

/** For a rule: its sample values from the corpus, their first characters, each repeated. */
function unitsFor(kind: string): string[] {
  const samples = corpus.filter((c) => c.kind === kind).map((c) => c.snippet);
  return [...new Set(samples.flatMap((s) => [s.slice(0, 4), s.slice(0, 16), s + s.slice(0, 2)]))];
}

type Job = { name: string; run: (text: string) => unknown; units: string[] };
const jobs: Job[] = [
  ...PATTERN_RULES.map((rule, i) => ({ name: `${rule.kind}#${i}`, run: (t: string) => findPatternSecrets(t, [rule]), units: [...unitsFor(rule.kind), ...STARTS] })),
  { name: 'assignments', run: findAssignments, units: GENERIC },
  { name: 'entropy', run: findHighEntropy, units: [...GENERIC, ...new Set(corpus.map((c) => c.snippet.slice(0, 3)))] },
];

function work(size: number): number {
  let total = 0;
  for (const job of jobs) {
    for (const unit of job.units) {
      const text = fill(unit, size);
      const t0 = performance.now();
      job.run(text);
      total += performance.now() - t0;
    }
  }
  return total;
}

describe('redaction runs in linear time', () => {
  it('every rule finishes 1 MB adversarial inputs, and the work grows linearly with the input', () => {
    expect(PATTERN_RULES.length).toBeGreaterThanOrEqual(70);
    work(16 * 1024); // warm up the regex compiler
    const small = work(MB / 4);
    const large = work(MB);
    expect(large / small).toBeLessThan(10);
  }, 120_000);

  it('a 50 MB single token neither overflows the stack nor survives', () => {
    const token = randomBytes(37_500_000).toString('base64');
    const res = redactSync(`key material: ${token} end`);
    expect(res.text).not.toContain(token.slice(5_000_000, 5_000_100));
    expect(res.text.startsWith('key material: [REDACTED:')).toBe(true);
    expect(res.text.endsWith(' end')).toBe(true);
  }, 120_000);

  it('a long base64 run that starts with "/" is one token, not a path whose short segments are kept (1 run in 64 of the test above)', () => {
    const token = `/${randomBytes(30_000).toString('base64')}`;
    const res = redactSync(`key material: ${token} end`);
    expect(res.text).toBe('key material: [REDACTED:high-entropy] end');
  });

  it('a 120 KB captured note is sanitised whole in one pass, cut to the fact limit', async () => {
    const note = `${'deploy notes '.repeat(9_000)} DB_PASSWORD=Zxcv1234Qwer`;
    const r = await sanitizeDeep({ text: note });
    expect(r.value.text.length).toBeLessThanOrEqual(64_000);
    const tail = await sanitizeDeep({ text: `${'a='.repeat(20_000)} DB_PASSWORD=Zxcv1234Qwer` });
    expect(tail.value.text).not.toContain('Zxcv1234Qwer');
  });
});
