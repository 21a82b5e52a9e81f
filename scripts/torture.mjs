#!/usr/bin/env node
// npm run torture: randomised faults against real agent-handover processes in real temp git
// repositories. Each run copies a template repository, sets up the user's own staged and unstaged
// work, injects one fault (SIGKILL at a random instant or step, 10 concurrent hooks, index.lock held,
// a full disk, a read-only memory folder, corrupt checkpoint / session / config files, bad
// transcripts, garbage stdin, a FIFO as transcript, huge single-token inputs, secrets the final scan
// refuses), checks the invariants, recovers as a user would (or as the next hook
// does), and checks them again. Flags: --quick (CI), --runs N, --seed S, --only I (one run, to
// reproduce), --kinds a,b, --jobs J, --max-minutes M (start no run after M minutes), --keep. Exits 1 on any violation, printing seed and run index.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { requireBuild, tempBase, useDistSnapshot } from './lib/env.mjs';
import { cloneNotes, fixtureLinesAll, monthDates, realNoteTemplate } from './lib/gen.mjs';
import { checkAgreesWithStatus, cliStatus, compareUser, hasSession, inspectMemory, secretFound, userSnapshot } from './lib/invariants.mjs';
import { markdownTable } from './lib/measure.mjs';
import { runRng } from './lib/prng.mjs';
import { makeRepo, startCli, startHook } from './lib/repo.mjs';

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
// --quick: two runs of every fault kind (CI, within --max-minutes 3 on a shared runner).
const RUNS = Number(flag('--runs', quick ? 32 : 200));
const SEED = Number(flag('--seed', Math.floor(Math.random() * 2 ** 31)));
const ONLY = flag('--only', undefined);
const JOBS = Number(flag('--jobs', Math.max(1, Math.min(2, cpus().length))));
const keep = args.includes('--keep');
const MAX_MS = Number(flag('--max-minutes', Infinity)) * 60_000; // stop starting new runs after this
const STEPS = ['collect', 'session_note', 'current_state', 'compact', 'publish'];
const HOOK_TIMEOUT_MS = 60_000;
// Each hook's own deadline (src/hooks/deadline.ts), plus start-up slack on a shared CPU: a hook
// that is not killed must end by then.
const DEADLINE_MS = { 'session-start': 9_000, stop: 25_000, 'pre-compact': 8_000, 'post-compact': 8_000, 'session-end': 1_200 };
const DEADLINE_SLACK_MS = 5_000;

requireBuild();
const base = tempBase('ah-torture-');
useDistSnapshot(base);
const mounts = new Set();
const log = (s) => process.stderr.write(s + '\n');

function umountAll() {
  for (const m of [...mounts].reverse()) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    mounts.delete(m);
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (umountAll(), process.exit(130)));

