import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeError } from '../errors.js';
import { git } from '../git/git.js';
import { locateRepo } from '../git/locate-repo.js';
import { readText } from '../git/loose-objects.js';
import { defaultPauseFiles, layoutFromConfig } from '../config/layout.js';
import { doctor as msg, shared as smsg } from '../messages/index.js';
import { loadProject } from '../project/project.js';
import { pausedBy } from '../pause.js';
import { claudeSettingsPath, readClaudeSettings, type SettingsScope } from '../install/claude-settings.js';
import { gitHookTarget } from '../install/git-hooks.js';
import { CLAUDE_HOOK_EVENTS, claudeHookCommand, isOurCommand } from '../install/hook-command.js';
import { gitState } from '../install/install-hooks.js';
import { ourHooksIn } from '../install/settings-merge.js';
import { findBlock } from '../install/sh-hook-block.js';
import { readBytes } from '../user-files/user-file.js';
import { mcpRegistrations } from '../install/mcp-register.js';
import { mcpInstall as mcpMsg } from '../messages/recall.js';
import { lefthookHasOurs, preCommitHasOurs } from '../install/yaml-hook-config.js';
import { hookTarget, which } from './hook-script.js';
import { agentChecks } from '../agents/agent-doctor.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  level: 'ok' | 'warn' | 'error';
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** False when any check is an error (warnings do not count). */
  ok: boolean;
}

export interface DoctorOptions {
  projectDir: string;
  packageRoot: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** How many log entries to show (default 5). */
  logLines?: number;
}

const ok = (name: string, detail: string): DoctorCheck => ({ name, ok: true, level: 'ok', detail });
const warn = (name: string, detail: string, fix: string): DoctorCheck => ({ name, ok: false, level: 'warn', detail, fix });
const error = (name: string, detail: string, fix: string): DoctorCheck => ({ name, ok: false, level: 'error', detail, fix });

/** What is installed, what is missing or broken, each problem with its fix. Never throws for a finding. */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const projectDir = resolve(opts.projectDir);
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir ?? env.HOME ?? homedir();
  const checks: Array<DoctorCheck | undefined> = [];
  const agents = await agentChecks({ projectDir, packageRoot: opts.packageRoot, homeDir, env });
  const claude = await settingsChecks(projectDir, opts.packageRoot, homeDir, env);
  // Hooks for another agent alone is a valid install: Claude Code's missing hooks are not an error then.
  checks.push(...(agents.length ? claude.filter((c) => c.name !== 'hooks' || c.detail !== msg.noHooksInstalled) : claude));
  checks.push(...agents.map((a) => (a.ok ? ok(a.name, a.text) : warn(a.name, a.text, a.fix ?? ''))));
  const node = which('node', env);
  checks.push(node ? ok('node', msg.nodeFound(node)) : error('node', msg.nodeMissing, msg.nodeMissingFix));
  checks.push(await gitHookCheck(projectDir));
  checks.push(await mcpCheck(projectDir));
  const config = await configCheck(projectDir, env);
  checks.push(config.check);
  if (config.sharedMemoryDir) checks.push(await sharedModeCheck(projectDir, env));
  checks.push(...(await memoryFolderChecks(projectDir, env)));
  const pause = pausedBy(config.pauseFiles ?? defaultPauseFiles(projectDir, env));
  checks.push(pause ? warn('pause', msg.paused(pause), msg.pausedFix(pause)) : ok('pause', msg.notPaused));
  checks.push(await gitignoreCheck(projectDir));
  checks.push(await staleLockCheck(projectDir));
  checks.push(await abandonedCheck(join(projectDir, '.agent-handover')));
  checks.push(await scoreTrendCheck(join(projectDir, '.agent-handover')));
  checks.push(await logCheck(join(projectDir, '.agent-handover', 'log'), opts.logLines ?? 5));
  const found = checks.filter((c) => c !== undefined);
  return { checks: found, ok: found.every((c) => c.level !== 'error') };
}

