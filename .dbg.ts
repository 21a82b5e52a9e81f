import { readFileSync, readdirSync } from 'node:fs';
import { detect, detectSync } from './src/redact/detect.ts';
const dir = '../shared/fixtures/transcripts/claude-code/';
const byKind: Record<string, number> = {};
const samples: Record<string, string[]> = {};
for (const f of readdirSync(dir)) {
  const text = readFileSync(dir + f, 'utf8');
  let t0 = performance.now();
  const s = detectSync(text);
  const tSync = performance.now() - t0;
  t0 = performance.now();
  const a = await detect(text);
  const tAsync = performance.now() - t0;
  console.log(f, (text.length / 1e6).toFixed(2), 'MB sync', tSync.toFixed(0), 'ms async', tAsync.toFixed(0), 'ms', s.length, a.length);
  for (const r of a) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    (samples[r.kind] ??= []).push(f.slice(0, 8) + ' …' + text.slice(Math.max(0, r.start - 40), r.start).replace(/\n/g, '⏎') + '«' + text.slice(r.start, Math.min(r.end, r.start + 60)) + '»' + text.slice(r.end, r.end + 20).replace(/\n/g, '⏎'));
  }
}
console.log(byKind);
for (const [k, v] of Object.entries(samples)) { console.log('==', k, v.length); for (const x of v.slice(0, 25)) console.log('  ', x); }