/** Is `mount` usable here (root in a container may or may not be allowed)? */
function canMount() {
  const probe = join(base, 'mount-probe');
  mkdirSync(probe);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// --- the template every run starts from --------------------------------------------------------
// Branch mode, on purpose: its invariants (memory/ committed on the branch next to the user's
// work) are the ones a kill can break; shared mode's plumbing is covered by the sync and ref tests.
const template = makeRepo(base, 'template', { home: join(base, 'home'), mode: 'branch' });
{
  const first = startCli(template, ['run', '--session', 'pre-0', '--note', 'work before the torture']);
  const r = await first.done;
  if (r.status !== 0) throw new Error(`template run failed: ${r.stderr}`);
  rmSync(join(template.dir, '.agent-handover'), { recursive: true, force: true });
}
const noteTpl = realNoteTemplate(join(base, 'note-template'));
const transcriptLines = fixtureLinesAll();
const MOUNT_OK = canMount();

/** A transcript of `lines` fixture lines starting at a random line. */
function makeTranscript(rng, path, lines = rng.int(20, 400)) {
  const start = rng.int(0, transcriptLines.length - 1);
  const out = [];
  for (let k = 0; k < lines; k++) out.push(transcriptLines[(start + k) % transcriptLines.length]);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

const stopPayload = (session, transcript) => ({ session_id: session, transcript_path: transcript, hook_event_name: 'Stop', stop_hook_active: false });

/**
 * Waits for a started child with a hard timeout (a hung hook is a violation, not a stuck suite).
 * With `event`, a hook that outlives its own deadline is a violation too.
 */
async function finish(started, v, what, event) {
  let hung = false;
  const timer = setTimeout(() => ((hung = true), started.child.kill('SIGKILL')), HOOK_TIMEOUT_MS);
  const r = await started.done;
  clearTimeout(timer);
  if (hung) v.push(`${what} hung for ${HOOK_TIMEOUT_MS} ms`);
  else if (event && DEADLINE_MS[event] && !started.killedByUs && !r.signal && r.ms > DEADLINE_MS[event] + DEADLINE_SLACK_MS) v.push(`${what} took ${r.ms} ms, past its own deadline of ${DEADLINE_MS[event]} ms`);
  return r;
}

/** A Stop of session `s` on transcript `t` that must exit 0 (a violation otherwise). */
async function stopMustExit0(c, s, t, what) {
  hookMustExit0(await finish(startHook(c.repo, 'stop', stopPayload(s, t)), c.v, what, 'stop'), what, c.v);
}

/** The session a fault run used, and the Stop that must complete it after recovery. */
function settled(c, s, t) {
  c.sessions.push(s);
  c.finals.push(() => ['stop', stopPayload(s, t)]);
}

/** SIGKILL a child after `ms`; resolves to whether the kill landed before it exited. */
function killAfter(started, ms) {
  return new Promise((res) => {
    const t = setTimeout(() => {
      started.killedByUs = started.child.exitCode === null && started.child.signalCode === null;
      if (started.killedByUs) started.child.kill('SIGKILL');
      res(started.killedByUs);
    }, ms);
    started.done.then(() => setTimeout(() => (clearTimeout(t), res(!!started.killedByUs)), 0));
  });
}

/**
 * The pids of detached workers acting on this repository (found via /proc): SessionEnd's and
 * SessionStart's `--worker`, which name the repository, and the background `refine --if-due`,
 * which runs in it (one still writing .agent-handover/ made the run's clean-up fail ENOTEMPTY).
 */
function workersOf(repoDir) {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const refine = cmd.includes('\0refine\0') && cmd.includes('--if-due') && readlinkSync(`/proc/${d}/cwd`).startsWith(repoDir);
      if ((cmd.includes('--worker') && cmd.includes(repoDir)) || refine) pids.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
async function waitWorkers(repoDir, v, ms = 30_000) {
  const t0 = Date.now();
  while (workersOf(repoDir).length) {
    if (Date.now() - t0 > ms) {
      v.push(`a detached worker still runs after ${ms} ms`);
      for (const pid of workersOf(repoDir)) process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const hookMustExit0 = (r, what, v) => {
  if (r.signal) v.push(`${what} died of ${r.signal} without being killed`);
  else if (r.status !== 0) v.push(`${what} exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 200)}`);
};
const sessionStartOutputOk = (r, v) => {
  if (!r.stdout.trim()) return;
  try {
    const j = JSON.parse(r.stdout);
    if (j.hookSpecificOutput?.hookEventName !== 'SessionStart') v.push('SessionStart printed JSON without hookSpecificOutput.hookEventName');
  } catch {
    v.push(`SessionStart printed something that is not JSON: ${r.stdout.slice(0, 120)}`);
  }
};
const logSize = (repo) => {
  try {
    return statSync(join(repo.dir, '.agent-handover/log')).size;
  } catch {
    return 0;
  }
};

/** A SIGKILL either at an engine step (AGENT_HANDOVER_FAULT) or at a random instant. */
// Inside the publish step too: HEAD moved but the user's index not yet refreshed is the instant a
// random kill lands in only on a loaded machine (it left memory/ at MM for good once).
const COMMIT_POINTS = ['before:update-ref', 'after:update-ref'];
function killPlan(rng, maxMs) {
  if (!rng.chance(0.4)) return { env: {}, ms: rng.int(0, maxMs) };
  return { env: { AGENT_HANDOVER_FAULT: rng.chance(0.2) ? rng.pick(COMMIT_POINTS) : `${rng.pick(['before', 'after'])}:${rng.pick(STEPS)}` } };
}
async function runKilled(started, plan, v, what) {
  let killed = false;
  if (plan.ms !== undefined) killed = await killAfter(started, plan.ms);
  const r = await finish(started, v, what);
  if (plan.env.AGENT_HANDOVER_FAULT) killed = r.signal === 'SIGKILL';
  else if (!killed) hookMustExit0(r, what, v);
  return { killed, r };
}

// --- fault kinds: each injects, and returns what the recovery must do ---------------------------
// ctx: { rng, repo, dir, v (violations), outcome (labels), sessions (must exist once at the end) }
const KINDS = {
  async 'kill-stop'(c) {
    const s = 'k-stop';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    if (c.rng.chance(0.5)) hookMustExit0(await finish(startHook(c.repo, 'stop', stopPayload(s, t)), c.v, 'first Stop'), 'first Stop', c.v);
    appendFileSync(t, transcriptLines.slice(0, c.rng.int(1, 80)).join('\n') + '\n');
    const plan = killPlan(c.rng, 700);
    const { killed } = await runKilled(startHook(c.repo, 'stop', stopPayload(s, t), { env: plan.env }), plan, c.v, 'Stop');
    c.outcome.push(killed ? 'killed' : 'finished first');
    settled(c, s, t);
  },

  async 'kill-session-end'(c) {
    const s = 'k-end';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    await stopMustExit0(c, s, t, 'Stop');
    const viaEnv = c.rng.chance(0.3);
    const env = viaEnv ? { AGENT_HANDOVER_FAULT: `${c.rng.pick(['before', 'after'])}:${c.rng.pick(STEPS)}` } : {};
    const t0 = Date.now();
    const r = await finish(startHook(c.repo, 'session-end', { session_id: s, transcript_path: t, hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' }, { env }), c.v, 'SessionEnd');
    const took = Date.now() - t0;
    hookMustExit0(r, 'SessionEnd', c.v);
    if (took > 1500) c.outcome.push('SessionEnd > 1.5 s');
    let killed = false;
    if (!viaEnv) {
      await new Promise((res) => setTimeout(res, c.rng.int(0, 600)));
      for (const pid of workersOf(c.repo.dir)) {
        try {
          process.kill(pid, 'SIGKILL');
          killed = true;
        } catch {
          // it finished first
        }
      }
    }
    await waitWorkers(c.repo.dir, c.v);
    c.outcome.push(viaEnv ? 'worker fault-killed' : killed ? 'worker killed' : 'worker finished first');
    c.sessions.push(s);
    // The next session's SessionStart is what completes a lost ending. Half the time its budget is
    // shrunk so the catch-up outlasts it, as on a loaded machine: its detached worker must finish.
    const budget = c.rng.chance(0.5) ? { AGENT_HANDOVER_RESUME_BUDGET_MS: String(c.rng.int(1, 400)) } : {};
    if (budget.AGENT_HANDOVER_RESUME_BUDGET_MS) c.outcome.push('start budget shrunk');
    c.finals.push(() => ['session-start', { session_id: 'next-0', transcript_path: join(c.dir, 'none.jsonl'), hook_event_name: 'SessionStart', source: 'startup' }, budget]);
    c.afterFinal.push(() => {
      const pend = join(c.repo.dir, '.agent-handover/pending-end');
      const left = existsSync(pend) ? readdirSync(pend).filter((f) => f.endsWith('.json')) : [];
      if (left.length) c.v.push(`pending ending(s) not completed by the next SessionStart: ${left.join(', ')}`);
    });
  },

  async 'kill-run'(c) {
    const s = 'k-run';
    const plan = killPlan(c.rng, 700);
    const { killed } = await runKilled(startCli(c.repo, ['run', '--session', s, '--note', `note ${c.index}`], { env: plan.env }), plan, c.v, 'run');
    c.outcome.push(killed ? 'killed' : 'finished first');
    c.sessions.push(s);
    c.finals.push(() => ['cli', ['run', '--session', s]]);
  },

  async 'kill-compact'(c) {
    const ids = cloneNotes(join(c.repo.dir, 'memory'), noteTpl, c.rng.int(5, 60), { dates: monthDates(3, 2024, c.rng.int(1, 10)), prefix: `old${c.index}` });
    c.repo.git('add', 'memory');
    c.repo.git('commit', '-q', '--no-verify', '-m', 'old notes');
    c.userHead();
    const started = startCli(c.repo, ['compact', '--older-than', '0']);
    const killed = await killAfter(started, c.rng.int(0, 400));
    const r = await finish(started, c.v, 'compact');
    if (!killed && r.status !== 0) c.v.push(`compact exited ${r.status}: ${r.stderr.slice(0, 200)}`);
    c.outcome.push(killed ? 'killed' : 'finished first');
    c.sessions.push(...ids);
    c.finals.push(() => ['cli', ['compact', '--older-than', '0']]);
    c.finals.push(() => ['cli', ['run', '--session', 'after-compact']]);
  },

  async concurrent(c) {
    const sessions = Array.from({ length: 5 }, (_, k) => `conc-${k}`);
    const ts = sessions.map((s) => makeTranscript(c.rng, join(c.dir, `${s}.jsonl`)));
    const other = () => c.rng.pick(['stop', 'pre-compact', 'post-compact', 'session-start', 'stop']);
    const launches = sessions.flatMap((s, k) => [
      ['stop', { ...stopPayload(s, ts[k]) }],
      [other(), { session_id: s, transcript_path: ts[k], hook_event_name: 'X', source: 'resume', compact_summary: `summary of ${s}`, trigger: 'auto' }],
    ]);
    const started = launches.map(([ev, p]) => [ev, startHook(c.repo, ev, ev === 'stop' ? p : { ...p, hook_event_name: ev })]);
    for (const [ev, st] of started) {
      const r = await finish(st, c.v, ev, ev);
      hookMustExit0(r, ev, c.v);
      if (ev === 'session-start') sessionStartOutputOk(r, c.v);
    }
    c.outcome.push('10 hooks');
    c.sessions.push(...sessions);
    for (const [k, s] of sessions.entries()) c.finals.push(() => ['stop', stopPayload(s, ts[k])]);
  },

  async 'index-lock'(c) {
    const s = 'locked';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    const lock = join(c.repo.dir, '.git/index.lock');
    writeFileSync(lock, '');
    const before = c.repo.git('rev-parse', 'HEAD').trim();
    await stopMustExit0(c, s, t, 'Stop');
    if (!existsSync(lock)) c.v.push("the user's .git/index.lock was removed");
    if (c.repo.git('rev-parse', 'HEAD').trim() !== before) c.v.push('a commit was made while index.lock was held');
    c.outcome.push('deferred');
    c.recover.push(() => rmSync(lock, { force: true }));
    settled(c, s, t);
  },

  async 'full-disk'(c) {
    const s = 'disk';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    if (!c.mountedRepo) {
      c.outcome.push('skipped: no mount');
      c.sessions.push('pre-0');
      return;
    }
    const filler = join(c.repo.dir, '.git/filler');
    const chunk = Buffer.alloc(16 * 1024, 120);
    try {
      for (;;) appendFileSync(filler, chunk);
    } catch {
      // ENOSPC: the disk is full
    }
    truncateSync(filler, Math.max(0, statSync(filler).size - c.rng.int(0, 96) * 1024));
    const ev = c.rng.pick(['stop', 'stop', 'cli']);
    const r = ev === 'stop' ? await finish(startHook(c.repo, 'stop', stopPayload(s, t)), c.v, 'Stop') : await finish(startCli(c.repo, ['run', '--session', s]), c.v, 'run');
    if (ev === 'stop') hookMustExit0(r, 'Stop on a full disk', c.v);
    else if (r.signal) c.v.push(`run on a full disk died of ${r.signal}`);
    c.outcome.push(ev === 'stop' ? 'Stop' : `run exit ${r.status}`);
    c.recover.push(() => rmSync(filler, { force: true }));
    settled(c, s, t);
  },

  async 'readonly-memory'(c) {
    const s = 'ro';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    const mem = join(c.repo.dir, 'memory');
    if (!MOUNT_OK) {
      c.outcome.push('skipped: no mount');
      c.sessions.push('pre-0');
      return;
    }
    execFileSync('mount', ['--bind', mem, mem]);
    mounts.add(mem);
    execFileSync('mount', ['-o', 'remount,ro,bind', mem]);
    const before = logSize(c.repo);
    await stopMustExit0(c, s, t, 'Stop on a read-only memory folder');
    if (logSize(c.repo) <= before) c.v.push('Stop on a read-only memory folder logged nothing');
    c.outcome.push('logged');
    c.recover.push(() => {
      execFileSync('umount', [mem]);
      mounts.delete(mem);
    });
    settled(c, s, t);
  },

  async 'corrupt-checkpoint'(c) {
    const s = 'cp';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    await stopMustExit0(c, s, t, 'Stop');
    const cp = join(c.repo.dir, '.agent-handover/checkpoint.json');
    const text = readFileSync(cp, 'utf8');
    const variant = c.rng.pick(['truncated', 'garbage', 'empty', 'wrong-shape', 'bad-status']);
    const bad = {
      truncated: text.slice(0, c.rng.int(1, Math.max(1, text.length - 2))),
      garbage: c.rng.bytes(c.rng.int(1, 300)).toString('latin1'),
      empty: '',
      'wrong-shape': JSON.stringify([1, 2, 3]),
      'bad-status': text.replace(/"status":\s*"\w+"/, '"status":"exploded"'),
    }[variant];
    writeFileSync(cp, bad);
    const st = cliStatus(c.repo);
    if (st.check !== 3) c.v.push(`check on a ${variant} checkpoint exited ${st.check}, not 3`);
    const before = logSize(c.repo);
    await stopMustExit0(c, s, t, `Stop on a ${variant} checkpoint`);
    if (logSize(c.repo) <= before) c.v.push(`Stop on a ${variant} checkpoint logged nothing`);
    if (readFileSync(cp, 'utf8') !== bad) c.v.push(`the ${variant} checkpoint was overwritten without the user's say`);
    c.outcome.push(variant);
    c.recover.push(() => execFileSync('mv', [cp, `${cp}.bad`])); // what the fix hint says
    settled(c, s, t);
  },

  async 'corrupt-session'(c) {
    const s = 'sess';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    await stopMustExit0(c, s, t, 'Stop');
    const dir = join(c.repo.dir, '.agent-handover/sessions');
    const files = readdirSync(dir).filter((f) => f.startsWith(s));
    const victim = join(dir, c.rng.pick(files));
    const variant = c.rng.pick(['garbage', 'truncated', 'empty', 'wrong-types']);
    const text = readFileSync(victim, 'utf8');
    writeFileSync(victim, { garbage: c.rng.bytes(c.rng.int(1, 200)).toString('latin1'), truncated: text.slice(0, c.rng.int(0, text.length - 1)), empty: '', 'wrong-types': JSON.stringify({ version: 'x', transcriptOffset: 'far', session: 42 }) }[variant]);
    appendFileSync(t, transcriptLines.slice(0, 20).join('\n') + '\n');
    await stopMustExit0(c, s, t, `Stop after a ${variant} ${files.length > 1 ? 'session file' : 'session state'}`);
    c.outcome.push(variant);
    settled(c, s, t);
  },

  async 'corrupt-config'(c) {
    const s = 'cfg';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    const cfg = join(c.repo.dir, '.agent-handover.yml');
    const variant = c.rng.pick(['unclosed', 'wrong-type', 'binary', 'unknown-key', 'negative']);
    const bad = { unclosed: 'git: [commit\n', 'wrong-type': 'git:\n  commit: maybe\nhooks: 5\n', binary: c.rng.bytes(64).toString('latin1'), 'unknown-key': 'gti:\n  comit: false\n', negative: 'compaction:\n  olderThanDays: -3\n' }[variant];
    const original = existsSync(cfg) ? readFileSync(cfg) : undefined;
    writeFileSync(cfg, bad);
    const snap = readFileSync(cfg);
    await stopMustExit0(c, s, t, `Stop with a ${variant} config`);
    // Fail open: the turn's note is written with the defaults, not skipped.
    // The defaults mean shared mode: the note is in the readable copy under .agent-handover/.
    if (hasSession(inspectMemory(join(c.repo.dir, '.agent-handover')).sessions, s) + hasSession(inspectMemory(c.repo.dir).sessions, s) !== 1) c.v.push(`Stop with a ${variant} config wrote no note (hooks went silent)`);
    const ss = await finish(startHook(c.repo, 'session-start', { session_id: s, transcript_path: t, hook_event_name: 'SessionStart', source: 'startup' }), c.v, 'SessionStart', 'session-start');
    hookMustExit0(ss, `SessionStart with a ${variant} config`, c.v);
    sessionStartOutputOk(ss, c.v);
    if (!/\.agent-handover\.yml is invalid, so hooks run with the defaults/.test(ss.stdout)) c.v.push(`SessionStart with a ${variant} config did not say the config is invalid`);
    if (!readFileSync(cfg).equals(snap)) c.v.push(`the user's ${variant} config was changed`);
    c.outcome.push(variant);
    // The user fixes it: the config they had (branch mode here) comes back as it was.
    c.recover.push(() => (original === undefined ? rmSync(cfg) : writeFileSync(cfg, original)));
    settled(c, s, t);
  },

  async 'bad-transcript'(c) {
    const s = 'bad-t';
    let t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    if (c.rng.chance(0.5)) hookMustExit0(await finish(startHook(c.repo, 'stop', stopPayload(s, t)), c.v, 'first Stop'), 'first Stop', c.v);
    const variant = c.rng.pick(['truncated', 'garbage-appended', 'binary', 'empty', 'directory', 'missing', 'shrunk', 'huge-line']);
    if (variant === 'truncated') truncateSync(t, c.rng.int(0, statSync(t).size - 1));
    if (variant === 'garbage-appended') appendFileSync(t, Buffer.concat([c.rng.bytes(c.rng.int(1, 5000)), Buffer.from(c.rng.chance(0.5) ? '\n' : '')]));
    if (variant === 'binary') writeFileSync(t, c.rng.bytes(c.rng.int(1, 20000)));
    if (variant === 'empty') writeFileSync(t, '');
    if (variant === 'directory') {
      t = join(c.dir, 'a-directory');
      mkdirSync(t);
    }
    if (variant === 'missing') t = join(c.dir, 'missing.jsonl');
    if (variant === 'shrunk') writeFileSync(t, transcriptLines.slice(0, 3).join('\n') + '\n');
    if (variant === 'huge-line') appendFileSync(t, JSON.stringify({ type: 'user', message: { role: 'user', content: 'x'.repeat(c.rng.int(1, 8) << 20) } }) + '\n');
    await stopMustExit0(c, s, t, `Stop on a ${variant} transcript`);
    c.outcome.push(variant);
    settled(c, s, t);
  },

  async 'garbage-stdin'(c) {
    const event = c.rng.pick(['stop', 'session-start', 'session-end', 'pre-compact', 'post-compact', 'post-commit']);
    const variant = c.rng.pick(['random-bytes', 'empty', 'null', 'array', 'wrong-types', 'traversal-session', 'newline-session', 'missing-cwd', 'nested', 'truncated-json']);
    const raw = {
      'random-bytes': c.rng.bytes(c.rng.int(1, 4096)).toString('latin1'),
      empty: '',
      null: 'null',
      array: '[1,2,3]',
      'wrong-types': JSON.stringify({ session_id: 42, transcript_path: { a: 1 }, stop_hook_active: 'yes', cwd: c.repo.dir }),
      'traversal-session': JSON.stringify({ session_id: '../../../escape', hook_event_name: 'Stop', cwd: c.repo.dir }),
      'newline-session': JSON.stringify({ session_id: 'a\nb\u0000c', hook_event_name: 'Stop', cwd: c.repo.dir }),
      'missing-cwd': JSON.stringify({ session_id: 'g', cwd: join(c.dir, 'does-not-exist') }),
      nested: '['.repeat(100_000),
      'truncated-json': JSON.stringify(stopPayload('g', join(c.dir, 't.jsonl'))).slice(0, 30),
    }[variant];
    const r = await finish(startHook(c.repo, event, null, { raw }), c.v, event);
    hookMustExit0(r, `${event} with ${variant} stdin`, c.v);
    if (event === 'session-start') sessionStartOutputOk(r, c.v);
    await waitWorkers(c.repo.dir, c.v);
    if (existsSync(join(c.dir, 'escape')) || existsSync(join(c.repo.dir, '..', 'escape.md'))) c.v.push('a traversal session id wrote outside the repository');
    c.outcome.push(`${event}/${variant}`);
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    c.sessions.push('g-ok');
    c.finals.push(() => ['stop', stopPayload('g-ok', t)]);
  },

  async 'fifo-transcript'(c) {
    const s = 'fifo';
    const fifo = join(c.dir, 't.fifo');
    execFileSync('mkfifo', [fifo]);
    const ss = await finish(startHook(c.repo, 'session-start', { session_id: s, transcript_path: fifo, hook_event_name: 'SessionStart', source: 'startup' }), c.v, 'SessionStart', 'session-start');
    hookMustExit0(ss, 'SessionStart with a FIFO transcript', c.v);
    const n = c.rng.int(1, 3);
    for (let k = 0; k < n; k++) await stopMustExit0(c, s, fifo, 'Stop with a FIFO transcript');
    if (!/is not a regular file/.test(logText(c.repo))) c.v.push('a FIFO transcript left no log line');
    for (const f of [join(c.repo.dir, '.agent-handover/sessions', `${s}.json`), join(c.repo.dir, '.agent-handover/checkpoint.json')]) {
      if (existsSync(f) && readFileSync(f, 'utf8').includes('t.fifo')) c.v.push(`the FIFO path was kept in ${f.slice(c.repo.dir.length + 1)}`);
    }
    c.outcome.push(`${n} Stops`);
    settled(c, s, makeTranscript(c.rng, join(c.dir, 't.jsonl')));
    nextSessionLands(c, 'fifo');
  },

  async 'huge-input'(c) {
    const s = 'huge';
    const t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    const variant = c.rng.pick(['token-line', 'last-message', 'session-end-reason']);
    const token = 'A1b2'.repeat(c.rng.int(2, 12) << 20);
    if (variant === 'token-line') {
      appendFileSync(t, `${token}\n${JSON.stringify({ type: 'user', message: { role: 'user', content: `see ${token}` } })}\n`);
      await stopMustExit0(c, s, t, 'Stop on a transcript with a huge single token');
    } else if (variant === 'last-message') {
      hookMustExit0(await finish(startHook(c.repo, 'stop', { ...stopPayload(s, t), last_assistant_message: token }), c.v, 'Stop with a huge last_assistant_message', 'stop'), 'Stop with a huge last_assistant_message', c.v);
    } else {
      hookMustExit0(await finish(startHook(c.repo, 'session-end', { session_id: s, transcript_path: t, hook_event_name: 'SessionEnd', reason: token }), c.v, 'SessionEnd with a huge reason', 'session-end'), 'SessionEnd with a huge reason', c.v);
      await waitWorkers(c.repo.dir, c.v);
    }
    c.outcome.push(`${variant} ${(token.length / 2 ** 20).toFixed(0)} MB`);
    settled(c, s, t);
    nextSessionLands(c, 'huge');
  },

  async 'secret-refused'(c) {
    const s = 'sec';
    const variant = c.rng.pick(['hand-written', 'config-pattern', 'two-line-password', 'root-file', 'session-end-reason']);
    const token = `ghp_${c.rng.bytes(18).toString('hex').slice(0, 36)}`;
    let secret = token;
    let t = makeTranscript(c.rng, join(c.dir, 't.jsonl'));
    if (variant === 'hand-written') {
      // A secret written straight into memory/, past every redaction: the final scan refuses it.
      const pre = inspectMemory(c.repo.dir).sessions.get('pre-0')?.[0];
      appendFileSync(join(c.repo.dir, 'memory', pre), `\nhand edit: use ${token} for the API\n`);
      await stopMustExit0(c, s, t, 'Stop after a hand-written secret in memory/');
    } else if (variant === 'config-pattern') {
      // A shape our rules did not know when the note was written; the project teaches it after.
      secret = `ZQX-${c.rng.bytes(8).toString('hex')}`;
      appendFileSync(t, JSON.stringify({ type: 'user', message: { role: 'user', content: `the staging key is ${secret}` } }) + '\n');
      await stopMustExit0(c, s, t, 'Stop with a not-yet-known secret shape');
      // Added to the project's config (which keeps its git.mode), as a user would.
      appendFileSync(join(c.repo.dir, '.agent-handover.yml'), 'redaction:\n  extra_patterns:\n    - name: zqx-key\n      pattern: "ZQX-[0-9a-f]{16}"\n');
      appendFileSync(t, JSON.stringify({ type: 'user', message: { role: 'user', content: 'thanks' } }) + '\n');
      await stopMustExit0(c, s, t, 'Stop after the shape was added to extra_patterns');
    } else if (variant === 'two-line-password') {
      secret = undefined; // whether every rendering is redacted is the redaction's test; this one is liveness
      appendFileSync(t, JSON.stringify({ type: 'user', message: { role: 'user', content: `connect to staging, the db password:\nZxcv${c.rng.int(1000, 9999)}Qwer` } }) + '\n');
      await stopMustExit0(c, s, t, 'Stop after a two-line password');
    } else if (variant === 'root-file') {
      const name = `DB_PASSWORD=ab&Zc${c.rng.int(10, 99)}`;
      secret = `=ab&Zc`;
      writeFileSync(join(c.repo.dir, name), 'x\n');
      c.recover.push(() => rmSync(join(c.repo.dir, name), { force: true }));
      appendFileSync(t, [
        { type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_root', name: 'Write', input: { file_path: join(c.repo.dir, name), content: 'x' } }] } },
        { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_root', content: 'ok' }] } },
      ].map((l) => JSON.stringify(l)).join('\n') + '\n');
      await stopMustExit0(c, s, t, 'Stop after writing a file named like an assignment');
    } else {
      await stopMustExit0(c, s, t, 'Stop');
      hookMustExit0(await finish(startHook(c.repo, 'session-end', { session_id: s, transcript_path: t, hook_event_name: 'SessionEnd', reason: `logout token=${token}` }), c.v, 'SessionEnd with a secret reason', 'session-end'), 'SessionEnd with a secret reason', c.v);
      await waitWorkers(c.repo.dir, c.v);
      t = makeTranscript(c.rng, join(c.dir, 't2.jsonl'));
    }
    // No wedge: the next session's handover lands at once and check is not left at RESUME.
    await nextSessionNow(c, 'sec');
    const st = cliStatus(c.repo);
    if (st.check === 1) c.v.push(`after a refused secret (${variant}) check stays at RESUME: ${st.checkOut.slice(0, 200)}`);
    c.outcome.push(variant);
    if (variant !== 'session-end-reason') settled(c, s, t);
    else c.sessions.push(s);
    // A shape taught after the first commit is in that commit; memory/ must be clean of it now.
    if (secret) c.afterFinal.push(() => {
      const where = secretFound(c.repo, secret, { history: variant !== 'config-pattern' });
      if (where.length) c.v.push(`the ${variant} secret is in ${where.join(', ')}`);
    });
  },
};

/** A Stop of a fresh session right now, whose note must exist and be committed at once. */
async function nextSessionNow(c, label) {
  const s = `next-${label}`;
  const t = makeTranscript(c.rng, join(c.dir, `${s}.jsonl`));
  await stopMustExit0(c, s, t, `the next session's Stop`);
  if (hasSession(inspectMemory(c.repo.dir).sessions, s) !== 1) c.v.push(`the next session's handover did not land (no note for ${s})`);
  if (c.repo.git('status', '--porcelain', '--', 'memory').trim()) c.v.push(`the next session's handover was not committed`);
  c.sessions.push(s);
}

/** The same after recovery: a fresh session's Stop among the finals, whose note is then required. */
function nextSessionLands(c, label) {
  const s = `next-${label}`;
  const t = makeTranscript(c.rng, join(c.dir, `${s}.jsonl`));
  c.sessions.push(s);
  c.finals.push(() => ['stop', stopPayload(s, t)]);
}

const logText = (repo) => {
  try {
    return readFileSync(join(repo.dir, '.agent-handover/log'), 'utf8');
  } catch {
    return '';
  }
};

// --- one run -----------------------------------------------------------------------------------
async function oneRun(index, kind) {
  const rng = runRng(SEED, index);
  const dir = join(base, `run-${index}`);
  mkdirSync(dir);
  const v = [];
  let mountedRepo = false;
  if (kind === 'full-disk' && MOUNT_OK) {
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${rng.int(2, 4)}m`, 'tmpfs', disk]);
    mounts.add(disk);
    mountedRepo = true;
  }
  const repoParent = mountedRepo ? join(dir, 'disk') : dir;
  cpSync(template.dir, join(repoParent, 'repo'), { recursive: true });
  const repo = { ...template, dir: join(repoParent, 'repo'), env: { ...template.env, CLAUDE_PROJECT_DIR: join(repoParent, 'repo') } };
  repo.git = (...a) => execFileSync('git', a, { cwd: repo.dir, env: repo.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  // The user's own work in progress: one staged file, one unstaged edit.
  writeFileSync(join(repo.dir, 'staged.txt'), `staged by the user ${index}\n`);
  repo.git('add', 'staged.txt');
  writeFileSync(join(repo.dir, 'README.md'), `# temp project\n\nunstaged edit ${index}\n`);
  const userFiles = ['README.md', 'staged.txt'];
  let snap = userSnapshot(repo, userFiles);
  const c = { rng, repo, dir, v, index, mountedRepo, outcome: [], sessions: [], finals: [], recover: [], afterFinal: [], userHead: () => (snap = userSnapshot(repo, userFiles)) };
  let resumeSeen = false;
  try {
    await KINDS[kind](c);
    await waitWorkers(repo.dir, v);
    // After the fault: whatever state it left is whole, agreed on, and the user's work untouched.
    const after = inspectMemory(repo.dir);
    // A compaction killed between writing the archive and removing the notes leaves both; its own
    // checkpoint finishes the move on the next run (checked after recovery), so that is not a loss.
    const midMove = (x) => kind === 'kill-compact' && / appears 2 times: layer1\/.*, layer3\//.test(x);
    if (after.violations.some(midMove)) c.outcome.push('note in layer1 and layer3 until resumed');
    // SIGKILL between creating an atomic write's temp file and renaming it leaves the temp file in
    // memory/ until the next run sweeps it (checked after recovery): counted, not a violation.
    const killTemp = (x) => kind.startsWith('kill-') && /\.tmp: unexpected file/.test(x);
    if (after.violations.some(killTemp)) c.outcome.push('temp file in memory/ until the next run');
    v.push(...after.violations.filter((x) => !midMove(x) && !killTemp(x)).map((x) => `after the fault: ${x}`));
    const st = cliStatus(repo);
    resumeSeen = st.check === 1;
    v.push(...checkAgreesWithStatus(st).map((x) => `after the fault: ${x}`));
    v.push(...compareUser(repo, snap, userFiles).map((x) => `after the fault: ${x}`));
    // Recovery: undo the environment fault, then the next hook / run as the agent would run it.
    for (const f of c.recover) f();
    for (const f of c.finals) {
      const [what, arg, env = {}] = f();
      const r = what === 'cli' ? await finish(startCli(repo, arg, { env }), v, `final ${arg[0]}`) : await finish(startHook(repo, what, arg, { env }), v, `final ${what}`, what);
      if (r.status !== 0 || r.signal) v.push(`final ${what === 'cli' ? arg.join(' ') : what} exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
      await waitWorkers(repo.dir, v);
    }
    for (const f of c.afterFinal) f();
    const fin = inspectMemory(repo.dir);
    v.push(...fin.violations);
    for (const s of new Set([...c.sessions, 'pre-0'])) {
      const n = hasSession(fin.sessions, s);
      if (n !== 1) v.push(`session ${s}: ${n} notes after recovery (want exactly 1)`);
    }
    const st2 = cliStatus(repo);
    if (st2.check !== 0 && st2.check !== 2) v.push(`after recovery check exits ${st2.check}: ${st2.checkOut.slice(0, 200)}`);
    v.push(...checkAgreesWithStatus(st2));
    v.push(...compareUser(repo, snap, userFiles));
    const dirty = repo.git('status', '--porcelain', '--', 'memory');
    if (dirty.trim()) v.push(`memory/ not committed after the final run: ${dirty.trim().split('\n').slice(0, 3).join('; ')}`);
  } catch (err) {
    v.push(`the run itself crashed: ${err.stack?.split('\n').slice(0, 3).join(' ') ?? err}`);
  } finally {
    for (const m of [...mounts].filter((p) => p.startsWith(dir + '/')).reverse()) {
      try {
        execFileSync('umount', ['-l', m], { stdio: 'ignore' });
      } catch {
        // recovery unmounted it already
      }
      mounts.delete(m);
    }
    if (!keep && v.length === 0) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch (err) {
        // A process of ours still writing there is a finding, not a reason to stop the whole run.
        v.push(`the run's folder could not be removed (something still writes in it): ${err.message}`);
      }
    }
  }
  return { index, kind, outcome: c.outcome.join(', '), resumeSeen, violations: v, dir };
}

// --- the schedule, a pool of JOBS workers, and the table -----------------------------------------
const kinds = (flag('--kinds', '') || Object.keys(KINDS).join(',')).split(',');
for (const k of kinds) if (!KINDS[k]) throw new Error(`unknown kind ${k}; kinds: ${Object.keys(KINDS).join(', ')}`);
const schedule = ONLY !== undefined ? [Number(ONLY)] : Array.from({ length: RUNS }, (_, i) => i);
const kindOf = (i) => kinds[i % kinds.length];
log(`torture: seed ${SEED}, ${schedule.length} runs, ${JOBS} at a time, mount ${MOUNT_OK ? 'available' : 'not permitted (full-disk and read-only runs are skipped)'}; temp ${base}`);
const t0 = Date.now();
const results = [];
let next = 0;
async function worker() {
  while (next < schedule.length && Date.now() - t0 < MAX_MS) {
    const i = schedule[next++];
    const r = await oneRun(i, kindOf(i));
    results.push(r);
    if (r.violations.length) log(`✗ run ${i} (${r.kind}: ${r.outcome}): ${r.violations.join(' | ')}\n  reproduce: node scripts/torture.mjs --seed ${SEED} --only ${i}${keep ? `; kept ${r.dir}` : ''}`);
    if (results.length % 20 === 0) log(`  ${results.length}/${schedule.length} runs, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
}
try {
  await Promise.all(Array.from({ length: JOBS }, worker));
} finally {
  umountAll();
  const failed = results.filter((r) => r.violations.length);
  if (!keep && !failed.length) rmSync(base, { recursive: true, force: true, maxRetries: 3 });
  else log(`kept for inspection: ${base}`);
}

const rows = kinds.map((k) => {
  const rs = results.filter((r) => r.kind === k);
  const outcomes = new Map();
  for (const r of rs) for (const o of r.outcome.split(', ').filter(Boolean)) outcomes.set(o.split('/')[0], (outcomes.get(o.split('/')[0]) ?? 0) + 1);
  const top = [...outcomes].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([o, n]) => `${o} ${n}`).join('; ');
  const bad = rs.filter((r) => r.violations.length);
  return [k, rs.length, rs.length - bad.length, bad.length, rs.filter((r) => r.resumeSeen).length, top, bad.slice(0, 5).map((r) => r.index).join(' ')];
});
const secs = (Date.now() - t0) / 1000;
const violations = results.reduce((n, r) => n + r.violations.length, 0);
console.log(`seed ${SEED}; ${results.length} runs in ${secs.toFixed(0)} s (${JOBS} at a time)${results.length < schedule.length ? `; stopped after --max-minutes, ${schedule.length - results.length} runs not started` : ''}\n`);
console.log(markdownTable(['fault', 'runs', 'ok', 'violations', 'RESUME seen', 'outcomes', 'failing runs'], rows));
console.log(`\ntorture: ${results.length} runs, ${violations} violations`);
if (violations) console.log(`reproduce one: node scripts/torture.mjs --seed ${SEED} --only <run> (add --keep to inspect)`);
process.exitCode = violations ? 1 : 0;
