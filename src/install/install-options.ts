import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { claudeHookCommand, CLAUDE_HOOK_EVENTS, installKind, isOurCommand, ourClaudeHooks, type InstallKind } from './hook-command.js';
import type { SettingsScope } from './claude-settings.js';

export interface InstallOptions {
  projectDir: string;
  /** Root of this agent-handover package (the CLI passes it; bundled code cannot find it reliably). */
  packageRoot: string;
  agent?: 'claude-code';
  scope?: SettingsScope;
  /** false: leave git hooks alone (--no-git-hooks). */
  gitHooks?: boolean;
  /** false: no pre-push hook (--no-pre-push); memory then travels only with `agent-handover sync`. */
  prePush?: boolean;
  /** false: register no MCP server (--no-mcp). */
  mcp?: boolean;
  dryRun?: boolean;
  homeDir?: string;
  env?: NodeJS.ProcessEnv;
  /** false: leave Claude Code's settings alone (install-hooks --agent without claude-code). */
  claudeSettings?: boolean;
  /** Project-relative files of other agents' installers whose backups keep the .gitignore lines (uninstall). */
  otherBackups?: readonly string[];
}

export type InstallPlan = ReturnType<typeof planInstall>;

/** Everything install and uninstall derive from the options, computed once. */
export function planInstall(opts: InstallOptions) {
  if (opts.agent !== undefined && opts.agent !== 'claude-code') throw new ValidationError(`Unsupported agent ${JSON.stringify(opts.agent)}.`, { hint: 'Use --agent claude-code.' });
  const projectDir = resolve(opts.projectDir);
  const packageRoot = resolve(opts.packageRoot);
  const env = opts.env ?? process.env;
  const scope = opts.scope ?? 'project';
  // A user-scope hook runs in every project, most of which have no node_modules/agent-handover.
  const kind: InstallKind = scope === 'user' ? 'global' : installKind(projectDir, packageRoot);
  const exact = CLAUDE_HOOK_EVENTS.flatMap((e) => [claudeHookCommand(e.script, 'dev', packageRoot), claudeHookCommand(e.script, 'global', packageRoot)]);
  return {
    projectDir,
    packageRoot,
    scope,
    gitHooks: opts.gitHooks !== false,
    dryRun: opts.dryRun === true,
    homeDir: opts.homeDir ?? env.HOME ?? homedir(),
    env,
    kind,
    wanted: ourClaudeHooks((s) => claudeHookCommand(s, kind, packageRoot)),
    isOurs: (cmd: unknown) => isOurCommand(cmd, exact),
    postCommitScript: join(packageRoot, 'dist', 'hooks', 'post-commit.js'),
  };
}

/** CI=true (or 1): a checkout that nobody commits in by hand. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const v = (env.CI ?? '').toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}
