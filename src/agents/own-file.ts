import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { agents as msg } from '../messages/agents.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { lineDiff } from '../user-files/line-diff.js';
import { readBytes, removeDirIfEmpty } from '../user-files/user-file.js';
import type { AgentCheck, AgentInstallPlan, AgentName } from './adapter.js';

/** Text every file we own carries, so uninstall and a re-install know it is ours. */
export const OWN_MARKER = 'agent-handover:generated';

/**
 * Writes a file that is ours alone (a hooks file, a hook script, a plugin, a rules file). A file of
 * the same name without our marker is the user's and is never overwritten.
 */
export async function installOwnFile(file: string, text: string, opts: { dryRun: boolean; mode?: number; detail: string }): Promise<InstallAction> {
  const current = (await readBytes(file))?.toString('utf8');
  if (current !== undefined && !current.includes(OWN_MARKER)) return { target: file, action: 'skipped', detail: msg.notOurs };
  if (current === text) return { target: file, action: 'unchanged', detail: msg.unchanged };
  if (!opts.dryRun) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text, opts.mode === undefined ? {} : { mode: opts.mode });
    // The umask may have narrowed the mode at creation; an executable hook must be executable.
    if (opts.mode !== undefined) await chmod(file, opts.mode);
  }
  return { target: file, action: actionFor(current === undefined ? 'created' : 'updated', opts.dryRun), detail: opts.detail, diff: lineDiff(current ?? '', text, file) };
}

/** Removes a file of ours, and the folders below the agent's folder in `stopAt` that this leaves empty. */
export async function uninstallOwnFile(file: string, stopAt: string, dryRun: boolean): Promise<InstallAction | undefined> {
  const current = (await readBytes(file))?.toString('utf8');
  if (current === undefined || !current.includes(OWN_MARKER)) return undefined;
  if (!dryRun) {
    await rm(file, { force: true });
    // The agent's own folder (.cursor, .github, .clinerules…) stays even when empty: it may have
    // been there, empty, before install, and git does not see an empty folder anyway.
    for (let dir = dirname(file); dirname(dir) !== stopAt && !relative(stopAt, dir).startsWith('..') && dir.includes(sep); dir = dirname(dir)) await removeDirIfEmpty(dir);
  }
  return { target: file, action: actionFor('removed', dryRun), detail: msg.ownRemoved };
}

export async function ownFileState(file: string): Promise<'ours' | 'theirs' | 'absent'> {
  const current = (await readBytes(file))?.toString('utf8');
  return current === undefined ? 'absent' : current.includes(OWN_MARKER) ? 'ours' : 'theirs';
}

export async function ownFileCheck(label: string, agent: AgentName, file: string): Promise<AgentCheck> {
  if ((await ownFileState(file)) === 'ours') return { ok: true, text: msg.checkFile(label, file) };
  return { ok: false, text: msg.checkFileMissing(label, file), fix: msg.reinstallFix(agent) };
}

/** install / uninstall / check for an agent whose hooks are one file of ours (Copilot CLI, OpenCode). */
export function ownFileInstaller(
  agent: AgentName, label: string, rel: string, textFor: (plan: AgentInstallPlan) => string, detail: string,
) {
  return {
    install: async (plan: AgentInstallPlan) => [await installOwnFile(join(plan.projectDir, rel), textFor(plan), { dryRun: plan.dryRun, detail })],
    uninstall: async (plan: AgentInstallPlan) => {
      const a = await uninstallOwnFile(join(plan.projectDir, rel), plan.projectDir, plan.dryRun);
      return a ? [a] : [];
    },
    check: async (plan: AgentInstallPlan) => [await ownFileCheck(label, agent, join(plan.projectDir, rel))],
  };
}
