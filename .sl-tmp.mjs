import { lintSource } from '@secretlint/core';
import * as preset from '@secretlint/secretlint-rule-preset-recommend';
const rules = preset.rules.map((rule) => ({ id: rule.meta.id, rule }));
for (const n of [1000, 2000, 4000, 8000]) {
  const t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => lintSource({ source: { content: `some text number ${i} with a path /tmp/x`, filePath: 'm.txt', contentType: 'text' }, options: { config: { rules }, noPhysicFilePath: true } })));
  console.log(`${n} concurrent calls: ${(performance.now() - t).toFixed(0)} ms`);
}
