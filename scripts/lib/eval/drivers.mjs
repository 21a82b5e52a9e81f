// How each agent runs our hooks. One entry per agent: where its hook config lives and how to read
// the command for each event, the payload dialect it sends, its environment, where its session log
// sits, and how its SessionStart output carries the context. OpenCode runs no commands: it loads
// the plugin we install, and opencode-host.mjs plays OpenCode's part. An agent whose native hooks
// `install-hooks --agent <name>` does not install (yet) is driven through the Claude Code hooks with
// its own session log as transcript_path: that is the only path the current code has to read it,
// and the table says so (driver "<agent> via claude-code hooks"). When native hooks land, the
// driver switches by itself: install-hooks succeeds and the config file appears.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Claude-shaped config ({hooks: {Event: [{hooks: [{command, timeout}]}]}}), used by Claude Code, Codex and Gemini. */
function nestedHooks(file, names, timeoutUnitMs) {
  if (!existsSync(file)) return undefined;
  const hooks = JSON.parse(readFileSync(file, 'utf8')).hooks ?? {};
  const out = {};
  for (const [ours, theirs] of Object.entries(names)) {
    const h = hooks[theirs]?.[0]?.hooks?.[0];
    if (h?.command) out[ours] = { command: h.command, timeoutMs: (h.timeout ?? 60) * timeoutUnitMs };
  }
  return out;
}

