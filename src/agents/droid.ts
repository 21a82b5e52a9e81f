import { claudeShaped, hookSpecificOutput, type AgentAdapter } from './adapter.js';
import { claudeShapeInstaller } from './claude-shape-agent.js';

// Seconds, as Claude Code. Droid has no PostCompact.
export const DROID_EVENTS = [
  { event: 'SessionStart', script: 'session-start', timeout: 10 },
  { event: 'Stop', script: 'stop', timeout: 30 },
  { event: 'PreCompact', script: 'pre-compact', timeout: 10 },
  { event: 'SessionEnd', script: 'session-end', timeout: 2 },
] as const;

/** Factory Droid: .factory/hooks.json, Claude Code compatible; $FACTORY_PROJECT_DIR is the project. */
export const droid: AgentAdapter = {
  name: 'droid',
  label: 'Factory Droid',
  markers: ['.factory'],
  binaries: ['droid'],
  budget: 8000,
  projectVar: 'FACTORY_PROJECT_DIR',
  mapPayload: (raw, env) => claudeShaped(raw, env, 'FACTORY_PROJECT_DIR'),
  startOutput: hookSpecificOutput,
  stopCanBlock: true,
  ...claudeShapeInstaller('droid', 'Factory Droid', '.factory/hooks.json', DROID_EVENTS, { projectVar: 'FACTORY_PROJECT_DIR', unit: 's' }),
};
