import type { Config } from '../config/types.js';
import type { AgentAdapter } from './adapter.js';

/**
 * Characters of SessionStart context for one agent: context.agents.<name> when set; else
 * context.budget for Claude Code, and the smaller of context.budget and the agent's own default
 * for the others (Codex spills past ~2,500 tokens, Copilot repeats its context every turn).
 */
export function budgetFor(config: Pick<Config, 'context'>, adapter: Pick<AgentAdapter, 'name' | 'budget'>): number {
  const own = config.context.agents?.[adapter.name];
  if (typeof own === 'number') return own;
  return adapter.name === 'claude-code' ? config.context.budget : Math.min(config.context.budget, adapter.budget);
}
