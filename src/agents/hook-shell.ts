import { join, resolve } from 'node:path';
import { PACKAGE_NAME, shDoubleQuote } from '../install/hook-command.js';
import type { AgentInstallPlan, AgentName, OurScript } from './adapter.js';

/**
 * The sh command an agent runs for one of our hook entries. A devDependency install is found from
 * the agent's project variable (else the folder the agent runs hooks in), then from the top of its
 * git work tree, then next to the common git folder (a linked worktree has no node_modules of its
 * own); with none, it does nothing and exits 0, so a missing install never breaks the agent.
 * `--agent` tells the entry whose payload and envelope these are.
 */
export function agentHookCommand(script: OurScript, agent: AgentName, plan: Pick<AgentInstallPlan, 'kind' | 'packageRoot'>, projectVar?: string): string {
  if (plan.kind === 'global') return `node ${shDoubleQuote(join(resolve(plan.packageRoot), 'dist', 'hooks', `${script}.js`))} --agent ${agent}`;
  const rel = `node_modules/${PACKAGE_NAME}/dist/hooks/${script}.js`;
  const dir = projectVar ? `\${${projectVar}:-$PWD}` : '$PWD';
  return [
    `d="${dir}"`,
    `f="$d/${rel}"`,
    `[ -f "$f" ] || f="$(git -C "$d" rev-parse --show-toplevel 2>/dev/null)/${rel}"`,
    `[ -f "$f" ] || f="$(git -C "$d" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../${rel}"`,
    `[ -f "$f" ] && exec node "$f" --agent ${agent}`,
    'exit 0',
  ].join('; ');
}

/** Recognises one of our commands in an agent's config, whatever install kind wrote it. */
export function isOurAgentCommand(command: unknown, packageRoot?: string): boolean {
  if (typeof command !== 'string') return false;
  if (command.includes(`${PACKAGE_NAME}/dist/hooks/`) || command.includes(`${PACKAGE_NAME} hook `)) return true;
  return packageRoot !== undefined && command.includes(join(resolve(packageRoot), 'dist', 'hooks') + '/');
}
