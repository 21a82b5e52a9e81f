import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { git } from '../git/git.js';
import { install as msg } from '../messages/index.js';
import type { InstallKind } from './hook-command.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { lineDiff } from '../user-files/line-diff.js';
import { findBlock, foreignInterpreter, hasEarlyExit, isEmptyHook, postCommitBlock, postCommitOneLiner, withBlock, withoutBlock } from './sh-hook-block.js';
import { readBytes, removeOurPart, writeUserFile } from '../user-files/user-file.js';
import {
  lefthookHasOurs, lefthookWithOurs, lefthookWithoutOurs, preCommitHasOurs, preCommitWithOurs, preCommitWithoutOurs, yamlValue, YamlConfigError,
} from './yaml-hook-config.js';
import { jsonEqual } from './json-format.js';

export type HookManager = 'plain' | 'husky' | 'lefthook' | 'pre-commit';

/** Where our post-commit hook goes: a hook script (plain, husky) or a hook manager's config. */
export interface GitHookTarget {
  manager: HookManager;
  file: string;
}

export const LEFTHOOK_CONFIGS = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml', '.config/lefthook.yml', '.config/lefthook.yaml'];
const LEFTHOOK_OTHER = ['lefthook.toml', '.lefthook.toml', 'lefthook.json', '.lefthook.json'];
export const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';

/** The folder git runs hooks from (`core.hooksPath` and worktrees honoured), absolute. */
export async function gitHooksDir(cwd: string): Promise<string> {
  const r = await git(cwd, ['rev-parse', '--path-format=absolute', '--git-path', 'hooks']);
  return r.stdout.trim();
}

/**
 * Who runs git hooks here. husky v9 points core.hooksPath at .husky/_ (its own wrappers, which we
 * never touch) and runs .husky/<hook>; lefthook and the pre-commit framework regenerate the hook
 * scripts from their config, so the entry belongs there.
 */
export async function gitHookTarget(top: string): Promise<GitHookTarget & { hooksDir: string }> {
  const hooksDir = await gitHooksDir(top);
  if (basename(hooksDir) === '_' && basename(dirname(hooksDir)) === '.husky') return { manager: 'husky', file: join(dirname(hooksDir), 'post-commit'), hooksDir };
  const lefthook = LEFTHOOK_CONFIGS.find((f) => existsSync(join(top, f))) ?? LEFTHOOK_OTHER.find((f) => existsSync(join(top, f)));
  if (lefthook) return { manager: 'lefthook', file: join(top, lefthook), hooksDir };
  if (existsSync(join(top, PRE_COMMIT_CONFIG))) return { manager: 'pre-commit', file: join(top, PRE_COMMIT_CONFIG), hooksDir };
  return { manager: 'plain', file: join(hooksDir, 'post-commit'), hooksDir };
}

export interface GitHookResult {
  action: InstallAction;
  messages: string[];
}

export interface HookSpec {
  kind: InstallKind;
  /** Absolute path of the hook's dist/hooks/<hook>.js, used for a global install. */
  globalScript: string;
  /** The project folder relative to the work tree's top ('' when it is the top): where node_modules is. */
  projectFromTop?: string;
}

export async function installGitHook(target: GitHookTarget, spec: HookSpec, dryRun: boolean): Promise<GitHookResult> {
  if (target.manager === 'lefthook' || target.manager === 'pre-commit') return installInConfig(target, spec, dryRun);
  return installScript(target, spec, dryRun);
}

async function installScript(target: GitHookTarget, spec: HookSpec, dryRun: boolean): Promise<GitHookResult> {
  const { file } = target;
  const bytes = await readBytes(file);
  const text = bytes?.toString('utf8');
  const messages: string[] = target.manager === 'husky' ? [msg.huskyNote] : [];
  const block = postCommitBlock(spec.kind, spec.globalScript, spec.projectFromTop);
  const ours = text !== undefined && findBlock(text) !== undefined;
  if (text !== undefined && !ours) {
    const interp = foreignInterpreter(text);
    if (interp) {
      const line = postCommitOneLiner(spec.kind, spec.globalScript, spec.projectFromTop);
      return { action: { target: file, action: 'skipped', detail: msg.hookForeignShell(interp) }, messages: [...messages, msg.hookForeignShellFix(line)] };
    }
    if (hasEarlyExit(text)) messages.push(msg.hookEarlyExit);
  }
  // husky v9 runs .husky/<hook> with `sh -e`; it needs no shebang, and `husky init` writes none.
  const next = withBlock(text, block, { shebang: target.manager === 'plain' });
  if (next === text) return { action: { target: file, action: 'unchanged', detail: msg.hookUnchanged }, messages };
  const kind = text === undefined ? 'created' : 'updated';
  const detail = text === undefined ? msg.hookCreated : ours ? msg.hookBlockAdded : msg.hookChained;
  if (!dryRun) await writeUserFile(file, next, { current: bytes, currentHasOurs: ours, ...(text === undefined ? { mode: 0o755 } : {}) });
  return { action: { target: file, action: actionFor(kind, dryRun), detail, diff: lineDiff(text ?? '', next, file) }, messages };
}

