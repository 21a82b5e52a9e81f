import { lintSource } from '@secretlint/core';
import * as preset from '@secretlint/secretlint-rule-preset-recommend';
const rules = preset.rules.map((rule) => ({ id: rule.meta.id, rule }));
let t = performance.now();
for (let i = 1; i <= 4000; i++) {
  await lintSource({ source: { content: `some text number ${i} with a path /tmp/x`, filePath: 'm.txt', contentType: 'text' }, options: { config: { rules }, noPhysicFilePath: true } });
  if (i % 1000 === 0) { const n = performance.now(); console.log(`calls ${i - 999}-${i}: ${(n - t).toFixed(0)} ms`); t = n; }
}
