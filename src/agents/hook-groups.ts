import { mergeOurHooks, removeOurHooks, type WantedHook } from '../install/settings-merge.js';
import type { HookCommandCommand } from '../install/hook-command.js';
import { isObject } from '../install/json-format.js';
import { agentHookCommand, isOurAgentCommand } from './hook-shell.js';
import { agents as msg } from '../messages/agents.js';
import type { AgentInstallPlan, AgentName, OurScript } from './adapter.js';
import type { JsonEdit } from './json-config.js';

/** One event of an agent's config and the entry it runs, with the timeout in the agent's own unit. */
export interface EventHook {
  event: string;
  script: OurScript;
  timeout: number;
}

/**
 * The JsonEdit for a config in Claude Code's shape ({"hooks":{"Event":[{"hooks":[{type,command,timeout}]}]}}),
 * which Codex, Gemini and Factory Droid share. `extra` adds keys to each of our handlers (Gemini's name).
 */
export function claudeShapeEdit(agent: AgentName, events: readonly EventHook[], plan: AgentInstallPlan, opts: { projectVar?: string; extra?: (e: EventHook) => Record<string, unknown> } = {}): JsonEdit {
  const isOurs = (cmd: unknown) => isOurAgentCommand(cmd, plan.packageRoot);
  const wanted: WantedHook[] = events.map((e) => ({
    event: e.event,
    hook: { type: 'command', command: agentHookCommand(e.script, agent, plan, opts.projectVar), timeout: e.timeout, ...(opts.extra?.(e) ?? {}) } as HookCommandCommand,
  }));
  return {
    merge: (v) => mergeOurHooks(v, wanted, isOurs),
    remove: (v) => (['all', 'events', 'groups'] as const).map((level) => removeOurHooks(v, isOurs, level)),
    hasOurs: (v) => ourEventsIn(v, isOurs).length > 0,
    detail: msg.hooksAdded(events.map((e) => e.event)),
  };
}

/** Events that have one of our commands, in a Claude-shaped or a flat ({"event":[{command}]}) config. */
export function ourEventsIn(value: unknown, isOurs: (cmd: unknown) => boolean): string[] {
  const hooks = isObject(value) && isObject(value.hooks) ? value.hooks : {};
  const commandsOf = (g: unknown) => (isObject(g) ? [g.command, g.bash, ...(Array.isArray(g.hooks) ? g.hooks.map((h) => (isObject(h) ? h.command : undefined)) : [])] : []);
  return Object.entries(hooks)
    .filter(([, entries]) => Array.isArray(entries) && entries.flatMap(commandsOf).some(isOurs))
    .map(([event]) => event);
}
