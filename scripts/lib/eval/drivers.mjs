// How each agent runs our hooks. One entry per agent: where its hook config lives, which event
// names it uses, where its session log sits, and how its SessionStart output carries the context.
// An agent whose native hooks are not installed by `install-hooks --agent <name>` yet is driven
// through the Claude Code hooks with its own session log as transcript_path: that is the only
// path the current code has to read it, and the table says so (driver "<agent> via claude-code hooks").
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const NATIVE = {
  'claude-code': {
    config: '.claude/settings.json',
    events: { SessionStart: 'SessionStart', Stop: 'Stop', SessionEnd: 'SessionEnd' },
    optional: { PreCompact: 'PreCompact' },
    transcript: (home) => join(home, '.claude/projects/eval/eval-session-0001.jsonl'),
    env: (dir) => ({ CLAUDE_PROJECT_DIR: dir }),
  },
  codex: {
    config: '.codex/hooks.json',
    events: { SessionStart: 'SessionStart', Stop: 'Stop', SessionEnd: 'SessionEnd' },
    transcript: (home) => join(home, '.codex/sessions/2026/01/01/rollout-2026-01-01T00-00-00-eval-session-0001.jsonl'),
    env: () => ({}),
  },
  gemini: {
    config: '.gemini/settings.json',
    events: { SessionStart: 'SessionStart', Stop: 'AfterAgent', SessionEnd: 'SessionEnd' },
    transcript: (home) => join(home, '.gemini/tmp/eval/chats/session-2026-01-01T00-00-eval0001.json'),
    env: (dir) => ({ GEMINI_PROJECT_DIR: dir, CLAUDE_PROJECT_DIR: dir }),
    timeoutUnit: 'ms',
  },
};

function commandsIn(file, events, optional = {}) {
  if (!existsSync(file)) return undefined;
  const hooks = JSON.parse(readFileSync(file, 'utf8')).hooks ?? {};
  const out = {};
  for (const [ours, theirs] of Object.entries(events)) {
    const h = hooks[theirs]?.[0]?.hooks?.[0];
    if (!h?.command) return undefined;
    out[ours] = h;
  }
  for (const [ours, theirs] of Object.entries(optional)) {
    const h = hooks[theirs]?.[0]?.hooks?.[0];
    if (h?.command) out[ours] = h;
  }
  return out;
}

/** Installs the hooks for `agent` (native when the package supports it) and returns its runner. */
export function hookDriver(agent, p) {
  const spec = NATIVE[agent];
  let name = agent;
  let commands;
  const claude = p.cli('install-hooks');
  if (claude.status !== 0) throw new Error(`install-hooks exited ${claude.status}: ${claude.stderr}${claude.stdout}`);
  if (agent !== 'claude-code') {
    const r = p.cli('install-hooks', '--agent', agent);
    if (r.status === 0) commands = commandsIn(join(p.dir, spec.config), spec.events, spec.optional);
  }
  let transcript = spec.transcript;
  let envOf = spec.env;
  let fallback;
  if (!commands) {
    commands = fallback = commandsIn(join(p.dir, NATIVE['claude-code'].config), NATIVE['claude-code'].events, NATIVE['claude-code'].optional);
    envOf = NATIVE['claude-code'].env;
    if (agent !== 'claude-code') name = `${agent} via claude-code hooks`;
  }
  return {
    name,
    transcriptPath: (home) => transcript(home),
    has: (event) => Boolean(commands[event]),
    run(event, payload) {
      const h = commands[event];
      const names = commands === fallback ? NATIVE['claude-code'] : spec;
      const input = JSON.stringify({ ...payload, hook_event_name: names.events[event] ?? names.optional?.[event] ?? event });
      const r = spawnSync('sh', ['-c', h.command], { cwd: join(p.dir, 'node_modules'), env: { ...p.env, ...envOf(p.dir) }, input, encoding: 'utf8', timeout: spec.timeoutUnit === 'ms' && commands !== fallback ? (h.timeout ?? 60_000) : (h.timeout ?? 60) * 1000, killSignal: 'SIGKILL' });
      return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    contextOf(stdout) {
      const t = (stdout ?? '').trim();
      if (!t) return '';
      try {
        const j = JSON.parse(t);
        return j.hookSpecificOutput?.additionalContext ?? j.additionalContext ?? j.additional_context ?? '';
      } catch {
        return t; // Codex takes plain stdout as context
      }
    },
  };
}
