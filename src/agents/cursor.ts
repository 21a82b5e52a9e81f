import { join } from 'node:path';
import { agents as msg } from '../messages/agents.js';
import { firstString, str, type AgentAdapter } from './adapter.js';
import { flatHooksEdit } from './flat-hooks.js';
import { claudeShapeInstaller } from './claude-shape-agent.js';
import { agentHookCommand, isOurAgentCommand } from './hook-shell.js';
import { installOwnFile, ownFileCheck, uninstallOwnFile } from './own-file.js';
import { rulesFileText } from './rules-file.js';
import { findCursorTranscript } from './find-log.js';
import { excludeLocally } from './local-exclude.js';

// Seconds.
export const CURSOR_EVENTS = [
  { event: 'sessionStart', script: 'session-start', timeout: 10 },
  { event: 'stop', script: 'stop', timeout: 30 },
  { event: 'preCompact', script: 'pre-compact', timeout: 10 },
  { event: 'sessionEnd', script: 'session-end', timeout: 2 },
] as const;

export const CURSOR_HOOKS = '.cursor/hooks.json';
export const CURSOR_RULES = '.cursor/rules/agent-handover.mdc';
export const CURSOR_RULES_HEADER = ['---', 'description: Current state of this project (agent-handover)', 'alwaysApply: true', '---'].join('\n');

const hooks = claudeShapeInstaller('cursor', 'Cursor', CURSOR_HOOKS, CURSOR_EVENTS, {
  edit: (plan) => flatHooksEdit(CURSOR_EVENTS, (e) => agentHookCommand(e.script, 'cursor', plan), (c) => isOurAgentCommand(c, plan.packageRoot)),
  unit: 's',
});

/**
 * Cursor: .cursor/hooks.json ({"version":1,"hooks":{"sessionStart":[{command,timeout}]}}). The CLI
 * reads sessionStart's additional_context; the IDE may drop it (a race Cursor acknowledged), so a
 * rules file that is always applied carries the same state and is refreshed at every Stop.
 */
export const cursor: AgentAdapter = {
  name: 'cursor',
  label: 'Cursor',
  markers: ['.cursor'],
  binaries: ['cursor-agent', 'cursor'],
  budget: 6000,
  mapPayload: (raw, env) => {
    const id = str(raw.session_id) ?? str(raw.conversation_id);
    const cwd = firstString(raw.workspace_roots) ?? str(raw.cwd);
    // Older builds send no transcript_path: the transcript is found by the conversation id.
    const transcript = str(raw.transcript_path) ?? (id ? findCursorTranscript(id, env) : undefined);
    return { ...raw, ...(id ? { session_id: id } : {}), ...(cwd ? { cwd } : {}), ...(transcript ? { transcript_path: transcript } : {}) };
  },
  startOutput: (context) => JSON.stringify({ continue: true, additional_context: context }),
  stopCanBlock: false,
  install: async (plan) => [
    ...(await hooks.install(plan)),
    await installOwnFile(join(plan.projectDir, CURSOR_RULES), rulesFileText(CURSOR_RULES_HEADER, '.agent-handover/memory/layer2/current-state.md'), { dryRun: plan.dryRun, detail: msg.rulesDetail }),
    ...[await excludeLocally(plan.projectDir, [CURSOR_RULES], plan.dryRun)].filter((a) => a !== undefined),
  ],
  uninstall: async (plan) => [
    ...(await hooks.uninstall(plan)),
    ...[
      await uninstallOwnFile(join(plan.projectDir, CURSOR_RULES), plan.projectDir, plan.dryRun),
      await excludeLocally(plan.projectDir, [CURSOR_RULES], plan.dryRun, true),
    ].filter((a) => a !== undefined),
  ],
  check: async (plan) => [
    ...(await hooks.check(plan)),
    await ownFileCheck('Cursor', 'cursor', join(plan.projectDir, CURSOR_RULES)),
  ],
  manualStep: msg.cursorRules,
};