async function settingsChecks(projectDir: string, packageRoot: string, homeDir: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const exact = CLAUDE_HOOK_EVENTS.flatMap((e) => [claudeHookCommand(e.script, 'dev', packageRoot), claudeHookCommand(e.script, 'global', packageRoot)]);
  const found: Array<{ event: string; hook: Record<string, unknown> }> = [];
  let plugin = false;
  for (const scope of ['project', 'local', 'user'] as SettingsScope[]) {
    const file = claudeSettingsPath(scope, projectDir, homeDir);
    let settings;
    try {
      settings = await readClaudeSettings(file);
    } catch (err) {
      checks.push(error(`settings:${scope}`, describeError(err).split('\n')[0] ?? '', `Fix the JSON in ${file}.`));
      continue;
    }
    if (!settings) continue;
    const ours = ourHooksIn(settings.value, (c) => isOurCommand(c, exact));
    found.push(...ours);
    const enabled = (settings.value as { enabledPlugins?: Record<string, unknown> }).enabledPlugins;
    if (enabled && Object.entries(enabled).some(([k, v]) => k.startsWith('agent-handover@') && v === true)) {
      plugin = true;
      checks.push(ok(`plugin:${scope}`, msg.pluginEnabled(file)));
    }
    if (ours.length) checks.push(ok(`settings:${scope}`, msg.settingsHas(file, [...new Set(ours.map((o) => o.event))])));
  }
  if (found.length === 0) {
    if (!plugin) checks.push(error('hooks', msg.noHooksInstalled, msg.installFix));
    return checks;
  }
  const missing = CLAUDE_HOOK_EVENTS.map((e) => e.event).filter((e) => !found.some((f) => f.event === e));
  if (missing.length) checks.push(warn('hooks', msg.missingEvents(missing), msg.reinstallFix));
  for (const { event, hook } of found) {
    const command = String(hook.command);
    if (typeof hook.timeout !== 'number') checks.push(warn(`timeout:${event}`, msg.noTimeout(event), msg.reinstallFix));
    const target = hookTarget(command, projectDir);
    if (!target) checks.push(warn(`command:${event}`, msg.commandUnknown(event, command), msg.reinstallFix));
    else if ('script' in target) {
      const fallback = !existsSync(target.script) && target.mainWorktreeFallback ? await mainWorktreeScript(projectDir, target.script) : undefined;
      if (existsSync(target.script)) checks.push(ok(`command:${event}`, msg.commandRuns(event, target.script)));
      else if (fallback) checks.push(ok(`command:${event}`, msg.commandRunsFromMain(event, fallback)));
      else checks.push(error(`command:${event}`, msg.scriptMissing(event, target.script), msg.scriptMissingFix));
    } else {
      const onPath = target.cli === 'npx agent-handover' ? existsSync(join(projectDir, 'node_modules', '.bin', 'agent-handover')) || which('agent-handover', env) : which('agent-handover', env);
      checks.push(onPath ? ok(`command:${event}`, msg.commandRuns(event, String(onPath === true ? 'node_modules/.bin/agent-handover' : onPath))) : error(`command:${event}`, msg.cliMissing(event), msg.cliMissingFix));
    }
  }
  return checks;
}

/** An upgrade from a version with the CommonJS bin leaves MCP registrations that start nothing. */
async function mcpCheck(projectDir: string): Promise<DoctorCheck | undefined> {
  const { current, old } = await mcpRegistrations(projectDir);
  if (old.length) return error('mcp', mcpMsg.mcpOld(old), mcpMsg.mcpOldFix);
  return current.length ? ok('mcp', mcpMsg.mcpCurrent(current)) : undefined;
}

async function gitHookCheck(projectDir: string): Promise<DoctorCheck> {
  const state = await gitState(projectDir);
  if ('skip' in state) return warn('git-hook', state.skip, msg.noRepoFix);
  const target = await gitHookTarget(state.top);
  const text = (await readBytes(target.file))?.toString('utf8');
  const sh = target.manager === 'plain' || target.manager === 'husky';
  let has = false;
  try {
    has = text !== undefined && (sh ? !!findBlock(text) : target.manager === 'lefthook' ? lefthookHasOurs(text) : preCommitHasOurs(text));
  } catch {
    has = false;
  }
  if (!has) return warn('git-hook', msg.gitHookMissing(target.file), msg.gitHookFix);
  if (target.manager === 'plain' && (statSync(target.file).mode & 0o111) === 0) return error('git-hook', msg.gitHookNotExecutable(target.file), msg.gitHookNotExecutableFix(target.file));
  const installCmd = target.manager === 'lefthook' ? 'npx lefthook install' : 'pre-commit install --hook-type post-commit';
  if (!sh && !existsSync(join(target.hooksDir, 'post-commit'))) return warn('git-hook', msg.gitHookManagerNotInstalled(target.manager, installCmd), installCmd);
  return ok('git-hook', msg.gitHookOk(target.file));
}

async function configCheck(projectDir: string, env: NodeJS.ProcessEnv): Promise<{ check: DoctorCheck; pauseFiles?: string[]; sharedMemoryDir?: string }> {
  try {
    const config = await (await import('../config/load.js')).loadConfig(projectDir);
    const layout = layoutFromConfig(projectDir, config, env);
    return { check: ok('config', msg.configOk), pauseFiles: layout.pauseFiles, ...(config.git.mode === 'shared' ? { sharedMemoryDir: layout.memoryDir } : {}) };
  } catch (err) {
    return { check: error('config', msg.configError(describeError(err)), msg.configFix) };
  }
}

