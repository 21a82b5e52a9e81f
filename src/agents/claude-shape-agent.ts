import { join } from 'node:path';
import { agents as msg } from '../messages/agents.js';
import { installJsonConfig, peekJson, uninstallJsonConfig, type JsonEdit } from './json-config.js';
import { claudeShapeEdit, ourEventsIn, type EventHook } from './hook-groups.js';
import { isOurAgentCommand } from './hook-shell.js';
import type { AgentCheck, AgentInstallPlan, AgentName } from './adapter.js';

/** install / uninstall / check of a hooks file in Claude Code's shape (Codex, Gemini, Droid) or `edit`'s (Cursor). */
export function claudeShapeInstaller(agent: AgentName, label: string, rel: string, events: readonly EventHook[], opts: { projectVar?: string; extra?: (e: EventHook) => Record<string, unknown>; maxTimeout?: Partial<Record<string, number>>; unit: string; edit?: (plan: AgentInstallPlan) => JsonEdit }) {
  const edit = opts.edit ?? ((plan: AgentInstallPlan) => claudeShapeEdit(agent, events, plan, opts));
  return {
    install: async (plan: AgentInstallPlan) => [await installJsonConfig(join(plan.projectDir, rel), edit(plan), plan.dryRun)],
    uninstall: async (plan: AgentInstallPlan) => {
      const a = await uninstallJsonConfig(join(plan.projectDir, rel), edit(plan), plan.dryRun);
      return a ? [a] : [];
    },
    check: async (plan: AgentInstallPlan): Promise<AgentCheck[]> => {
      const file = join(plan.projectDir, rel);
      const value = await peekJson(file);
      const have = ourEventsIn(value, (c) => isOurAgentCommand(c, plan.packageRoot));
      const missing = events.map((e) => e.event).filter((e) => !have.includes(e));
      const out: AgentCheck[] = [missing.length ? { ok: false, text: msg.checkMissing(label, file, missing), fix: msg.reinstallFix(agent) } : { ok: true, text: msg.checkInstalled(label, file, have) }];
      for (const [event, max] of Object.entries(opts.maxTimeout ?? {})) {
        const got = timeoutOf(value, event, plan.packageRoot);
        if (got !== undefined && max !== undefined && got > max) out.push({ ok: false, text: msg.checkTimeout(label, event, got, max, opts.unit), fix: msg.reinstallFix(agent) });
      }
      return out;
    },
  };
}

function timeoutOf(value: unknown, event: string, packageRoot: string): number | undefined {
  const groups = (value as { hooks?: Record<string, unknown> } | undefined)?.hooks?.[event];
  if (!Array.isArray(groups)) return undefined;
  for (const g of groups) for (const h of (g as { hooks?: unknown[] })?.hooks ?? []) {
    const o = h as { command?: unknown; timeout?: unknown };
    if (isOurAgentCommand(o?.command, packageRoot) && typeof o.timeout === 'number') return o.timeout;
  }
  return undefined;
}
