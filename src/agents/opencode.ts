import { join } from 'node:path';
import { agents as msg } from '../messages/agents.js';
import { claudeShaped, hookSpecificOutput, type AgentAdapter, type AgentCheck } from './adapter.js';
import { opencodePluginText } from './opencode-plugin.js';
import { installOwnFile, ownFileState, uninstallOwnFile } from './own-file.js';

export const OPENCODE_PLUGIN = '.opencode/plugins/agent-handover.js';

/**
 * OpenCode: a plugin of ours (opencode-plugin.ts). The plugin speaks the Claude-shaped payload and
 * reads hookSpecificOutput itself, so the mapping is the identity.
 */
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
  install: async (plan) => [await installOwnFile(join(plan.projectDir, OPENCODE_PLUGIN), opencodePluginText(plan), { dryRun: plan.dryRun, detail: msg.pluginDetail })],
  uninstall: async (plan) => {
    const a = await uninstallOwnFile(join(plan.projectDir, OPENCODE_PLUGIN), plan.projectDir, plan.dryRun);
    return a ? [a] : [];
  },
  check: async (plan): Promise<AgentCheck[]> => {
    const file = join(plan.projectDir, OPENCODE_PLUGIN);
    return [(await ownFileState(file)) === 'ours' ? { ok: true, text: msg.checkFile('OpenCode', file) } : { ok: false, text: msg.checkFileMissing('OpenCode', file), fix: msg.reinstallFix('opencode') }];
  },
  manualStep: msg.opencodeRestart,
};