async function installInConfig(target: GitHookTarget, spec: HookSpec, dryRun: boolean): Promise<GitHookResult> {
  const { file, manager } = target;
  if (manager === 'lefthook' && !/\.ya?ml$/.test(file)) return { action: { target: file, action: 'skipped', detail: msg.lefthookUnsupported(file) }, messages: [msg.lefthookUnsupported(file)] };
  const bytes = (await readBytes(file))!;
  const text = bytes.toString('utf8');
  const line = postCommitOneLiner(spec.kind, spec.globalScript, spec.projectFromTop);
  let next: string;
  let ours: boolean;
  try {
    ours = manager === 'lefthook' ? lefthookHasOurs(text) : preCommitHasOurs(text);
    next = manager === 'lefthook' ? lefthookWithOurs(text, line) : preCommitWithOurs(text, `sh -c '${line.replace(/'/g, `'\\''`)}'`);
  } catch (err) {
    if (!(err instanceof YamlConfigError)) throw err;
    const why = manager === 'lefthook' ? msg.lefthookInvalid(file, err.message) : msg.preCommitInvalid(file, err.message);
    return { action: { target: file, action: 'skipped', detail: why }, messages: [why, msg.lefthookInvalidFix(file)] };
  }
  const note = manager === 'lefthook' ? msg.lefthookRunInstall : msg.preCommitRunInstall;
  if (next === text) return { action: { target: file, action: 'unchanged', detail: msg.configEntryUnchanged }, messages: [note] };
  if (!dryRun) await writeUserFile(file, next, { current: bytes, currentHasOurs: ours });
  const detail = manager === 'lefthook' ? msg.lefthookAdded(basename(file)) : msg.preCommitAdded(basename(file));
  return { action: { target: file, action: actionFor('updated', dryRun), detail, diff: lineDiff(text, next, file) }, messages: [note] };
}

/** Every place an install of ours may have left a post-commit entry (the manager may have changed since). */
export async function gitHookCandidates(top: string): Promise<GitHookTarget[]> {
  const hooksDir = await gitHooksDir(top);
  const out: GitHookTarget[] = [{ manager: 'plain', file: join(hooksDir, 'post-commit') }];
  const gitDefault = (await git(top, ['rev-parse', '--path-format=absolute', '--git-common-dir'])).stdout.trim();
  if (join(gitDefault, 'hooks') !== hooksDir) out.push({ manager: 'plain', file: join(gitDefault, 'hooks', 'post-commit') });
  out.push({ manager: 'husky', file: join(top, '.husky', 'post-commit') });
  for (const f of LEFTHOOK_CONFIGS) out.push({ manager: 'lefthook', file: join(top, f) });
  out.push({ manager: 'pre-commit', file: join(top, PRE_COMMIT_CONFIG) });
  return out.filter((t) => existsSync(t.file));
}

/** Takes our entry out of one hook script or config; undefined when nothing of ours is there. */
export async function uninstallGitHook(target: GitHookTarget, dryRun: boolean): Promise<InstallAction | undefined> {
  const { file, manager } = target;
  const bytes = await readBytes(file);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  let next: string;
  let sameAsBackup: (b: string) => boolean;
  let deleteFile = false;
  if (manager === 'plain' || manager === 'husky') {
    if (!findBlock(text)) return undefined;
    next = withoutBlock(text);
    // Appending added a newline when the user's hook lacked a final one.
    sameAsBackup = (b) => b === next || `${b}\n` === next;
    deleteFile = isEmptyHook(next);
  } else {
    try {
      if (!(manager === 'lefthook' ? lefthookHasOurs(text) : preCommitHasOurs(text))) return undefined;
      next = manager === 'lefthook' ? lefthookWithoutOurs(text) : preCommitWithoutOurs(text);
    } catch (err) {
      if (err instanceof YamlConfigError) return { target: file, action: 'skipped', detail: msg.preCommitInvalid(file, err.message) };
      throw err;
    }
    const value = yamlValue(next);
    sameAsBackup = (b) => b === next || (value !== undefined && jsonEqual(yamlValue(b), value));
  }
  const opts = { sameAsBackup, deleteFile, keepBackup: manager === 'lefthook' && lefthookHasOurs(next, 'pre-push') };
  const r = await removeOurPart(file, text, next, opts, dryRun);
  const detail = r.outcome === 'restored' ? msg.settingsRestored : r.outcome === 'removed' ? msg.settingsDeleted : manager === 'plain' || manager === 'husky' ? msg.hookBlockRemoved : msg.configEntryRemoved;
  return { target: file, action: actionFor(r.outcome, dryRun), detail, diff: r.diff };
}
