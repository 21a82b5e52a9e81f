import { agents as msg } from '../messages/agents.js';
import { join } from 'node:path';
import { claudeShaped, hookSpecificOutput, type AgentAdapter, type AgentCheck } from './adapter.js';
import { claudeShapeInstaller } from './claude-shape-agent.js';
import { peekJson } from './json-config.js';

// Milliseconds: Gemini CLI counts hook timeouts in ms (default 60,000). SessionEnd is not awaited.
export const GEMINI_EVENTS = [
  { event: 'SessionStart', script: 'session-start', timeout: 10_000 },
  { event: 'AfterAgent', script: 'stop', timeout: 30_000 },
  { event: 'PreCompress', script: 'pre-compact', timeout: 10_000 },
  { event: 'SessionEnd', script: 'session-end', timeout: 2_000 },
] as const;

/**
 * Gemini CLI (and Antigravity CLI, which reads the same ~/.gemini and .gemini/settings.json):
 * hooks in settings.json, Claude Code's shape plus a `name`. stdout must be JSON and nothing else,
 * so every answer is a JSON object, an empty one when there is nothing to say.
 */
const installer = claudeShapeInstaller('gemini', 'Gemini CLI', '.gemini/settings.json', GEMINI_EVENTS, {
  projectVar: 'GEMINI_PROJECT_DIR',
  extra: (e) => ({ name: `agent-handover-${e.script}` }),
  unit: 'ms',
});

export const gemini: AgentAdapter = {
  name: 'gemini',
  label: 'Gemini CLI',
  markers: ['.gemini'],
  binaries: ['gemini', 'agy'],
  budget: 8000,
  projectVar: 'GEMINI_PROJECT_DIR',
  mapPayload: (raw, env) => claudeShaped(raw, env, 'GEMINI_PROJECT_DIR'),
  startOutput: hookSpecificOutput,
  quietOutput: '{}',
  stopCanBlock: false,
  ...installer,
  check: async (plan): Promise<AgentCheck[]> => {
    const out = await installer.check(plan);
    const file = join(plan.projectDir, '.gemini/settings.json');
    const v = (await peekJson(file)) as { hooksConfig?: { enabled?: unknown }; tools?: { enableHooks?: unknown } } | undefined;
    if (v?.hooksConfig?.enabled === false || v?.tools?.enableHooks === false) out.push({ ok: false, text: msg.geminiHooksOff(file), fix: msg.geminiHooksOffFix(file) });
    return out;
  },
  manualStep: msg.geminiTrust,
};
