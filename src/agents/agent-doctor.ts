import { resolve } from 'node:path';
import { installKind } from '../install/hook-command.js';
import type { AgentCheck } from './adapter.js';
import { ADAPTERS } from './registry.js';

/** doctor's checks of each agent but Claude Code that has something of ours (the others are simply not set up here). */
export async function agentChecks(opts: { projectDir: string; packageRoot: string; homeDir: string; env: NodeJS.ProcessEnv }): Promise<Array<AgentCheck & { name: string }>> {
  const plan = { projectDir: resolve(opts.projectDir), packageRoot: resolve(opts.packageRoot), kind: installKind(resolve(opts.projectDir), resolve(opts.packageRoot)), dryRun: true, homeDir: opts.homeDir, env: opts.env };
  const out: Array<AgentCheck & { name: string }> = [];
  for (const a of Object.values(ADAPTERS)) {
    if (a.name === 'claude-code') continue;
    const checks = await a.check(plan).catch(() => []);
    if (!checks.some((c) => c.ok)) continue;
    out.push(...checks.map((c) => ({ ...c, name: `agent:${a.name}` })));
  }
  return out;
}