async function gitignoreCheck(projectDir: string): Promise<DoctorCheck> {
  try {
    const r = await git(projectDir, ['check-ignore', '-q', '.agent-handover/'], { okCodes: [1, 128] });
    if (r.code === 128) return ok('gitignore', msg.ignoreNoRepo);
    return r.code === 0 ? ok('gitignore', msg.ignored) : warn('gitignore', msg.notIgnored, msg.notIgnoredFix);
  } catch {
    return ok('gitignore', msg.ignoreNoRepo);
  }
}

async function logCheck(file: string, n: number): Promise<DoctorCheck> {
  const lines = (await import('../io/log.js')).readLogTail(file, n);
  return lines.length ? warn('log', msg.logErrors(lines.length, file, lines), msg.logFix(file)) : ok('log', msg.logClean);
}

async function scoreTrendCheck(stateDir: string): Promise<DoctorCheck | undefined> {
  const { readScoresAt } = await import('../score/handover-score.js');
  const { trendLine } = await import('../score/score-report.js');
  const t = trendLine((await readScoresAt(join(stateDir, 'scores.jsonl')).catch(() => ({ scores: [] }))).scores);
  if (!t) return undefined;
  return t.falling ? warn('handover-score', t.text, msg.scoreFallingFix) : ok('handover-score', t.text);
}

async function abandonedCheck(stateDir: string): Promise<DoctorCheck> {
  const runs = (await (await import('../pipeline/run-records.js')).readAbandoned(stateDir)).slice(-5);
  return runs.length ? warn('abandoned-runs', msg.abandonedRuns(runs.map((r) => `${r.at} run ${r.run_id} (session ${r.session}): step ${r.step}: ${r.reason}`)), msg.abandonedFix(join(stateDir, 'abandoned.json'))) : ok('abandoned-runs', msg.noAbandoned);
}

/** The copy a linked worktree's hook command falls back to: the same path in the main worktree. */
async function mainWorktreeScript(projectDir: string, script: string): Promise<string | undefined> {
  const at = script.indexOf('/node_modules/');
  const repo = await locateRepo(projectDir);
  if (at < 0 || !repo) return undefined;
  const candidate = join(repo.commonDir, '..', script.slice(at + 1));
  return existsSync(candidate) ? resolve(candidate) : undefined;
}

/**
 * Shared mode keeps memory on its own ref; notes left on branches from branch mode are only safe
 * once they are on the ref too (`agent-handover migrate` copies them, touching no branch).
 */
async function sharedModeCheck(projectDir: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  try {
    const p = await loadProject(projectDir, { env, tolerateConfigError: true });
    const missing = await (await import('../sync/migrate.js')).unmigratedNotes(p);
    return missing.length ? warn('shared-mode', smsg.migrate.doctor(missing.length), smsg.migrate.doctorFix) : ok('shared-mode', smsg.migrate.doctorOk(p.config.git.ref));
  } catch (err) {
    return warn('shared-mode', describeError(err), smsg.migrate.doctorFix);
  }
}

/** A memory folder that holds the user's files is refused; branch mode states what it cannot prevent. */
async function memoryFolderChecks(projectDir: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  try {
    const p = await loadProject(projectDir, { env, tolerateConfigError: true });
    const out: DoctorCheck[] = [];
    const foreign = await (await import('../pipeline/memory-guard.js')).foreignMemoryFiles(p);
    if (foreign.length) out.push(error('memory-folder', smsg.memoryRootForeign(p.config.memoryRoot, foreign), smsg.memoryRootForeignFix));
    if (p.config.git.mode === 'branch') out.push(warn('branch-mode', smsg.branchModeCaveats, smsg.branchModeCaveatsFix));
    return out;
  } catch {
    return [];
  }
}

// A lock this old is not a git command at work: it was left by one that was killed.
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Lock files git leaves behind when it is killed (index, HEAD, the current branch, packed-refs):
 * while one exists every commit fails, the user's and the handovers'. Reported, never removed:
 * only the user can know that no git command is running.
 */
async function staleLockCheck(projectDir: string): Promise<DoctorCheck | undefined> {
  const repo = await locateRepo(projectDir);
  if (!repo) return undefined;
  const head = readText(join(repo.gitDir, 'HEAD'))?.trim();
  const branchRef = head?.startsWith('ref: ') ? head.slice(5) : undefined;
  const candidates = [join(repo.gitDir, 'index.lock'), join(repo.gitDir, 'HEAD.lock'), join(repo.commonDir, 'packed-refs.lock'), ...(branchRef ? [join(repo.commonDir, `${branchRef}.lock`)] : [])];
  const now = Date.now();
  const stale = candidates.filter((f) => {
    try {
      return now - statSync(f).mtimeMs > STALE_LOCK_MS;
    } catch {
      return false;
    }
  });
  return stale.length ? warn('git-locks', msg.staleLocks(stale), msg.staleLocksFix(stale)) : ok('git-locks', msg.noStaleLocks);
}
