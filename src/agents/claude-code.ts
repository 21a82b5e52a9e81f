import { hookSpecificOutput, type AgentAdapter } from './adapter.js';

/** Claude Code: src/install/install-hooks.ts installs its settings and the shared parts; nothing to do here. */
export const claudeCode: AgentAdapter = {
  name: 'claude-code',
  label: 'Claude Code',
  markers: ['.claude'],
  binaries: ['claude'],
  budget: 8000,
  projectVar: 'CLAUDE_PROJECT_DIR',
  // The payload's cwd comes first for Claude Code, as it always has (hook-types.ts projectDirOf).
  mapPayload: (raw) => raw,
  startOutput: hookSpecificOutput,
  stopCanBlock: true,
  install: async () => [],
  uninstall: async () => [],
  check: async () => [],
};
