import { relative } from 'node:path';
import { GitError } from '../errors.js';
import { locateRepoWithGit } from '../git/locate-repo.js';
import { install as msg } from '../messages/index.js';
import { installAgentDocs } from './agent-docs.js';
import { claudeSettingsPath, installClaudeSettings } from './claude-settings.js';
import { gitHookTarget, installGitHook } from './git-hooks.js';
import { installGitignore } from './gitignore.js';
import { isCi, planInstall, type InstallOptions } from './install-options.js';
import type { InstallAction, InstallReport } from '../user-files/install-report.js';
import { join } from 'node:path';
import { registerMcp } from './mcp-register.js';

/** Branch mode: git merge drivers, so a pull that brings two current-state.md or archives never needs a human. */
async function mergeDriversAction(top: string, packageRoot: string, projectFromTop?: string): Promise<InstallAction> {
  const { installMergeDrivers, mergeDriverCommand } = await import('./merge-drivers.js');
  const r = await installMergeDrivers(top, mergeDriverCommand(packageRoot, projectFromTop));
  const action = r.attributes === 'created' ? 'created' : r.attributes === 'updated' || r.config === 'updated' ? 'updated' : 'unchanged';
  return { target: join(top, '.gitattributes'), action, detail: msg.mergeDriversDetail };
}

/** Where git stands for a project: a work tree's top, or why there is none. */
export async function gitState(projectDir: string): Promise<{ top: string } | { skip: string }> {
  try {
    // git's own answer: installing runs git, so it must be there (the disk reader would not tell).
    const info = await locateRepoWithGit(projectDir);
    return info ? { top: info.top } : { skip: msg.gitSkippedNoRepo(projectDir) };
  } catch (err) {
    if (err instanceof GitError && err.exitCode === null) return { skip: msg.gitSkippedNoGit(err.message) };
    throw err;
  }
}

/**
 * Installs the Claude Code hooks, the git post-commit hook, the .gitignore lines and the agent-doc
 * block. Settings come first: if they cannot be edited (invalid JSON), it throws before anything is
 * written. Under CI, or with no git repository (or no git), nothing is written at all: a message
 * says why, never an error (a CI checkout runs no agent; memory is committed with git).
 */
export async function installHooks(opts: InstallOptions): Promise<InstallReport> {
  const plan = planInstall(opts);
  if (isCi(plan.env)) return { actions: [], messages: [msg.skippedCi] };
  const state = await gitState(plan.projectDir);
  // User scope serves every project on the machine, so it does not need this folder to be a repository.
  if ('skip' in state && plan.scope !== 'user') return { actions: [], messages: [state.skip, msg.skippedNoRepo] };
  const report: InstallReport = { actions: [], messages: [] };
  if (plan.scope === 'user') report.messages.push(msg.userScopePaths);
  else if (plan.kind === 'global') report.messages.push(msg.globalPaths(plan.packageRoot));

  if (opts.claudeSettings !== false) {
    const settings = claudeSettingsPath(plan.scope, plan.projectDir, plan.homeDir);
    report.actions.push(await installClaudeSettings(settings, plan.wanted, plan.isOurs, plan.dryRun));
  }

  if ('skip' in state) report.messages.push(state.skip);
  else if (!plan.gitHooks) report.messages.push(msg.gitSkippedFlag);
  else {
    const target = await gitHookTarget(state.top);
    const r = await installGitHook(target, { kind: plan.kind, globalScript: plan.postCommitScript, projectFromTop: relative(state.top, plan.projectDir) }, plan.dryRun);
    report.actions.push(r.action);
    report.messages.push(...r.messages);
  }
  if ('top' in state) {
    const { installSharedParts } = await import('./shared-install.js');
    const sharedParts = await installSharedParts(state.top, plan, { prePush: opts.prePush !== false, gitHooks: plan.gitHooks && !isCi(plan.env) });
    report.actions.push(...sharedParts.actions);
    report.messages.push(...sharedParts.messages);
    report.actions.push(await installGitignore(plan.projectDir, plan.dryRun));
    if (plan.dryRun) report.messages.push(msg.mergeDriversDryRun);
    // A devDependency install is found again from the work tree at each merge (the repository may move).
    else report.actions.push(await mergeDriversAction(state.top, plan.packageRoot, plan.kind === 'dev' ? relative(state.top, plan.projectDir) : undefined));
  }

  await registerMcp(report, { projectDir: plan.projectDir, kind: plan.kind, packageRoot: plan.packageRoot, dryRun: plan.dryRun, enabled: opts.mcp !== false });
  const docs = await installAgentDocs(plan.projectDir, plan.kind, plan.dryRun);
  report.actions.push(...docs.actions);
  report.messages.push(...docs.messages);
  if (plan.dryRun) report.messages.push(msg.dryRunNote);
  return report;
}
