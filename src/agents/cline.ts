import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { agents as msg } from '../messages/agents.js';
import { firstString, str, type AgentAdapter, type AgentCheck, type AgentInstallPlan, type Obj, type OurScript } from './adapter.js';
import { agentHookCommand } from './hook-shell.js';
import { installOwnFile, OWN_MARKER, ownFileState, uninstallOwnFile } from './own-file.js';

/** Cline runs the executable named after the hook; 30 s fixed timeout and 1 MB of output. */
export const CLINE_HOOKS: ReadonlyArray<{ event: string; script: OurScript }> = [
  { event: 'TaskStart', script: 'session-start' },
  { event: 'TaskResume', script: 'session-start' },
  { event: 'TaskComplete', script: 'stop' },
  { event: 'TaskCancel', script: 'stop' },
  { event: 'PreCompact', script: 'pre-compact' },
];

export const CLINE_DIR = '.clinerules/hooks';

export function clineScript(event: string, script: OurScript, plan: Pick<AgentInstallPlan, 'kind' | 'packageRoot'>): string {
  return ['#!/bin/sh', `# ${OWN_MARKER}: Cline ${event} hook of agent-handover (uninstall-hooks removes it).`, agentHookCommand(script, 'cline', plan), ''].join('\n');
}

/**
 * Where Cline keeps a task's api_conversation_history.json: the CLI's ~/.cline/data, or the VS Code
 * extension's global storage (Code, Cursor, VSCodium; Linux and macOS). Not verified against a
 * live install; a task found nowhere is handed over from git and captures alone.
 */
export function clineTaskFile(taskId: string, env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HOME ?? homedir();
  const ext = 'saoudrizwan.claude-dev';
  const roots = [
    ...(env.CLINE_DIR ? [join(env.CLINE_DIR, 'data', 'tasks')] : []),
    join(home, '.cline', 'data', 'tasks'),
    ...['Code', 'Cursor', 'VSCodium', 'Code - Insiders'].flatMap((app) => [
      join(home, '.config', app, 'User', 'globalStorage', ext, 'tasks'),
      join(home, 'Library', 'Application Support', app, 'User', 'globalStorage', ext, 'tasks'),
    ]),
  ];
  return roots.map((r) => join(r, taskId, 'api_conversation_history.json')).find((f) => existsSync(f));
}

/**
 * Cline: executable hooks in .clinerules/hooks/, one per event. The payload names the task
 * (taskId) and the workspace; every answer is one line of JSON with cancel:false, the start's
 * carrying the context as contextModification.
 */
export const cline: AgentAdapter = {
  name: 'cline',
  label: 'Cline',
  markers: ['.clinerules'],
  binaries: ['cline'],
  budget: 8000,
  mapPayload: (raw: Obj, env) => {
    const id = str(raw.taskId) ?? (typeof raw.taskId === 'number' ? String(raw.taskId) : undefined);
    const cwd = firstString(raw.workspaceRoots) ?? str(raw.workspacePath) ?? str(raw.cwd);
    const transcript = id ? clineTaskFile(id, env) : undefined;
    const hook = str(raw.hookName);
    return {
      ...raw,
      ...(id ? { session_id: id } : {}),
      ...(cwd ? { cwd } : {}),
      ...(transcript ? { transcript_path: transcript } : {}),
      ...(hook === 'TaskResume' ? { source: 'resume' } : hook === 'TaskStart' ? { source: 'startup' } : {}),
      ...(hook === 'TaskCancel' ? { reason: 'cancelled' } : {}),
    };
  },
  startOutput: (context) => JSON.stringify({ cancel: false, contextModification: context, errorMessage: '' }),
  quietOutput: JSON.stringify({ cancel: false }),
  stopCanBlock: false,
  install: async (plan) => {
    const out = [];
    for (const h of CLINE_HOOKS) out.push(await installOwnFile(join(plan.projectDir, CLINE_DIR, h.event), clineScript(h.event, h.script, plan), { dryRun: plan.dryRun, mode: 0o755, detail: msg.scriptDetail(h.event) }));
    return out;
  },
  uninstall: async (plan) => {
    const out = [];
    for (const h of CLINE_HOOKS) out.push(await uninstallOwnFile(join(plan.projectDir, CLINE_DIR, h.event), plan.projectDir, plan.dryRun));
    return out.filter((a) => a !== undefined);
  },
  check: async (plan): Promise<AgentCheck[]> => {
    const out: AgentCheck[] = [];
    for (const h of CLINE_HOOKS) {
      const file = join(plan.projectDir, CLINE_DIR, h.event);
      if ((await ownFileState(file)) !== 'ours') out.push({ ok: false, text: msg.checkFileMissing('Cline', file), fix: msg.reinstallFix('cline') });
      else if (((await stat(file)).mode & 0o111) === 0) out.push({ ok: false, text: msg.checkNotExecutable('Cline', file), fix: `chmod +x "${file}"` });
      else out.push({ ok: true, text: msg.checkFile('Cline', file) });
    }
    return out;
  },
  manualStep: msg.clineMac,
};
