#!/usr/bin/env node
// npm run demo: the main job end to end, as a user gets it. Packs this package, installs the
// tarball into a fresh temp git repository, runs `agent-handover install-hooks`, then drives the
// installed hooks exactly as Claude Code does: the command strings from .claude/settings.json run
// with `sh -c`, the payload JSON on stdin, CLAUDE_PROJECT_DIR set, and a real transcript from
// ../shared/fixtures growing between turns.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (n, s) => console.log(`\n${bold(`── ${n}. ${s}`)}`);
const indent = (s, pre = '   │ ') => s.trimEnd().split('\n').map((l) => pre + l).join('\n');

const base = mkdtempSync(join(tmpdir(), 'agent-handover-demo-'));
const REF = 'refs/heads/agent-handover/memory';
const MEMORY = '.agent-handover/memory';
const project = join(base, 'my project'); // a space in the path, on purpose
const home = join(base, 'home');
mkdirSync(project);
mkdirSync(home);
const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Demo User', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'Demo User', GIT_COMMITTER_EMAIL: 'demo@example.com', CLAUDE_PROJECT_DIR: project };
// The demo's temp repo is a developer's checkout even when the demo itself runs on CI, where
// install-hooks would (rightly) skip the git hook.
for (const k of Object.keys(env)) if (k.startsWith('AGENT_HANDOVER') || k === 'CLAUDE_CODE_SESSION_ID' || k === 'CI') delete env[k];
const sh = (cmd, opts = {}) => execFileSync('sh', ['-c', cmd], { cwd: project, env, encoding: 'utf8', ...opts });
const git = (...a) => execFileSync('git', a, { cwd: project, env, encoding: 'utf8' });
const cli = (...a) => spawnSync(join(project, 'node_modules/.bin/agent-handover'), a, { cwd: project, env, encoding: 'utf8' });

