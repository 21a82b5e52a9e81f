import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { install as msg } from '../messages/index.js';
import { AGENT_DOC_FILES, uninstallAgentDocs } from './agent-docs.js';
import { claudeSettingsPath, uninstallClaudeSettings } from './claude-settings.js';
import { gitHookCandidates, LEFTHOOK_CONFIGS, PRE_COMMIT_CONFIG, uninstallGitHook } from './git-hooks.js';
import { uninstallGitignore } from './gitignore.js';
import { gitState } from './install-hooks.js';
import { planInstall, type InstallOptions, type InstallPlan } from './install-options.js';
import type { InstallAction, InstallReport } from '../user-files/install-report.js';
import { backupPathFor } from '../user-files/user-file.js';
import { unregisterMcp } from './mcp-register.js';

/**
 * The reverse of installHooks with the same options: each file gets our part taken out, and goes
 * back byte for byte to its backup when ours was the only change, and the backups go. What is left
 * (the state folder, memory/) is said in the report with why.
 */
export async function uninstallHooks(opts: InstallOptions): Promise<InstallReport> {
  const plan = planInstall(opts);
  const report: InstallReport = { actions: [], messages: [] };
  if (opts.claudeSettings !== false) {
    const settings = claudeSettingsPath(plan.scope, plan.projectDir, plan.homeDir);
    report.actions.push(await uninstallClaudeSettings(settings, plan.isOurs, plan.dryRun));
  }

  const state = await gitState(plan.projectDir);
  if ('skip' in state) report.messages.push(state.skip);
  else if (!plan.gitHooks) report.messages.push(msg.gitSkippedFlag);
  else {
    // pre-push first: in a shared config file (lefthook.yml) the post-commit removal then finds the user's original.
    const prePush = await (await import('./pre-push.js')).uninstallPrePush(state.top, plan.dryRun);
    if (prePush) report.actions.push(prePush);
    for (const target of await gitHookCandidates(state.top)) {
      const action = await uninstallGitHook(target, plan.dryRun);
      if (action) report.actions.push(action);
    }
  }
  report.actions.push(...(await uninstallAgentDocs(plan.projectDir, plan.dryRun)));
  if (opts.mcp !== false) await unregisterMcp(report, { projectDir: plan.projectDir, dryRun: plan.dryRun });

  if ('top' in state) {
    if (!plan.dryRun) {
      const { uninstallMergeDrivers } = await import('./merge-drivers.js');
      const r = await uninstallMergeDrivers(state.top);
      if (r.attributes !== 'unchanged' || r.config !== 'unchanged') report.actions.push({ target: join(state.top, '.gitattributes'), action: r.attributes === 'unchanged' ? 'updated' : r.attributes, detail: 'merge drivers removed' });
    }
    // The state folder ignores itself (its own .gitignore); only a folder without one, or a backup
    // of ours still on disk, needs our lines, so neither is suddenly committable.
    const stateDir = join(plan.projectDir, '.agent-handover');
    const backups = [
      join('.claude', 'settings.json'), join('.claude', 'settings.local.json'), join('.husky', 'post-commit'),
      ...AGENT_DOC_FILES, ...LEFTHOOK_CONFIGS, PRE_COMMIT_CONFIG, ...(opts.otherBackups ?? []),
    ].map((f) => backupPathFor(join(plan.projectDir, f)));
    // A dry run restored nothing, so backups it would remove are still there: judge by the state folder alone.
    const keep = (existsSync(stateDir) && !existsSync(join(stateDir, '.gitignore'))) || (!plan.dryRun && backups.some((p) => existsSync(p)));
    report.actions.push(await uninstallGitignore(plan.projectDir, plan.dryRun, keep));
    const exclude = await uninstallInfoExclude(state.top, plan, stateDir);
    if (exclude.action) report.actions.push(exclude.action);
    if (exclude.kept) report.messages.push(exclude.kept);
    if (existsSync(stateDir)) report.messages.push(msg.stateLeft(stateDir));
    if (existsSync(join(plan.projectDir, 'memory'))) report.messages.push(msg.memoryLeft(join(plan.projectDir, 'memory')));
  }
  if (plan.dryRun) report.messages.push(msg.dryRunNote);
  return report;
}

/** Our .git/info/exclude lines go, unless something they keep out of git is still there (said why). */
async function uninstallInfoExclude(top: string, plan: InstallPlan, stateDir: string): Promise<{ action?: InstallAction; kept?: string }> {
  const [{ loadProject }, { excludeLines, removeInfoExclude }, { shared }] = await Promise.all([import('../project/project.js'), import('../user-files/info-exclude.js'), import('../messages/shared.js')]);
  const p = await loadProject(plan.projectDir, { env: plan.env, tolerateConfigError: true });
  const lines = excludeLines(top, p.layout.pauseFiles);
  const pause = p.layout.pauseFiles.find((f) => f.startsWith(top) && existsSync(f));
  const still = existsSync(stateDir) && !existsSync(join(stateDir, '.gitignore')) ? stateDir : pause;
  if (still) return { kept: shared.excludeKept(still) };
  const action = await removeInfoExclude(top, lines, plan.dryRun);
  return action ? { action } : {};
}
