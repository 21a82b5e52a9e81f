import { relative } from 'node:path';
import { loadProject } from '../project/project.js';
import { shared as msg } from '../messages/shared.js';
import type { InstallPlan } from './install-options.js';
import type { InstallAction } from '../user-files/install-report.js';
import { ensureInfoExclude, excludeLines } from '../user-files/info-exclude.js';
import { installPrePush } from './pre-push.js';

/**
 * The repository-safety part of install-hooks: .git/info/exclude keeps .agent-handover/ and PAUSE
 * out of git in this clone; in shared mode a pre-push hook carries the memory ref with the user's
 * pushes; a memory folder holding the user's files is refused, with the way out.
 */
export async function installSharedParts(top: string, plan: InstallPlan, opts: { prePush: boolean; gitHooks: boolean }): Promise<{ actions: InstallAction[]; messages: string[] }> {
  const actions: InstallAction[] = [];
  const messages: string[] = [];
  const p = await loadProject(plan.projectDir, { env: plan.env, tolerateConfigError: true });
  actions.push(await ensureInfoExclude(top, excludeLines(top, p.layout.pauseFiles), plan.dryRun));
  const { foreignMemoryFiles } = await import('../pipeline/memory-guard.js');
  const foreign = await foreignMemoryFiles(p);
  if (foreign.length) messages.push(`${msg.memoryRootForeign(relative(top, p.layout.memoryDir) || '.', foreign)} ${msg.memoryRootForeignFix}`);
  if (!opts.gitHooks) return { actions, messages };
  if (p.config.git.mode !== 'shared') messages.push(msg.prePushBranchMode);
  else if (!opts.prePush) messages.push(msg.prePushSkippedFlag);
  else {
    const r = await installPrePush(top, { kind: plan.kind, globalScript: plan.postCommitScript.replace(/post-commit\.js$/, 'pre-push.js'), projectFromTop: relative(top, plan.projectDir) }, plan.dryRun);
    actions.push(r.action);
    messages.push(...r.messages);
  }
  return { actions, messages };
}
