// Ground truth: one JSON file per fixture transcript under test/eval/ground-truth/<agent>/, written by
// a person reading the transcript (never produced by this package). Shape:
//   { "fixture": "<file name without extension>", "agent": "claude-code|codex|gemini",
//     "summary": "what the session did, one line",
//     "facts": { "<kind>": [ "text" | { "text": "…", "keywords": ["…"], "why": "…" } ] } }
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KINDS } from './score.mjs';

export function loadGroundTruth(dir) {
  const out = new Map();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, f);
    let t;
    try {
      t = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`${path}: not valid JSON (${err.message}); fix the file`);
    }
    if (typeof t.fixture !== 'string' || !t.facts || typeof t.facts !== 'object') throw new Error(`${path}: needs "fixture" (the transcript's file name without extension) and "facts"`);
    for (const k of Object.keys(t.facts)) if (!KINDS.includes(k)) throw new Error(`${path}: unknown kind "${k}"; use one of ${KINDS.join(', ')}`);
    for (const [k, facts] of Object.entries(t.facts))
      for (const fact of facts) {
        const ok = typeof fact === 'string' ? fact.trim() : typeof fact?.text === 'string' && (!fact.keywords || Array.isArray(fact.keywords));
        if (!ok) throw new Error(`${path}: a "${k}" fact must be a string or {"text": "…", "keywords": [...]}`);
        if ((k === 'decisions' || k === 'last_message') && !(typeof fact === 'object' && fact.keywords?.length)) throw new Error(`${path}: "${k}" facts need hand-picked "keywords"`);
      }
    out.set(t.fixture, { ...t, path });
  }
  return out;
}
