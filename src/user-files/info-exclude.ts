import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { git } from '../git/git.js';
import { shared as msg } from '../messages/shared.js';
import { actionFor, type InstallAction } from './install-report.js';
import { lineDiff } from './line-diff.js';
import { findTextBlock, withoutTextBlock, withTextBlock } from './text-block.js';
import { readBytes, removeOurPart, writeUserFile } from './user-file.js';

/** What we keep out of git in every clone: our state folder (and the shared-mode memory copy in it). */
export const EXCLUDED = ['/.agent-handover/'] as const;

/** .git/info/exclude of a repository: local to the clone, shared by its work trees, never committed. */
export async function infoExcludePath(top: string): Promise<string> {
  return (await git(top, ['rev-parse', '--path-format=absolute', '--git-path', 'info/exclude'])).stdout.trim();
}

/** The exclude lines for a project: our folder and every PAUSE file inside the work tree. */
export function excludeLines(top: string, pauseFiles: readonly string[]): string[] {
  const out: string[] = [...EXCLUDED];
  for (const f of pauseFiles) {
    const rel = relative(top, f);
    if (!rel || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) continue;
    out.push(`/${rel.split(sep).join('/')}`);
  }
  return [...new Set(out)];
}

/** Lines a user may already have that mean the same. */
function present(have: Set<string>, line: string): boolean {
  const bare = line.replace(/^\//, '').replace(/\/$/, '');
  return [line, bare, `/${bare}`, `${bare}/`, `/${bare}/`].some((l) => have.has(l));
}

/**
 * Adds our lines to .git/info/exclude (never .gitignore: that file is the user's and tracked), so
 * `git status` never shows our state or PAUSE and `git add -A` never commits them.
 */
export async function ensureInfoExclude(top: string, lines: readonly string[], dryRun = false, knownFile?: string): Promise<InstallAction> {
  const file = knownFile ?? (await infoExcludePath(top));
  const bytes = await readBytes(file);
  const text = bytes?.toString('utf8');
  const markers = { start: msg.excludeComment, body: lines };
  const ours = text !== undefined && findTextBlock(text, markers) !== undefined;
  const have = new Set((text === undefined ? '' : withoutTextBlock(text, markers)).split('\n').map((l) => l.trim()));
  const missing = lines.filter((l) => !present(have, l));
  const next = missing.length === 0 ? (ours ? withoutTextBlock(text!, markers) : text) : withTextBlock(text, `${[msg.excludeComment, ...missing].join('\n')}\n`, markers);
  if (next === text || next === undefined) return { target: file, action: 'unchanged', detail: msg.excludeUnchanged };
  if (!dryRun) {
    await mkdir(dirname(file), { recursive: true });
    await writeUserFile(file, next, { current: bytes, currentHasOurs: ours });
  }
  return { target: file, action: actionFor(text === undefined ? 'created' : 'updated', dryRun), detail: msg.excludeAdded, diff: lineDiff(text ?? '', next, file) };
}

/**
 * The reverse of ensureInfoExclude: our block goes (the file back byte for byte when ours was the
 * only change). Nothing when the block is not there.
 */
export async function removeInfoExclude(top: string, lines: readonly string[], dryRun = false): Promise<InstallAction | undefined> {
  const file = await infoExcludePath(top);
  const text = (await readBytes(file))?.toString('utf8');
  const markers = { start: msg.excludeComment, body: lines };
  if (text === undefined || !findTextBlock(text, markers)) return undefined;
  const next = withoutTextBlock(text, markers);
  const opts = { sameAsBackup: (b: string) => b === next, deleteFile: next.trim() === '' };
  const r = await removeOurPart(file, text, next, opts, dryRun);
  return { target: file, action: actionFor(r.outcome, dryRun), detail: msg.excludeRemoved, diff: r.diff };
}
