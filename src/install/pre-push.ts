import { basename, join } from 'node:path';
import { install as imsg } from '../messages/index.js';
import { shared as msg } from '../messages/shared.js';
import { gitHookTarget, type GitHookResult, type GitHookTarget, type HookSpec } from './git-hooks.js';
import { PACKAGE_NAME, PRE_PUSH_GUARD, shSingleQuote, type InstallKind } from './hook-command.js';
import { actionFor } from '../user-files/install-report.js';
import { lineDiff } from '../user-files/line-diff.js';
import { devHookPath, foreignInterpreter, hasEarlyExit, isEmptyHook, locateScriptLines } from './sh-hook-block.js';
import { findTextBlock, withoutTextBlock, withTextBlock } from '../user-files/text-block.js';
import { readBytes, writeUserFile, writeWithoutOurs, plannedRemoval } from '../user-files/user-file.js';
import { lefthookHasOurs, lefthookWithOurs, lefthookWithoutOurs, yamlValue, YamlConfigError } from './yaml-hook-config.js';
import { jsonEqual } from './json-format.js';

/**
 * The git pre-push hook that makes memory travel with the user's pushes (shared mode). The hook
 * itself only starts dist/hooks/pre-push.js, which detaches a bounded worker and returns at once:
 * the user's push is never slowed, blocked or failed by ours. The worker pushes with --no-verify
 * and AGENT_HANDOVER_PRE_PUSH set, so our own push never runs this hook again.
 */
export const PRE_PUSH_MARKERS = { start: `# >>> ${PACKAGE_NAME} pre-push >>>`, end: `# <<< ${PACKAGE_NAME} pre-push <<<` } as const;

/** The lines we put in a pre-push hook: safe under `sh -e` and `set -u`, silent, reads none of git's stdin. */
export function prePushBlock(kind: InstallKind, globalScript: string, projectFromTop = ''): string {
  const locate = locateScriptLines(kind, globalScript, devHookPath('pre-push', projectFromTop), '  ');
  return [
    PRE_PUSH_MARKERS.start,
    `# (added by ${PACKAGE_NAME} install-hooks; uninstall-hooks removes it) pushes the memory ref in the background; never fails your push`,
    `if [ -z "\${${PRE_PUSH_GUARD}:-}" ]; then`,
    ...locate,
    '  if [ -f "$agent_handover_js" ]; then node "$agent_handover_js" "${1:-}" >/dev/null 2>&1 </dev/null || true; fi',
    'fi',
    PRE_PUSH_MARKERS.end,
    '',
  ].join('\n');
}

/** One line for lefthook (runs from the work tree's top; `{1}` is not needed: the worker uses git.remote). */
export function prePushOneLiner(kind: InstallKind, globalScript: string, projectFromTop = ''): string {
  const js = shSingleQuote(kind === 'dev' ? devHookPath('pre-push', projectFromTop) : globalScript);
  return `[ -n "\${${PRE_PUSH_GUARD}:-}" ] || { [ -f ${js} ] && node ${js} >/dev/null 2>&1 </dev/null; } || true`;
}

/** Where our pre-push entry goes: beside the post-commit one (hook script, husky, lefthook, pre-commit). */
export async function prePushTarget(top: string): Promise<GitHookTarget> {
  const t = await gitHookTarget(top);
  if (t.manager === 'plain') return { manager: 'plain', file: join(t.hooksDir, 'pre-push') };
  if (t.manager === 'husky') return { manager: 'husky', file: join(top, '.husky', 'pre-push') };
  return { manager: t.manager, file: t.file };
}