try {
  step(1, 'A fresh git repository with this package installed from its packed tarball');
  const packOut = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', base], { cwd: here, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  const tarball = join(base, packOut.trim().split('\n').pop());
  git('init', '-q', '-b', 'main');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'demo-project', private: true }, null, 2) + '\n');
  writeFileSync(join(project, 'app.js'), 'console.log("hello");\n');
  writeFileSync(join(project, 'CLAUDE.md'), '# Demo project\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', '--loglevel=error', tarball], { cwd: project, env, stdio: 'ignore' });
  writeFileSync(join(project, '.gitignore'), 'node_modules/\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial commit');
  // The team's remote (a bare repository here): where the user pushes, and where memory travels.
  const remote = join(base, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env });
  git('remote', 'add', 'origin', remote);
  console.log(indent(`project: ${project}\ninstalled: ${readFileSync(join(project, 'node_modules/agent-handover/package.json'), 'utf8').match(/"version": "([^"]+)"/)[1]} from ${tarball}`));

  step(2, 'npx agent-handover install-hooks');
  console.log(indent(cli('install-hooks').stdout));
  const settings = JSON.parse(readFileSync(join(project, '.claude/settings.json'), 'utf8'));
  const commandFor = (event) => settings.hooks[event][0].hooks[0].command;
  console.log(indent(`Stop hook command: ${commandFor('Stop')}`));
  const runHook = (event, payload, extraEnv = {}) =>
    spawnSync('sh', ['-c', commandFor(event)], { cwd: join(project, 'node_modules'), env: { ...env, ...extraEnv }, input: JSON.stringify(payload), encoding: 'utf8' });

  const fixture = resolve(here, '../shared/fixtures/transcripts/claude-code/v2.1.34-taskcreate-taskupdate-agent-progress.jsonl');
  if (!existsSync(fixture)) throw new Error(`Missing ${fixture}: the demo needs ../shared beside the project (see README).`);
  const lines = readFileSync(fixture, 'utf8').split('\n').filter(Boolean);
  const transcript = join(home, '.claude/projects/demo/session.jsonl');
  mkdirSync(dirname(transcript), { recursive: true });
  writeFileSync(transcript, '');
  const grow = (upTo) => {
    const have = readFileSync(transcript, 'utf8').split('\n').filter(Boolean).length;
    appendFileSync(transcript, lines.slice(have, upTo).map((l) => l + '\n').join(''));
  };
  const session = 'demo-session-0001';
  const payload = (extra) => ({ session_id: session, transcript_path: transcript, cwd: project, ...extra });

  step(3, 'SessionStart (startup): nothing remembered yet');
  let r = runHook('SessionStart', payload({ hook_event_name: 'SessionStart', source: 'startup' }));
  console.log(indent(`exit ${r.status}; additionalContext:\n${JSON.parse(r.stdout).hookSpecificOutput.additionalContext}`));

  step(4, 'Work happens: the user commits, the agent captures a decision and a follow-up');
  writeFileSync(join(project, 'app.js'), 'console.log("hello, world");\n');
  git('commit', '-q', '-am', 'Greet the whole world');
  console.log(indent(cli('note', '--session', session, '--kind', 'decision', 'Keep the greeting in app.js; no i18n until users ask').stdout));
  console.log(indent(cli('note', '--session', session, '--kind', 'followup', 'Add a test for the greeting').stdout));

  step(5, 'Three turns end: three Stops while the transcript grows');
  const thirds = [Math.floor(lines.length / 3), Math.floor((2 * lines.length) / 3), lines.length - 5];
  for (const [i, upTo] of thirds.entries()) {
    grow(upTo);
    const t0 = Date.now();
    r = runHook('Stop', payload({ hook_event_name: 'Stop', stop_hook_active: false }));
    const onBranch = git('log', '--oneline', '--grep=Agent-Handover: yes', 'main').trim().split('\n').filter(Boolean).length;
    const onRef = git('rev-list', '--count', REF).trim();
    console.log(indent(`Stop #${i + 1}: exit ${r.status} in ${Date.now() - t0} ms; commits on your branch by us: ${onBranch}; on ${REF}: ${onRef}`));
  }
  const notes = readdirSync(join(project, MEMORY, 'layer1'), { recursive: true }).filter((f) => String(f).endsWith('.md'));
  console.log(indent(`session notes: ${notes.join(', ')} (one per session, rewritten each turn), readable in ${MEMORY}/`));
  console.log(indent(`git status --short: ${git('status', '--short').trim() || '(clean: the memory never shows as your change)'}`));

  step(6, 'A Stop killed mid-way (SIGKILL after the session note, before the commit)');
  grow(lines.length);
  r = runHook('Stop', payload({ hook_event_name: 'Stop', stop_hook_active: false }), { AGENT_HANDOVER_FAULT: 'after:session_note' });
  console.log(indent(`the hook process died: ${r.signal ?? `exit ${r.status}`}`));
  const check = cli('check');
  console.log(indent(`agent-handover check → exit ${check.status}: ${check.stdout.trim()}`));

  step(7, 'Next SessionStart (resume) finishes the interrupted handover, then injects the state');
  r = runHook('SessionStart', payload({ hook_event_name: 'SessionStart', source: 'resume' }));
  const ctx = JSON.parse(r.stdout).hookSpecificOutput.additionalContext;
  console.log(indent(`exit ${r.status}; check now → exit ${cli('check').status}; context (${ctx.length} chars):\n${ctx}`));

  step(8, 'touch PAUSE: a Stop writes nothing');
  writeFileSync(join(project, 'PAUSE'), '');
  const before = git('rev-parse', 'HEAD', REF).trim() + sh('find .agent-handover -type f -exec cksum {} + | sort');
  r = runHook('Stop', payload({ hook_event_name: 'Stop', stop_hook_active: false }));
  const after = git('rev-parse', 'HEAD', REF).trim() + sh('find .agent-handover -type f -exec cksum {} + | sort');
  console.log(indent(`exit ${r.status}; HEAD, the memory ref and every memory/state file unchanged: ${before === after}`));
  rmSync(join(project, 'PAUSE'));

  step(9, 'SessionEnd returns at once; a detached worker writes the final handover');
  const t0 = Date.now();
  r = runHook('SessionEnd', payload({ hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' }));
  console.log(indent(`exit ${r.status} in ${Date.now() - t0} ms`));
  for (let i = 0; i < 100 && readdirSync(join(project, '.agent-handover/pending-end')).length; i++) await new Promise((res) => setTimeout(res, 100));
  console.log(indent(`final note status: ${(readFileSync(join(project, MEMORY, 'layer1', notes[0]), 'utf8').match(/^status: (.*)$/m) ?? [])[1]}`));

  step(10, 'git push: the memory ref travels with the user\'s own push (pre-push hook, in the background)');
  git('add', '-A');
  git('commit', '-q', '-m', 'Add agent-handover hooks');
  const t1 = Date.now();
  execFileSync('git', ['push', '-q', '-u', 'origin', 'main'], { cwd: project, env, stdio: 'pipe' });
  console.log(indent(`git push origin main: done in ${Date.now() - t1} ms (never waits for, blocked or failed by ours)`));
  let remoteRef = '';
  for (let i = 0; i < 300 && !remoteRef; i++) {
    remoteRef = execFileSync('git', ['for-each-ref', '--format=%(objectname:short)', REF], { cwd: remote, encoding: 'utf8' }).trim();
    if (!remoteRef) await new Promise((res) => setTimeout(res, 100));
  }
  console.log(indent(`origin now has ${REF} at ${remoteRef || '(not yet)'}; local ${git('rev-parse', '--short', REF).trim()}`));

  step(11, 'A second machine: clone, install, first session: it sees the first machine\'s work');
  const second = join(base, 'second machine');
  execFileSync('git', ['clone', '-q', remote, second], { env });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: second, env, stdio: 'ignore' });
  spawnSync(join(second, 'node_modules/.bin/agent-handover'), ['install-hooks'], { cwd: second, env, encoding: 'utf8' });
  const s2 = JSON.parse(readFileSync(join(second, '.claude/settings.json'), 'utf8')).hooks.SessionStart[0].hooks[0].command;
  r = spawnSync('sh', ['-c', s2], { cwd: second, env: { ...env, CLAUDE_PROJECT_DIR: second }, input: JSON.stringify({ session_id: 'second-machine-0001', cwd: second, source: 'startup' }), encoding: 'utf8' });
  const ctx2 = JSON.parse(r.stdout).hookSpecificOutput.additionalContext;
  console.log(indent(`SessionStart on the second machine: exit ${r.status}; its context names ${session}: ${ctx2.includes(session)}`));
  console.log(indent(ctx2.split('\n').slice(0, 12).join('\n')));

  step(12, 'Result: your branch has only your commits; memory lives on its own ref');
  console.log(indent(git('log', '--format=%h %s', '-n', '8', 'main')));
  console.log(indent(git('status', '--short') || '(working tree clean)'));
  console.log(indent([
    `memory:   ${REF} (${git('rev-list', '--count', REF).trim()} commits, never on your branch)`,
    `readable: ${MEMORY}/ (kept out of git by .git/info/exclude)`,
    'travels:  with your git push (pre-push hook), fetched at SessionStart, or `agent-handover sync`',
  ].join('\n')));
  console.log(indent(readFileSync(join(project, MEMORY, 'layer2/current-state.md'), 'utf8').split('\n').slice(0, 30).join('\n')));
  console.log(`\n${bold('Demo complete.')} ${keep ? `Project kept at ${project}` : '(temp folder removed; pass --keep to inspect it)'}`);
} finally {
  if (!keep) rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
