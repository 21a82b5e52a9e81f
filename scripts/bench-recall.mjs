#!/usr/bin/env node
// Recall at 10,000 notes: the first index build, its size on disk, a cold `agent-handover recall`
// against `node -e 0` (paired runs), recall inside a running `agent-handover mcp` (round trips
// through the SDK's own client), and the index update after a real Stop hook. Notes are a real
// note the package wrote, each given its own decisions, gotchas and summary from words of the
// fixture transcripts, so the index has a realistic vocabulary. `--json` prints one line for
// bench.mjs; `--quick` runs fewer rounds.
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, requireBuild, tempBase, useDistSnapshot } from './lib/env.mjs';
import * as env from './lib/env.mjs';
import { appendTranscript, fixtureFile, fixtureLinesAll, realNoteTemplate, recentDates } from './lib/gen.mjs';
import { measure, median, quantile } from './lib/measure.mjs';
import { hookArgv, makeRepo } from './lib/repo.mjs';
import { mulberry32 as prng } from './lib/prng.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const NOTES = Number(process.env.BENCH_RECALL_NOTES ?? 10_000);
const COLD_RUNS = quick ? 5 : 15;
const SERVER_CALLS = quick ? 50 : 200;
const STOPS = quick ? 5 : 10;
const log = (s) => process.stderr.write(`${s}\n`);

requireBuild();
const base = tempBase('ah-bench-recall-');
useDistSnapshot(base);
const scratch = join(base, 'scratch');
mkdirSync(scratch);

/** Words of the fixture transcripts, Zipf-like picks: a vocabulary shaped like real notes. */
function wordSource(seed) {
  const text = fixtureLinesAll().join(' ').toLowerCase();
  const vocab = [...new Set(text.match(/[a-z][a-z]{3,14}/g))].slice(0, 20_000);
  const rnd = prng(seed).next;
  const word = () => vocab[Math.floor(vocab.length * Math.pow(rnd(), 2.2))];
  return { word, sentence: (n) => Array.from({ length: n }, word).join(' '), rnd };
}

function writeNotes(memoryDir, tpl, count) {
  const { sentence, rnd } = wordSource(7);
  // A year of notes, in twelve month folders (compaction is off in this repository, see below).
  const dates = recentDates(365);
  const id = (p) => `${p}-${Math.floor(rnd() * 36 ** 6).toString(36).padStart(6, '0')}`;
  for (let n = 0; n < count; n++) {
    const date = dates[n % dates.length];
    const session = `gen-${String(n).padStart(6, '0')}`;
    const dir = join(memoryDir, 'layer1', date.slice(0, 7));
    mkdirSync(dir, { recursive: true });
    let text = tpl.text.replaceAll('tpl-session-0001', session).replaceAll(tpl.date, date);
    text = text.replace(/^summary: .*$/m, `summary: ${JSON.stringify(sentence(20))}`);
    const items = [
      '## Decisions', '', `- ${sentence(14)} because ${sentence(8)} (id: ${id('d')}, ${date})`, `- ${sentence(12)} (id: ${id('d')}, ${date})`, '',
      '## Gotchas', '', `- ${sentence(16)} (id: ${id('g')}, ${date})`, '',
      '## Follow-ups', '', `- [ ] ${sentence(10)} (id: ${id('f')}, ${date})`, '', '',
    ].join('\n');
    text = text.replace('## Changes', `${items}## Changes`);
    writeFileSync(join(dir, `${tpl.tag}-${date}-${session}.md`), text);
  }
}

const { word } = wordSource(99);
const query = () => `${word()} ${word()} ${word()}`;