export async function installPrePush(top: string, spec: HookSpec, dryRun: boolean): Promise<GitHookResult> {
  const target = await prePushTarget(top);
  if (target.manager === 'pre-commit') {
    // The pre-commit framework owns .git/hooks/pre-push only when installed for that stage; say the one step instead of guessing.
    const line = prePushOneLiner(spec.kind, spec.globalScript, spec.projectFromTop);
    return { action: { target: target.file, action: 'skipped', detail: msg.prePushPreCommit }, messages: [msg.prePushPreCommitFix(line)] };
  }
  if (target.manager === 'lefthook') return installInLefthook(target, spec, dryRun);
  const { file } = target;
  const bytes = await readBytes(file);
  const text = bytes?.toString('utf8');
  const ours = text !== undefined && findTextBlock(text, PRE_PUSH_MARKERS) !== undefined;
  const messages: string[] = [];
  if (text !== undefined && !ours) {
    const interp = foreignInterpreter(text);
    if (interp) return { action: { target: file, action: 'skipped', detail: imsg.hookForeignShell(interp) }, messages: [imsg.hookForeignShellFix(prePushOneLiner(spec.kind, spec.globalScript, spec.projectFromTop))] };
    if (hasEarlyExit(text)) messages.push(imsg.hookEarlyExit);
  }
  const block = prePushBlock(spec.kind, spec.globalScript, spec.projectFromTop);
  const next = text === undefined || text === '' ? (target.manager === 'plain' ? '#!/bin/sh\n' : '') + block : withTextBlock(text, block, PRE_PUSH_MARKERS);
  if (next === text) return { action: { target: file, action: 'unchanged', detail: msg.prePushUnchanged }, messages };
  if (!dryRun) await writeUserFile(file, next, { current: bytes, currentHasOurs: ours, ...(text === undefined ? { mode: 0o755 } : {}) });
  return { action: { target: file, action: actionFor(text === undefined ? 'created' : 'updated', dryRun), detail: msg.prePushAdded, diff: lineDiff(text ?? '', next, file) }, messages };
}

async function installInLefthook(target: GitHookTarget, spec: HookSpec, dryRun: boolean): Promise<GitHookResult> {
  const { file } = target;
  if (!/\.ya?ml$/.test(file)) return { action: { target: file, action: 'skipped', detail: imsg.lefthookUnsupported(file) }, messages: [imsg.lefthookUnsupported(file)] };
  const bytes = (await readBytes(file))!;
  const text = bytes.toString('utf8');
  let next: string;
  let ours: boolean;
  try {
    ours = lefthookHasOurs(text, 'pre-push') || lefthookHasOurs(text);
    next = lefthookWithOurs(text, prePushOneLiner(spec.kind, spec.globalScript, spec.projectFromTop), 'pre-push');
  } catch (err) {
    if (!(err instanceof YamlConfigError)) throw err;
    const why = imsg.lefthookInvalid(file, err.message);
    return { action: { target: file, action: 'skipped', detail: why }, messages: [why, imsg.lefthookInvalidFix(file)] };
  }
  if (next === text) return { action: { target: file, action: 'unchanged', detail: msg.prePushUnchanged }, messages: [imsg.lefthookRunInstall] };
  if (!dryRun) await writeUserFile(file, next, { current: bytes, currentHasOurs: ours });
  return { action: { target: file, action: actionFor('updated', dryRun), detail: `${msg.prePushAdded} (${basename(file)})`, diff: lineDiff(text, next, file) }, messages: [imsg.lefthookRunInstall] };
}

/** Takes our pre-push entry out of a hook script (plain, husky) or lefthook config; undefined when none is there. */
export async function uninstallPrePush(top: string, dryRun: boolean): Promise<GitHookResult['action'] | undefined> {
  const target = await prePushTarget(top);
  const bytes = await readBytes(target.file);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  let next: string;
  let deleteFile = false;
  if (target.manager === 'lefthook') {
    try {
      if (!lefthookHasOurs(text, 'pre-push')) return undefined;
      next = lefthookWithoutOurs(text, 'pre-push');
    } catch {
      return undefined;
    }
  } else if (target.manager === 'plain' || target.manager === 'husky') {
    if (!findTextBlock(text, PRE_PUSH_MARKERS)) return undefined;
    next = withoutTextBlock(text, PRE_PUSH_MARKERS);
    deleteFile = isEmptyHook(next);
  } else return undefined;
  const value = target.manager === 'lefthook' ? yamlValue(next) : undefined;
  // A YAML config is compared by value: its comments' spacing may not survive a round trip.
  const opts = { sameAsBackup: (b: string) => b === next || `${b}\n` === next || (value !== undefined && jsonEqual(yamlValue(b), value)), deleteFile, keepBackup: target.manager === 'lefthook' && lefthookHasOurs(next) };
  const outcome = dryRun ? (await plannedRemoval(target.file, opts)).outcome : await writeWithoutOurs(target.file, next, opts);
  return { target: target.file, action: actionFor(outcome, dryRun), detail: imsg.hookBlockRemoved };
}
