import { hookSpecificOutput, type AgentAdapter } from './adapter.js';

/**
 * Claude Code. Its settings, the git hooks, .gitignore and the agent docs are installed by
 * src/install/install-hooks.ts (install-agents.ts calls it), so the installer here does nothing.
 */
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
