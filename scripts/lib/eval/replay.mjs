// Replays a fixture session through the INSTALLED package, the way the agent runs our hooks: the
// command strings from the agent's hook config, `sh -c`, the payload JSON on stdin, the project
// dir in the environment (OpenCode: the plugin it loads, its events fired by opencode-host.mjs;
// see drivers.mjs), the transcript growing turn by turn with a Stop per turn, the session's
// file writes and commits re-done in a real git repository; then SessionEnd and a new
// SessionStart, whose context is what we score.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, cleanEnv } from '../env.mjs';
import { applyEvents, seedPreexisting } from './side-effects.mjs';
import { hookDriver } from './drivers.mjs';

/** Packs this package and installs the tarball once into <base>/template; every replay copies it. */
export function packAndInstall(base) {
  const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', base], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  const tarball = join(base, out.trim().split('\n').pop());
  const template = join(base, 'template');
  mkdirSync(template);
  writeFileSync(join(template, 'package.json'), JSON.stringify({ name: 'eval-project', private: true }, null, 2) + '\n');
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', '--loglevel=error', tarball], { cwd: template, env: { ...process.env, npm_config_loglevel: 'error' }, stdio: 'ignore' });
  return { tarball, template };
}

function project(base, name, template) {
  const dir = join(base, name, 'repo');
  const home = join(base, name, 'home');
  mkdirSync(dir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env = cleanEnv(home, { CLAUDE_PROJECT_DIR: dir });
  const git = (...a) => execFileSync('git', a, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Eval User');
  git('config', 'user.email', 'eval@example.com');
  git('config', 'commit.gpgsign', 'false');
  cpSync(join(template, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  cpSync(join(template, 'package.json'), join(dir, 'package.json'));
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\npackage-lock.json\n');
  writeFileSync(join(dir, 'README.md'), '# eval project\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial commit');
  const cli = (...a) => spawnSync(join(dir, 'node_modules/.bin/agent-handover'), a, { cwd: dir, env, encoding: 'utf8' });
  return { dir, home, env, git, cli };
}

async function settle(dir) {
  const pending = join(dir, '.agent-handover', 'pending-end');
  for (let i = 0; i < 200 && existsSync(pending) && readdirSync(pending).length; i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * @returns {Promise<{context: string, driver: string, turns: number, commits: string[], files: string[], problems: string[]}>}
 */
export async function replay(conv, { base, name, template, fixture = name }) {
  const p = project(base, name, template);
  const problems = [];
  const driver = hookDriver(conv.agent, p);
  // The user commits the install, as they would; otherwise its files show up as the session's work.
  p.git('add', '-A');
  p.git('commit', '-q', '--no-verify', '-m', 'install agent-handover hooks');
  if (seedPreexisting(conv, p.dir)) {
    p.git('add', '-A');
    p.git('commit', '-q', '--no-verify', '-m', 'the project as the session found it');
  }
  // Session ids shaped like the agents' own (UUIDs), fixed per fixture so runs compare.
  const uuid = (salt) => {
    const h = createHash('sha256').update(`${fixture}:${salt}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const session = uuid(1);
  const nextSession = uuid(2);
  const transcript = driver.transcriptPath(p.home, session);
  mkdirSync(dirname(transcript), { recursive: true });
  let have = 0;
  const grow = (upTo) => {
    if (conv.doc) {
      // Gemini rewrites one JSON document as the session goes (an OpenCode export is one too).
      writeFileSync(transcript, JSON.stringify({ ...conv.doc, messages: conv.doc.messages.slice(0, upTo) }, null, 2));
      return;
    }
    appendFileSync(transcript, conv.lines.slice(have, upTo).map((l) => l + '\n').join(''));
    have = Math.max(have, upTo);
  };
  grow(0);
  const hook = (event, extra = {}, sessionId = session) => {
    const t0 = Date.now();
    const r = driver.run(event, { session_id: sessionId, transcript_path: transcript, cwd: p.dir, ...extra });
    // EVAL_TRACE=1 prints each hook's wall time (where a slow replay spends it).
    if (process.env.EVAL_TRACE) process.stderr.write(`    ${event} ${Date.now() - t0} ms\n`);
    if (r.status !== 0) problems.push(`${event} exited ${r.status ?? r.signal}: ${(r.stderr || '').trim().slice(0, 200)}`);
    return r;
  };
  const commits = [];
  const files = [];
  const commit = (subject) => {
    p.git('add', '-A', '--', '.', ':(exclude)memory');
    // The session's own commit, made as the user's shell would: git hooks (post-commit) run.
    // Claude Code's shell carries its session id; the other agents' shells do not.
    const env = conv.agent === 'claude-code' ? { ...p.env, CLAUDE_CODE_SESSION_ID: session } : p.env;
    const r = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', subject], { cwd: p.dir, env, encoding: 'utf8' });
    if (r.status !== 0) problems.push(`git commit "${subject}" failed: ${r.stderr.trim().slice(0, 200)}`);
    else commits.push(subject);
  };
  hook('SessionStart', { source: 'startup' });
  let from = 0;
  for (const end of conv.turnEnds) {
    for (const c of conv.compactions ?? []) {
      if (c.line < from || c.line >= end) continue;
      files.push(...applyEvents(conv, from, c.line, p.dir, commit).files);
      grow(c.line);
      if (driver.has('PreCompact')) hook('PreCompact', { trigger: c.trigger, custom_instructions: '' });
      from = c.line;
    }
    const done = applyEvents(conv, from, end, p.dir, commit);
    files.push(...done.files);
    grow(end);
    // The turn's last agent text: Codex's Stop payload carries it (the others' drivers drop it).
    const last = conv.events.filter((e) => e.kind === 'assistant' && !e.sidechain && e.line < end && e.line >= from).at(-1);
    hook('Stop', { stop_hook_active: false, turn_id: String(conv.turnEnds.indexOf(end)), ...(last ? { last_assistant_message: last.text } : {}) });
    from = end;
  }
  // OpenCode has no session-end event: its last idle's handover is what the next session reads.
  if (driver.has('SessionEnd')) hook('SessionEnd', { reason: 'prompt_input_exit' });
  await settle(p.dir);
  const start = hook('SessionStart', { source: 'startup' }, nextSession);
  const context = driver.contextOf(start.stdout);
  return { context, driver: driver.name, turns: conv.turnEnds.length, commits, files: [...new Set(files)], problems, dir: p.dir, layer1: readLayer1(p.dir) };
}

function readLayer1(dir) {
  // Shared mode (the default) keeps the readable copy under .agent-handover/; branch mode in memory/.
  const base = [join(dir, '.agent-handover', 'memory', 'layer1'), join(dir, 'memory', 'layer1')].find((b) => existsSync(b));
  if (!base) return '';
  return readdirSync(base, { recursive: true })
    .filter((f) => String(f).endsWith('.md'))
    .map((f) => readFileSync(join(base, String(f)), 'utf8'))
    .join('\n');
}
