import { readFileSync, readdirSync } from 'node:fs';
import { detectSync } from './src/redact/detect.ts';
import { findSecretlintSecrets } from './src/redact/secretlint.ts';
import { redact } from './src/redact/redact.ts';
const dir = '../shared/fixtures/transcripts/claude-code/';
let t0 = performance.now();
await findSecretlintSecrets('warm');
console.log('secretlint cold load+first lint', (performance.now() - t0).toFixed(0), 'ms');
const all = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8')).join('\n');
const mb = all.length / 1e6;
const time = async (name: string, fn: () => unknown, reps = 3) => {
  await fn();
  const t = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const ms = (performance.now() - t) / reps;
  console.log(name.padEnd(36), (ms / mb).toFixed(0).padStart(6), 'ms/MB');
};
await time('own rules (redactSync path)', () => detectSync(all));
await time('secretlint only', () => findSecretlintSecrets(all));
await time('redact (both)', () => redact(all));
const small = all.slice(0, 5000);
t0 = performance.now(); for (let i = 0; i < 100; i++) await redact(small); console.log('redact 5 KB note', ((performance.now() - t0) / 100).toFixed(1), 'ms');
const patho: Record<string, string> = {
  'a= x1M': 'a='.repeat(500000),
  'quote-sep x1M': '"token": "'.repeat(100000),
  'pem no end': '-----BEGIN RSA PRIVATE KEY-----\n' + 'QUJD'.repeat(250000),
  'many BEGIN': '-----BEGIN PRIVATE KEY-----'.repeat(40000),
  'url colon': 'https://a:'.repeat(100000),
  'url at': 'https://a:b@'.repeat(80000),
  'long token': 'aB3'.repeat(330000),
  'password lines': 'password: x\n'.repeat(80000),
  'backslashes': '\\'.repeat(1000000),
  'bearer': 'Bearer '.repeat(140000),
};
for (const [k, v] of Object.entries(patho)) {
  const t = performance.now(); detectSync(v); const a = performance.now() - t;
  const t2 = performance.now(); await findSecretlintSecrets(v); const b = performance.now() - t2;
  console.log('pathological', k.padEnd(16), (v.length / 1e6).toFixed(2), 'MB own', a.toFixed(0), 'ms secretlint', b.toFixed(0), 'ms');
}