const pick = (p, keys) => Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
// Claude Code (and Gemini, which copies its dialect): the fields its hooks receive, nothing more.
const claudePayload = (p) => pick(p, ['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'source', 'reason', 'stop_hook_active', 'trigger', 'custom_instructions']);
// Codex validates its input strictly (additionalProperties: false, ../shared/fixtures/hooks/codex/
// openai-codex-stop.command.input.schema.json): Stop carries the turn's last message and id.
const codexPayload = (p) => {
  const base = { ...pick(p, ['session_id', 'cwd', 'hook_event_name']), transcript_path: p.transcript_path ?? null, model: 'gpt-5-codex', permission_mode: 'default' };
  if (p.hook_event_name === 'Stop') return { ...base, stop_hook_active: p.stop_hook_active ?? false, last_assistant_message: p.last_assistant_message ?? null, turn_id: p.turn_id ?? '0' };
  if (p.hook_event_name === 'SessionStart') return { ...base, source: p.source ?? 'startup' };
  if (p.hook_event_name === 'SessionEnd') return { ...base, reason: p.reason ?? 'other' };
  return { ...base, ...pick(p, ['trigger']) };
};
const defaultContext = (stdout) => {
  const t = (stdout ?? '').trim();
  if (!t) return '';
  try {
    const j = JSON.parse(t);
    return j.hookSpecificOutput?.additionalContext ?? j.additionalContext ?? j.additional_context ?? '';
  } catch {
    return t; // Codex takes plain stdout as context
  }
};

const AGENTS = {
  'claude-code': {
    read: (dir) => nestedHooks(join(dir, '.claude/settings.json'), { SessionStart: 'SessionStart', Stop: 'Stop', SessionEnd: 'SessionEnd', PreCompact: 'PreCompact' }, 1000),
    names: { SessionStart: 'SessionStart', Stop: 'Stop', SessionEnd: 'SessionEnd', PreCompact: 'PreCompact' },
    payload: claudePayload,
    env: (dir) => ({ CLAUDE_PROJECT_DIR: dir }),
    transcript: (home, id) => join(home, '.claude/projects/-eval-repo', `${id}.jsonl`),
  },
  codex: {
    read: (dir) => nestedHooks(join(dir, '.codex/hooks.json'), { SessionStart: 'SessionStart', Stop: 'Stop', SessionEnd: 'SessionEnd', PreCompact: 'PreCompact' }, 1000),
    names: { SessionStart: 'SessionStart', Stop: 'Stop', SessionEnd: 'SessionEnd', PreCompact: 'PreCompact' },
    payload: codexPayload,
    env: () => ({}),
    transcript: (home, id) => join(home, '.codex/sessions/2026/01/01', `rollout-2026-01-01T00-00-00-${id}.jsonl`),
  },
  gemini: {
    read: (dir) => nestedHooks(join(dir, '.gemini/settings.json'), { SessionStart: 'SessionStart', Stop: 'AfterAgent', SessionEnd: 'SessionEnd', PreCompact: 'PreCompress' }, 1),
    names: { SessionStart: 'SessionStart', Stop: 'AfterAgent', SessionEnd: 'SessionEnd', PreCompact: 'PreCompress' },
    payload: (p) => ({ ...claudePayload(p), timestamp: new Date().toISOString() }),
    env: (dir) => ({ GEMINI_PROJECT_DIR: dir, CLAUDE_PROJECT_DIR: dir }),
    transcript: (home, id) => join(home, '.gemini/tmp/eval-repo/chats', `session-2026-01-01T00-00-${id.slice(0, 8)}.json`),
  },
  copilot: {
    // .github/hooks/*.json: {version: 1, hooks: {sessionStart: [{type, bash|command, timeoutSec}]}}
    read: (dir) => {
      const folder = join(dir, '.github/hooks');
      if (!existsSync(folder)) return undefined;
      const out = {};
      const names = { SessionStart: 'sessionStart', Stop: 'agentStop', SessionEnd: 'sessionEnd', PreCompact: 'preCompact' };
      for (const f of readdirSync(folder).filter((x) => x.endsWith('.json')).sort()) {
        const hooks = JSON.parse(readFileSync(join(folder, f), 'utf8')).hooks ?? {};
        for (const [ours, theirs] of Object.entries(names)) {
          const h = hooks[theirs]?.[0];
          const command = h?.bash ?? h?.command;
          if (command && !out[ours]) out[ours] = { command, timeoutMs: (h.timeoutSec ?? h.timeout ?? 30) * 1000 };
        }
      }
      return out;
    },
    names: { SessionStart: 'sessionStart', Stop: 'agentStop', SessionEnd: 'sessionEnd', PreCompact: 'preCompact' },
    // Copilot CLI's camelCase dialect, field for field as it sends them (../shared/fixtures/hooks/
    // copilot/*-input-extracted-*.json): a millisecond timestamp; sessionStart and sessionEnd carry
    // no transcript path (the hook finds ~/.copilot/session-state/<id>/events.jsonl), agentStop does;
    // a new session's source is "new", an ended one's reason "complete".
    payload: (p) => {
      const base = { sessionId: p.session_id, timestamp: Date.now(), cwd: p.cwd };
      if (p.hook_event_name === 'sessionStart') return { source: p.source === 'startup' ? 'new' : (p.source ?? 'new'), ...base };
      if (p.hook_event_name === 'agentStop') return { transcriptPath: p.transcript_path, stopReason: 'end_turn', stop_hook_active: p.stop_hook_active ?? false, ...base };
      if (p.hook_event_name === 'sessionEnd') return { ...base, reason: 'complete' };
      return { ...base, transcriptPath: p.transcript_path, ...(p.trigger ? { trigger: p.trigger } : {}) };
    },
    env: () => ({}),
    transcript: (home, id) => join(home, '.copilot/session-state', id, 'events.jsonl'),
  },
  // A plugin, not a command: OpenCode loads .opencode/plugins/agent-handover.js and calls its hooks
  // in-process. opencode-host.mjs stands in for OpenCode (one process per event, as each replayed
  // event is a new OpenCode call). OpenCode has no session-end event: the handover of each idle is
  // what the next session starts from.
  opencode: {
    read: (dir) => {
      const plugin = join(dir, '.opencode/plugins/agent-handover.js');
      if (!existsSync(plugin)) return undefined;
      const host = { command: plugin, plugin: true, timeoutMs: 60_000 };
      return { SessionStart: host, Stop: host, PreCompact: host };
    },
    names: {},
    noSessionEnd: true,
    payload: claudePayload,
    env: (dir) => ({ OPENCODE_PROJECT_DIR: dir }),
    transcript: (home, id) => join(home, '.local/share/opencode/export', `${id}.json`),
    contextOf: (stdout) => {
      try {
        return JSON.parse(stdout).context ?? '';
      } catch {
        return '';
      }
    },
  },
};

/** Installs the hooks for `agent` (native when the package supports it) and returns its runner. */
export function hookDriver(agent, p) {
  const spec = AGENTS[agent];
  if (!spec) throw new Error(`no hook driver for agent ${agent}`);
  const claude = p.cli('install-hooks');
  if (claude.status !== 0) throw new Error(`install-hooks exited ${claude.status}: ${claude.stderr}${claude.stdout}`);
  let runner = spec;
  let commands = agent === 'claude-code' ? spec.read(p.dir) : undefined;
  if (agent !== 'claude-code' && p.cli('install-hooks', '--agent', agent).status === 0) {
    const native = spec.read(p.dir);
    if (native?.SessionStart && native.Stop) commands = native;
  }
  if (!commands) {
    runner = { ...AGENTS['claude-code'], transcript: spec.transcript };
    commands = AGENTS['claude-code'].read(p.dir);
  }
  if (!commands?.SessionStart || !commands.Stop || (!commands.SessionEnd && !runner.noSessionEnd)) throw new Error(`install-hooks did not register SessionStart, Stop and SessionEnd for ${agent}`);
  return {
    name: runner === spec ? agent : `${agent} via claude-code hooks`,
    transcriptPath: (home, id) => spec.transcript(home, id),
    has: (event) => Boolean(commands[event]),
    run(event, payload) {
      const h = commands[event];
      // Only Claude Code sets CLAUDE_PROJECT_DIR; each agent's own variables come from runner.env.
      const env = { ...p.env, ...runner.env(p.dir) };
      if (!runner.env(p.dir).CLAUDE_PROJECT_DIR) delete env.CLAUDE_PROJECT_DIR;
      if (h.plugin) {
        // The agent's own process loads the plugin; its hooks get no stdin and no shell.
        const host = fileURLToPath(new URL('./opencode-host.mjs', import.meta.url));
        const r = spawnSync(process.execPath, [host, h.command, p.dir, event, payload.session_id, payload.transcript_path], { cwd: p.dir, encoding: 'utf8', timeout: h.timeoutMs, killSignal: 'SIGKILL', env });
        return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
      }
      const input = JSON.stringify(runner.payload({ ...payload, hook_event_name: runner.names[event] ?? event }));
      const r = spawnSync('sh', ['-c', h.command], { cwd: join(p.dir, 'node_modules'), env, input, encoding: 'utf8', timeout: h.timeoutMs, killSignal: 'SIGKILL' });
      return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    contextOf: runner.contextOf ?? defaultContext,
  };
}
