import { HandoverError, ValidationError } from '../errors.js';
import { closest } from '../config/suggest.js';
import { agents as msg } from '../messages/agents.js';
import { installKind } from '../install/hook-command.js';
import { installHooks } from '../install/install-hooks.js';
import { uninstallHooks } from '../install/uninstall-hooks.js';
import type { InstallOptions } from '../install/install-options.js';
import type { InstallReport } from '../user-files/install-report.js';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { AGENT_NAMES, type AgentAdapter, type AgentInstallPlan, type AgentName } from './adapter.js';
import { detectAgent } from './detect.js';
import { ADAPTERS, agentNamed } from './registry.js';

/**
 * The agents an --agent value names: `auto` (the default) is Claude Code plus every agent whose
 * project folder or executable is found; `all` is every agent; otherwise a comma-separated list.
 */
export function resolveAgents(spec: string | undefined, projectDir: string, env: NodeJS.ProcessEnv): { agents: AgentName[]; found: string[] } {
  const value = (spec ?? 'auto').trim().toLowerCase();
  if (value === 'all') return { agents: [...AGENT_NAMES], found: [] };
  if (value === 'auto') {
    const hits = AGENT_NAMES.filter((name) => name !== 'claude-code')
      .map((name) => ({ name, why: detectAgent(ADAPTERS[name], projectDir, env) }))
      .filter((h) => h.why !== undefined);
    const found = hits.map((h) => `${ADAPTERS[h.name].label} (${h.why})`);
    return { agents: ['claude-code', ...hits.map((h) => h.name)], found };
  }
  const agents: AgentName[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const name = agentNamed(part);
    if (!name) throw new ValidationError(msg.unknownAgent(part, AGENT_NAMES, closest(part, AGENT_NAMES)), { hint: `Use --agent ${AGENT_NAMES.join(',')}` });
    if (!agents.includes(name)) agents.push(name);
  }
  return { agents, found: [] };
}

export interface AgentsInstallOptions extends Omit<InstallOptions, 'agent'> {
  /** The --agent value: auto, all, or names separated by commas. */
  agents?: string;
}

function planFor(opts: AgentsInstallOptions): AgentInstallPlan {
  const env = opts.env ?? process.env;
  const projectDir = resolve(opts.projectDir);
  return { projectDir, packageRoot: resolve(opts.packageRoot), kind: installKind(projectDir, resolve(opts.packageRoot)), dryRun: opts.dryRun === true, homeDir: opts.homeDir ?? env.HOME ?? homedir(), env };
}

/** One agent's installer, forgiving: a config it cannot edit is reported with its fix and the others go on. */
async function each(adapters: AgentAdapter[], report: InstallReport, run: (a: AgentAdapter) => Promise<InstallReport['actions']>): Promise<AgentAdapter[]> {
  const done: AgentAdapter[] = [];
  for (const a of adapters) {
    try {
      report.actions.push(...(await run(a)));
      done.push(a);
    } catch (err) {
      if (!(err instanceof HandoverError)) throw err;
      report.actions.push({ target: err.path ?? a.label, action: 'skipped', detail: `${a.label}: ${err.message}${err.hint ? ` ${err.hint}` : ''}` });
    }
  }
  return done;
}

/**
 * install-hooks for every agent asked for: the shared part (git post-commit hook, .gitignore,
 * merge drivers, agent docs) and Claude Code's settings come from installHooks; each other agent's
 * adapter writes its own files. The report ends with the one manual step of each agent installed.
 */
export async function installAgents(opts: AgentsInstallOptions): Promise<InstallReport> {
  const plan = planFor(opts);
  const { agents, found } = resolveAgents(opts.agents, plan.projectDir, plan.env);
  const report = await installHooks({ ...opts, claudeSettings: agents.includes('claude-code') });
  const others = agents.filter((a) => a !== 'claude-code').map((a) => ADAPTERS[a]);
  if (found.length) report.messages.unshift(msg.detected(found));
  if (opts.scope === 'user' && others.length) report.messages.push(msg.projectOnly(others.map((a) => a.label)));
  const done = opts.scope === 'user' ? [] : await each(others, report, (a) => a.install(plan));
  for (const a of done) if (a.manualStep) report.messages.push(msg.manual(a.label, a.manualStep));
  return report;
}

/** The agents' config files that hold users' own settings too (their backups keep the .gitignore lines). */
const JSON_CONFIGS = ['.codex/hooks.json', '.gemini/settings.json', '.cursor/hooks.json', '.factory/hooks.json'];

/** uninstall-hooks: every agent's files by default (removing what is not there is a no-op), then the shared part. */
export async function uninstallAgents(opts: AgentsInstallOptions): Promise<InstallReport> {
  const plan = planFor(opts);
  const agents = opts.agents === undefined || opts.agents.trim().toLowerCase() === 'auto' ? [...AGENT_NAMES] : resolveAgents(opts.agents, plan.projectDir, plan.env).agents;
  const report: InstallReport = { actions: [], messages: [] };
  await each(agents.filter((a) => a !== 'claude-code').map((a) => ADAPTERS[a]), report, (a) => a.uninstall(plan));
  const shared = await uninstallHooks({ ...opts, claudeSettings: agents.includes('claude-code'), otherBackups: JSON_CONFIGS });
  return { actions: [...report.actions, ...shared.actions], messages: [...report.messages, ...shared.messages] };
}
