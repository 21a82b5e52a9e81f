import { PACKAGE_NAME, shSingleQuote, type InstallKind } from './hook-command.js';

export const BLOCK_START = `# >>> ${PACKAGE_NAME} post-commit >>>`;
export const BLOCK_END = `# <<< ${PACKAGE_NAME} post-commit <<<`;

/** dist/hooks/<script>.js of a devDependency install, relative to the work tree's top. */
export function devHookPath(script: string, projectFromTop = ''): string {
  const js = `node_modules/${PACKAGE_NAME}/dist/hooks/${script}.js`;
  return projectFromTop === '' ? js : `${projectFromTop.split('\\').join('/')}/${js}`;
}

/**
 * Sets $agent_handover_js: a devDependency install is found from the work tree's top, then from the
 * main checkout (a worktree without node_modules); never an absolute path, so the hook survives
 * moving the repository. `indent` is the lines' leading white space.
 */
export function locateScriptLines(kind: InstallKind, globalScript: string, devJs: string, indent = ''): string[] {
  return kind === 'dev'
    ? [
        `${indent}agent_handover_js="$(git rev-parse --show-toplevel 2>/dev/null || true)/"${shSingleQuote(devJs)}`,
        `${indent}[ -f "$agent_handover_js" ] || agent_handover_js="$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)/../"${shSingleQuote(devJs)}`,
      ]
    : [`${indent}agent_handover_js=${shSingleQuote(globalScript)}`];
}

/**
 * The lines we put in a post-commit hook. Safe under `sh -e` and `set -u` (husky runs hooks with
 * -e): every command that may fail is guarded, and nothing is printed.
 */
export function postCommitBlock(kind: InstallKind, globalScript: string, projectFromTop = ''): string {
  const locate = locateScriptLines(kind, globalScript, devHookPath('post-commit', projectFromTop));
  return [
    `${BLOCK_START} (added by ${PACKAGE_NAME} install-hooks; uninstall-hooks removes it)`,
    ...locate,
    'if [ -f "$agent_handover_js" ]; then node "$agent_handover_js" >/dev/null 2>&1 </dev/null || true; fi',
    BLOCK_END,
    '',
  ].join('\n');
}

/** One line for hook managers that run a shell command from the work tree's top (lefthook, pre-commit). */
export function postCommitOneLiner(kind: InstallKind, globalScript: string, projectFromTop = ''): string {
  const js = shSingleQuote(kind === 'dev' ? devHookPath('post-commit', projectFromTop) : globalScript);
  return `[ -f ${js} ] && node ${js} >/dev/null 2>&1 </dev/null || true`;
}

/** Where our block sits in a hook's text (start of the start marker line to after the end marker line). */
export function findBlock(text: string): { start: number; end: number } | undefined {
  const s = text.search(new RegExp(`^${escapeRe(BLOCK_START)}`, 'm'));
  if (s < 0) return undefined;
  const e = text.indexOf(BLOCK_END, s);
  if (e < 0) return undefined;
  const nl = text.indexOf('\n', e);
  return { start: s, end: nl < 0 ? text.length : nl + 1 };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The hook text with our block added (replacing an older version of it in place). */
export function withBlock(text: string | undefined, block: string, opts: { shebang: boolean }): string {
  if (text === undefined || text === '') return (opts.shebang ? '#!/bin/sh\n' : '') + block;
  const span = findBlock(text);
  if (span) return text.slice(0, span.start) + block + text.slice(span.end);
  return text + (text.endsWith('\n') ? '' : '\n') + block;
}

export function withoutBlock(text: string): string {
  const span = findBlock(text);
  return span ? text.slice(0, span.start) + text.slice(span.end) : text;
}

/** True when nothing but our shebang and blank lines is left: the file was ours alone. */
export function isEmptyHook(text: string): boolean {
  return text.replace(/^#!\/bin\/sh[^\n]*\n?/, '').trim() === '';
}

const SH_LIKE = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(?:\/(?:usr\/)?(?:local\/)?bin\/)?(sh|bash|dash|zsh|ksh|ash|busybox\s+sh)\b/;

/** The interpreter line of a hook that is not a shell script (we cannot append sh to it), if any. */
export function foreignInterpreter(text: string): string | undefined {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return undefined;
  return SH_LIKE.test(first) ? undefined : first;
}

/** A top-level exit/exec before our block means our block may never run. */
export function hasEarlyExit(text: string): boolean {
  return /^(?:exit|exec)\b/m.test(text);
}
