import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { agents as msg } from '../messages/agents.js';
import { str, type AgentAdapter, type AgentInstallPlan, type Obj } from './adapter.js';
import { agentHookCommand } from './hook-shell.js';
import { OWN_MARKER, ownFileInstaller } from './own-file.js';

// Seconds (timeoutSec).
export const COPILOT_EVENTS = [
  { event: 'sessionStart', script: 'session-start', timeout: 10 },
  { event: 'agentStop', script: 'stop', timeout: 30 },
  { event: 'preCompact', script: 'pre-compact', timeout: 10 },
  { event: 'sessionEnd', script: 'session-end', timeout: 5 },
] as const;

export const COPILOT_HOOKS = '.github/hooks/agent-handover.json';

export function copilotHooksText(plan: Pick<AgentInstallPlan, 'kind' | 'packageRoot'>): string {
  const hooks: Record<string, unknown[]> = {};
  for (const e of COPILOT_EVENTS) hooks[e.event] = [{ type: 'command', bash: agentHookCommand(e.script, 'copilot', plan), timeoutSec: e.timeout, comment: OWN_MARKER }];
  return `${JSON.stringify({ version: 1, hooks }, null, 2)}\n`;
}

/** Copilot keeps each session's events.jsonl under $COPILOT_HOME (default ~/.copilot). */
function eventsFile(id: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = join(env.COPILOT_HOME ?? join(env.HOME ?? homedir(), '.copilot'), 'session-state', id, 'events.jsonl');
  return existsSync(file) ? file : undefined;
}

/**
 * GitHub Copilot CLI: a hooks file of our own in .github/hooks/ (camelCase events, the CLI
 * dialect). The payload is camelCase; sessionStart has no transcript path, so it is derived from
 * the session id. Only the last hook's additionalContext counts and it is repeated every turn,
 * hence the small budget.
 */
export const copilot: AgentAdapter = {
  name: 'copilot',
  label: 'GitHub Copilot CLI',
  markers: ['.github/hooks', '.copilot'],
  binaries: ['copilot'],
  budget: 2000,
  mapPayload: (raw: Obj, env) => {
    const id = str(raw.sessionId) ?? str(raw.session_id);
    const transcript = str(raw.transcriptPath) ?? str(raw.transcript_path) ?? (id ? eventsFile(id, env) : undefined);
    return {
      ...raw,
      ...(id ? { session_id: id } : {}),
      ...(transcript ? { transcript_path: transcript } : {}),
      ...(str(raw.stopReason) && !str(raw.reason) ? { reason: raw.stopReason } : {}),
      ...(typeof raw.stopHookActive === 'boolean' ? { stop_hook_active: raw.stopHookActive } : {}),
    };
  },
  startOutput: (context) => JSON.stringify({ additionalContext: context }),
  stopCanBlock: false,
  ...ownFileInstaller('copilot', 'Copilot CLI', COPILOT_HOOKS, copilotHooksText, msg.copilotDetail),
  manualStep: msg.copilotSmall,
};
