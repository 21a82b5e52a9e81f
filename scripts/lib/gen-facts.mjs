// Generated layer1 notes whose decisions, gotchas and follow-ups repeat facts in different words,
// for the refine bench: `count` notes drawing from a pool of facts, each fact in a few phrasings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const AREAS = ['src/render', 'src/hooks', 'src/store', 'src/sync', 'src/cli', 'src/config', 'src/session', 'src/git', 'scripts', 'test/unit'];
const THINGS = ['index', 'lock', 'checkpoint', 'context budget', 'merge driver', 'transcript reader', 'redaction', 'archive', 'post-commit hook', 'session note', 'config loader', 'bundle', 'cache', 'retry loop', 'payload parser'];
const GOTCHA = [
  (t, f) => [`The ${t} breaks when ${f} is edited in place`, `Editing ${f} in place breaks the ${t}`, `${f} edited in place leaves the ${t} broken`],
  (t, f) => [`The ${t} is slow on big repositories; see ${f}`, `On big repositories the ${t} is slow (${f})`, `${f}: the ${t} gets slow on big repositories`],
];
const DECISION = [
  (t, f) => [`Keep the ${t} logic in ${f}`, `The ${t} logic stays in ${f}`, `${f} keeps the ${t} logic`],
  (t, f) => [`Write the ${t} atomically from ${f}`, `${f} writes the ${t} atomically`, `Atomic writes for the ${t} (${f})`],
];
const FOLLOWUP = [
  (t, f) => [`Add a test for the ${t} in ${f}`, `Test the ${t} in ${f}`, `Add a ${f} test covering the ${t}`],
  (t, f) => [`Document the ${t} behaviour of ${f}`, `Write docs for the ${t} in ${f}`, `Document how ${f} handles the ${t}`],
];

function prng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const id = (kind, session, k) => `${kind}-${createHash('sha256').update(`${session}/${k}`).digest('hex').slice(0, 6)}`;

/** Writes `count` notes under memoryDir/layer1 (tag `tag`) over `dates`; returns how many items they hold. */
export function factNotes(memoryDir, count, { dates, tag = 'handover', perNote = 3, seed = 7, truth }) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  let items = 0;
  for (let n = 0; n < count; n++) {
    const date = dates[n % dates.length];
    const session = `fact-${String(n).padStart(6, '0')}`;
    const lines = { decision: [], gotcha: [], followup: [] };
    for (let k = 0; k < perNote; k++) {
      const kind = pick(['decision', 'gotcha', 'followup']);
      const tpls = kind === 'decision' ? DECISION : kind === 'gotcha' ? GOTCHA : FOLLOWUP;
      const t = Math.floor(rnd() * tpls.length);
      const area = pick(AREAS);
      const thing = pick(THINGS);
      const file = `${area}/${pick(['a', 'b', 'c'])}.ts`;
      const text = pick(tpls[t](thing, file));
      // `truth` (optional) gets each item's fact: same kind, template, thing and file.
      truth?.set(id(kind[0], session, k), `${kind}/${t}/${thing}/${file}`);
      const box = kind === 'followup' ? '[ ] ' : '';
      lines[kind].push(`- ${box}${text} (id: ${id(kind[0], session, k)}, ${date})`);
      items += 1;
    }
    const meta = { layer: 1, tag, date, session, tool_version: '0.0.0-bench', agent: 'claude-code', started_at: `${date}T09:00:00.000Z`, updated_at: `${date}T10:00:00.000Z`, status: 'ended', summary: `generated session ${session}` };
    const head = `---\n${Object.entries(meta).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n---\n`;
    const sections = [['Decisions', lines.decision], ['Gotchas', lines.gotcha], ['Follow-ups', lines.followup]].filter(([, l]) => l.length).map(([t, l]) => `## ${t}\n\n${l.join('\n')}`);
    const dir = join(memoryDir, 'layer1', date.slice(0, 7));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${tag}-${date}-${session}.md`), `${head}# Session ${session}\n\n${sections.join('\n\n')}\n`);
  }
  return items;
}
