import { join, resolve } from 'node:path';
import { OWN_MARKER } from './own-file.js';
import type { AgentInstallPlan } from './adapter.js';

/**
 * The OpenCode plugin we install (.opencode/plugins/agent-handover.js). OpenCode has no
 * session-start hook that injects context, so the plugin runs our session-start entry once per
 * session and pushes its context in experimental.chat.system.transform; on session.idle it writes
 * the session's messages ({info, parts} per line, the shape of `opencode export`) to
 * .agent-handover/opencode/<session>.jsonl and runs our stop entry on it. Every failure is
 * swallowed: the plugin must never break OpenCode.
 */
export function opencodePluginText(plan: Pick<AgentInstallPlan, 'kind' | 'packageRoot'>): string {
  const fixed = plan.kind === 'global' ? JSON.stringify(join(resolve(plan.packageRoot), 'dist', 'hooks')) : 'null';
  return `// ${OWN_MARKER}: OpenCode plugin of agent-handover (uninstall-hooks removes it).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const FIXED_HOOKS = ${fixed};
const REL = join('node_modules', 'agent-handover', 'dist', 'hooks');

function hooksDir(root) {
  if (FIXED_HOOKS) return FIXED_HOOKS;
  if (existsSync(join(root, REL))) return join(root, REL);
  try {
    const common = execFileSync('git', ['-C', root, 'rev-parse', '--path-format=absolute', '--git-common-dir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(join(common, '..', REL))) return join(common, '..', REL);
  } catch {}
  return undefined;
}

// PAUSE is absolute: while one of the default pause files exists, not even the record is written
// (the hooks check the configured ones too).
function paused(root) {
  const files = [join(root, 'PAUSE'), join(homedir(), '.agent_handover', 'PAUSE')];
  if (process.env.AGENT_HANDOVER_PAUSE) files.push(resolve(root, process.env.AGENT_HANDOVER_PAUSE));
  return files.some((f) => existsSync(f));
}

function runHook(root, script, payload, timeoutMs) {
  return new Promise((done) => {
    const dir = hooksDir(root);
    if (!dir || !existsSync(join(dir, script + '.js'))) return done('');
    let out = '';
    const child = spawn('node', [join(dir, script + '.js'), '--agent', 'opencode'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, OPENCODE_PROJECT_DIR: root } });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.on('error', () => { clearTimeout(timer); done(''); });
    child.on('close', () => { clearTimeout(timer); done(out); });
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(payload));
  });
}

export const AgentHandover = async ({ client, directory, worktree }) => {
  const root = worktree || directory;
  const contexts = new Map();
  // Older OpenCode versions call the system transform without a session id: the latest start's context serves.
  let latest;
  const record = (id) => join(root, '.agent-handover', 'opencode', id + '.jsonl');
  const payload = (id, event, extra = {}) => ({ session_id: id, cwd: root, transcript_path: record(id), hook_event_name: event, ...extra });

  async function saveRecord(id) {
    if (paused(root)) return;
    const res = await client.session.messages({ path: { id } });
    const messages = Array.isArray(res) ? res : res && Array.isArray(res.data) ? res.data : [];
    const file = record(id);
    mkdirSync(join(root, '.agent-handover', 'opencode'), { recursive: true });
    writeFileSync(file + '.tmp', messages.map((m) => JSON.stringify(m)).join('\\n') + (messages.length ? '\\n' : ''));
    renameSync(file + '.tmp', file);
  }

  async function start(id, source) {
    const out = await runHook(root, 'session-start', payload(id, 'SessionStart', { source }), 15000);
    try {
      const text = JSON.parse(out).hookSpecificOutput.additionalContext;
      if (typeof text === 'string' && text) {
        contexts.set(id, text);
        latest = text;
      }
    } catch {}
  }

  async function handover(id, script, event) {
    try { await saveRecord(id); } catch {}
    await runHook(root, script, payload(id, event), 30000);
  }

  return {
    event: async ({ event }) => {
      try {
        if (event.type === 'session.created' && event.properties?.info?.id && !event.properties.info.parentID) await start(event.properties.info.id, 'startup');
        else if (event.type === 'session.idle' && event.properties?.sessionID) await handover(event.properties.sessionID, 'stop', 'Stop');
        else if (event.type === 'session.deleted' && event.properties?.info?.id) await runHook(root, 'session-end', payload(event.properties.info.id, 'SessionEnd', { reason: 'deleted' }), 5000);
      } catch {}
    },
    'experimental.chat.system.transform': async (input, output) => {
      try {
        const id = input?.sessionID;
        if (id && !contexts.has(id)) await start(id, 'resume');
        const text = id ? contexts.get(id) : latest;
        if (text && Array.isArray(output?.system)) output.system.push(text);
      } catch {}
    },
    'experimental.session.compacting': async (input, output) => {
      try {
        const id = input?.sessionID;
        if (!id) return;
        await handover(id, 'pre-compact', 'PreCompact');
        contexts.delete(id);
        await start(id, 'compact');
        const text = contexts.get(id);
        if (text && Array.isArray(output?.context)) output.context.push(text);
      } catch {}
    },
  };
};
`;
}
