import { describe, expect, it } from 'vitest';
import { sanitizeDeep as redactDeep } from '../../../src/redact/sanitize.js';
import { buildCorpus } from '../../fixtures/secrets-corpus.js';

describe('sanitizeDeep', () => {
  const corpus = buildCorpus();

  it('redacts every string of a nested value in one pass and keeps ids and the shape', async () => {
    const value = {
      requests: corpus.map((c) => `use ${c.snippet} please`),
      commands: corpus.map((c, i) => ({ id: `toolu_${i}`, command: `export X=1; ${c.snippet}`, failed: false })),
      short: 'tiny',
      n: 3,
    };
    const r = await redactDeep(value);
    const text = JSON.stringify(r.value);
    for (const c of corpus) for (const s of c.secrets) expect(text).not.toContain(s);
    expect(r.value.commands.map((c) => c.id)).toEqual(corpus.map((_c, i) => `toolu_${i}`));
    expect(r.value.short).toBe('tiny');
    expect(r.value.requests).toHaveLength(corpus.length);
    expect(r.count).toBeGreaterThanOrEqual(corpus.length * 2);
  });

  it('a PEM block cut short in one string does not swallow the strings after it', async () => {
    const pem = corpus.find((c) => c.kind === 'private-key')!;
    const cut = pem.snippet.slice(0, Math.floor(pem.snippet.length / 2));
    const r = await redactDeep({ a: cut, b: 'an ordinary sentence that must stay', c: 'another ordinary sentence here' });
    expect(r.value.b).toBe('an ordinary sentence that must stay');
    expect(r.value.c).toBe('another ordinary sentence here');
    expect(r.value.a).not.toBe(cut);
  });
});