try {
  const tpl = realNoteTemplate(join(base, 'tpl'));
  const repo = makeRepo(base, 'recall10k');
  // The Stops below measure the index, not compaction or committing 10,000 generated notes; branch
  // mode keeps the memory in memory/, where the notes are written (shared mode reads .agent-handover/memory/).
  repo.write('.agent-handover.yml', 'git:\n  mode: branch\n  commit: false\ncompaction:\n  older_than_days: 3650\n');
  const t0 = Date.now();
  writeNotes(join(repo.dir, 'memory'), tpl, NOTES);
  log(`· ${NOTES} notes written in ${Date.now() - t0} ms`);

  // First recall: builds the index from nothing.
  const first = measure([process.execPath, CLI, 'recall', 'warm up'], { cwd: repo.dir, env: repo.env, scratch });
  if (first.status !== 0) throw new Error(`first recall exited ${first.status}: ${first.stderr}`);
  const indexDir = join(repo.dir, '.agent-handover', 'index');
  const sizeBytes = readdirSync(indexDir).filter((f) => f.startsWith('recall.sqlite')).reduce((a, f) => a + statSync(join(indexDir, f)).size, 0);
  const memoryBytes = readdirSync(join(repo.dir, 'memory', 'layer1'), { recursive: true }).map(String).filter((f) => f.endsWith('.md')).reduce((a, f) => a + statSync(join(repo.dir, 'memory', 'layer1', f)).size, 0);
  log(`· first recall (index build) ${first.ms.toFixed(0)} ms; index ${(sizeBytes / 2 ** 20).toFixed(1)} MB for ${(memoryBytes / 2 ** 20).toFixed(1)} MB of notes`);

  // Cold CLI recall, each run paired with a node -e 0 just before it.
  const cold = [];
  const baseMs = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    baseMs.push(measure([process.execPath, '-e', '0'], { cwd: base, env: process.env, scratch }).ms);
    const r = measure([process.execPath, CLI, 'recall', query()], { cwd: repo.dir, env: repo.env, scratch });
    if (r.status !== 0) throw new Error(`recall exited ${r.status}: ${r.stderr}`);
    cold.push(r.ms);
  }
  log(`· cold recall median ${median(cold).toFixed(0)} ms vs node -e 0 ${median(baseMs).toFixed(0)} ms`);

  // The running server, through the SDK's own client.
  const { Client } = await import(pathToFileURL(join(ROOT, 'node_modules/@modelcontextprotocol/client/dist/index.mjs')).href);
  const { StdioClientTransport } = await import(pathToFileURL(join(ROOT, 'node_modules/@modelcontextprotocol/client/dist/stdio.mjs')).href);
  const s0 = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: repo.dir, env: repo.env, stderr: 'pipe' });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  const startMs = performance.now() - s0;
  const f0 = performance.now();
  await client.callTool({ name: 'recall', arguments: { query: query() } });
  const firstCallMs = performance.now() - f0;
  const calls = [];
  for (let i = 0; i < SERVER_CALLS; i++) {
    const a = performance.now();
    const r = await client.callTool({ name: 'recall', arguments: { query: query() } });
    calls.push(performance.now() - a);
    if (r.isError) throw new Error(`recall tool failed: ${JSON.stringify(r.content)}`);
  }
  log(`· server: start ${startMs.toFixed(0)} ms, first call ${firstCallMs.toFixed(0)} ms, recall p50 ${median(calls).toFixed(1)} ms`);

  // Index update after a real Stop: the Stop hook writes a note and its change mark; the warm
  // index (as the server holds it) then catches up. Timed in-process: refresh() alone.
  const { openFresh } = await import(pathToFileURL(join(env.DIST, 'index.js')).href);
  const idx = openFresh({ memoryDir: join(repo.dir, 'memory'), stateDir: join(repo.dir, '.agent-handover'), write: true });
  const transcript = join(base, 'stop.jsonl');
  writeFileSync(transcript, readFileSync(fixtureFile('v2.0.26-plan-mode-askuserquestion.jsonl')));
  const cursor = { i: 0 };
  const updates = [];
  const stops = [];
  let lastStats;
  for (let i = 0; i < STOPS; i++) {
    appendTranscript(transcript, 50 * 1024, cursor);
    const payload = JSON.stringify({ session_id: 'bench-stop', transcript_path: transcript, cwd: repo.dir, hook_event_name: 'Stop', stop_hook_active: false });
    const st = measure(hookArgv('stop'), { cwd: repo.dir, env: repo.env, input: payload, scratch });
    if (st.status !== 0) throw new Error(`stop exited ${st.status}: ${st.stderr}`);
    stops.push(st.ms);
    const a = performance.now();
    lastStats = idx.refresh();
    updates.push(performance.now() - a);
  }
  const hit = idx.search('plus button search bar', { limit: 1 })[0];
  idx.close();
  // The server sees the same notes: a query for the Stop's session finds it.
  const seen = await client.callTool({ name: 'recall', arguments: { query: 'bench-stop' } });
  await client.close();
  log(`· update after Stop p50 ${median(updates).toFixed(1)} ms (last: ${JSON.stringify(lastStats)}); newest note found: ${hit?.session}`);

  const result = {
    node: process.version,
    backend: process.versions.node.split('.').map(Number)[0] > 22 || (process.versions.node.startsWith('22.') && Number(process.versions.node.split('.')[1]) >= 13) ? 'node:sqlite' : 'node-sqlite3-wasm',
    notes: NOTES,
    buildMs: first.ms,
    indexMB: sizeBytes / 2 ** 20,
    notesMB: memoryBytes / 2 ** 20,
    coldMs: median(cold),
    coldP90: quantile(cold, 0.9),
    baselineMs: median(baseMs),
    coldRatio: median(cold.map((c, i) => c / baseMs[i])),
    serverStartMs: startMs,
    serverFirstCallMs: firstCallMs,
    serverP50: median(calls),
    serverP90: quantile(calls, 0.9),
    updateP50: median(updates),
    updateMax: Math.max(...updates),
    stopP50: median(stops),
    serverSawStop: JSON.stringify(seen.structuredContent ?? {}).includes('bench-stop'),
    runs: { cold: COLD_RUNS, server: SERVER_CALLS, stops: STOPS },
  };
  if (argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    const f = (x, d = 0) => x.toFixed(d);
    console.log([
      `recall at ${NOTES} notes, ${result.node} (${result.backend})`,
      `- first recall (builds the index): ${f(result.buildMs)} ms`,
      `- index on disk: ${f(result.indexMB, 1)} MB (notes: ${f(result.notesMB, 1)} MB)`,
      `- cold CLI recall: median ${f(result.coldMs)} ms, p90 ${f(result.coldP90)} ms; node -e 0 ${f(result.baselineMs)} ms; ratio ${f(result.coldRatio, 2)}x (target <= 3x)`,
      `- MCP server: start ${f(result.serverStartMs)} ms, first recall ${f(result.serverFirstCallMs)} ms, recall p50 ${f(result.serverP50, 1)} ms, p90 ${f(result.serverP90, 1)} ms (target p50 <= 20 ms)`,
      `- index update after a Stop: p50 ${f(result.updateP50, 1)} ms, max ${f(result.updateMax, 1)} ms (target <= 30 ms); the Stop itself ${f(result.stopP50)} ms`,
    ].join('\n'));
  }
} finally {
  if (argv.includes('--keep')) log(`kept: ${base}`);
  else rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
