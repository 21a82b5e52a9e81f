#!/usr/bin/env node
// Shared-mode sync of 1,000 session notes between two clones over a local bare remote.
// Prints the median of >= 5 runs for: the first push of 1,000 notes, a fresh clone pulling them
// (fetch + fast-forward + writing the view), and a diverged merge (union of 1,000+ notes,
// regenerated current-state, push). `--json` prints the numbers for the main bench table.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOTES = Number(process.env.BENCH_SYNC_NOTES ?? 1000);
const RUNS = Math.max(5, Number(process.env.BENCH_SYNC_RUNS ?? 5));
const work = mkdtempSync(join(tmpdir(), 'ah-bench-sync-'));
const home = join(work, 'home');
mkdirSync(home);
for (const k of Object.keys(process.env)) if (k.startsWith('GIT_') || k.startsWith('AGENT_HANDOVER')) delete process.env[k];
Object.assign(process.env, {
  HOME: home, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C',
  GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com',
});

// The library from source, bundled once, so the bench measures the current code without a full build.
const lib = join(work, 'lib.mjs');
await build({
  stdin: { contents: "export { loadProject } from './src/project/project.ts';\nexport { syncMemory } from './src/sync/sync.ts';\nexport { publishShared } from './src/sync/shared-ref.ts';", resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' },
  outfile: lib, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error',
  banner: { js: "import { createRequire as __r } from 'node:module';\nimport { fileURLToPath as __f } from 'node:url';\nconst require = __r(import.meta.url);\nconst __filename = __f(import.meta.url);\nconst __dirname = __filename.slice(0, __filename.lastIndexOf('/'));" },
});
const { loadProject, syncMemory, publishShared } = await import(pathToFileURL(lib).href);

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let seq = 0;
function clone(bare) {
  const dir = join(work, `clone-${seq++}`);
  git(work, 'clone', '-q', bare, dir);
  return dir;
}
function freshRemote() {
  const seed = join(work, `seed-${seq++}`);
  mkdirSync(seed);
  git(seed, 'init', '-q', '-b', 'main');
  writeFileSync(join(seed, '.agent-handover.yml'), 'git:\n  mode: shared\n');
  writeFileSync(join(seed, '.gitignore'), '.agent-handover/\n');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'seed');
  const bare = join(work, `remote-${seq++}.git`);
  git(work, 'clone', '-q', '--bare', seed, bare);
  return bare;
}
function noteText(session, at) {
  const date = at.slice(0, 10);
  const lines = Array.from({ length: 12 }, (_, i) => `- Decision ${i} of ${session}: keep the parser streaming (id: d${i}-${session}, ${date})`);
  return `---\nlayer: 1\ntag: "handover"\ndate: "${date}"\nsession: "${session}"\nupdated_at: "${at}"\nstarted_at: "${at}"\nstatus: "ended"\nsummary: "work in ${session}"\n---\n# Session ${session}\n\n## Summary\n\n> Work in ${session}.\n\n## Decisions\n\n${lines.join('\n')}\n`;
}
function writeNotes(dir, count, prefix) {
  for (let i = 0; i < count; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const at = `2026-07-${day}T${String(i % 24).padStart(2, '0')}:00:00Z`;
    const session = `${prefix}${i}`;
    const path = join(dir, 'memory/layer1/2026-07', `handover-2026-07-${day}-${session}.md`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, noteText(session, at));
  }
}
async function timed(fn) {
  const t = process.hrtime.bigint();
  const r = await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!r.ok) throw new Error(`sync failed: ${r.status} ${r.error ?? ''}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const push = [], pull = [], merge = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const bare = freshRemote();
    const a = clone(bare);
    writeNotes(a, NOTES, `r${run}n`);
    const pa = await loadProject(a);
    await publishShared(pa, 'bench: 1,000 notes', { scan: false });
    push.push(await timed(() => syncMemory(pa)));
    const b = clone(bare);
    const pb = await loadProject(b);
    pull.push(await timed(() => syncMemory(pb)));
    writeNotes(a, 1, `a${run}x`);
    await publishShared(pa, 'bench: one more on a', { scan: false });
    await syncMemory(pa);
    writeNotes(b, 1, `b${run}x`);
    await publishShared(pb, 'bench: one more on b', { scan: false });
    merge.push(await timed(() => syncMemory(pb)));
  }
  const result = { notes: NOTES, runs: RUNS, pushMs: median(push), pullMs: median(pull), mergeMs: median(merge) };
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    console.log(`sync of ${NOTES} notes between two clones (median of ${RUNS} runs)`);
    console.log(`  first push          ${result.pushMs.toFixed(0).padStart(6)} ms`);
    console.log(`  fresh clone pull    ${result.pullMs.toFixed(0).padStart(6)} ms`);
    console.log(`  diverged merge+push ${result.mergeMs.toFixed(0).padStart(6)} ms`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
