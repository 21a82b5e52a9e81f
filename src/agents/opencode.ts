import { agents as msg } from '../messages/agents.js';
import { claudeShaped, hookSpecificOutput, type AgentAdapter } from './adapter.js';
import { opencodePluginText } from './opencode-plugin.js';
import { ownFileInstaller } from './own-file.js';

export const OPENCODE_PLUGIN = '.opencode/plugins/agent-handover.js';

/** OpenCode: our plugin (opencode-plugin.ts) sends the Claude-shaped payload and reads hookSpecificOutput itself. */
export const opencode: AgentAdapter = {
  name: 'opencode',
  label: 'OpenCode',
  markers: ['.opencode', 'opencode.json', 'opencode.jsonc'],
  binaries: ['opencode'],
  budget: 6000,
  projectVar: 'OPENCODE_PROJECT_DIR',
  mapPayload: (raw, env) => claudeShaped(raw, env, 'OPENCODE_PROJECT_DIR'),
  startOutput: hookSpecificOutput,
  stopCanBlock: false,
  ...ownFileInstaller('opencode', 'OpenCode', OPENCODE_PLUGIN, opencodePluginText, msg.pluginDetail),
  manualStep: msg.opencodeRestart,
};
