import { it } from 'vitest';
import { redact, redactSync } from '../../src/redact/redact.js';
import { buildCorpus, plant } from '../fixtures/secrets-corpus.js';
it('smoke', async () => {
  for (const e of buildCorpus()) for (const p of plant(e)) {
    for (const [mode, fn] of [['async', redact], ['sync', redactSync]] as const) {
      const res = await fn(p.text);
      const leaked = e.secrets.filter((s) => res.text.includes(s));
      const ok = res.count === 1 && res.kinds[e.kind] === 1 && leaked.length === 0 && (e.keep ?? []).every((k) => res.text.includes(k) || p.context !== 'prose');
      if (!ok) console.log(mode, e.label, p.context, JSON.stringify(res.kinds), leaked.length, '\n   ', res.text.slice(0, 400));
    }
  }
});
