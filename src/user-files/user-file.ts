import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomic.js';
import { lineDiff } from './line-diff.js';

/** The copy of a user's file taken before our first change to it. */
export function backupPathFor(file: string): string {
  return `${file}.agent-handover.bak`;
}

export async function readBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes our new version of a user's file. When the current bytes hold nothing of ours they are the
 * user's own, so they become the backup (replacing a stale one from an earlier install).
 */
export async function writeUserFile(file: string, text: string, opts: { current: Buffer | undefined; currentHasOurs: boolean; mode?: number }): Promise<void> {
  if (opts.current !== undefined && !opts.currentHasOurs) await writeFileAtomic(backupPathFor(file), opts.current);
  const mode = opts.mode ?? (await stat(file).then((s) => s.mode & 0o7777, () => undefined));
  await writeFileAtomic(file, text, mode === undefined ? {} : { mode });
}

export type RemovalOutcome = 'restored' | 'removed' | 'updated';
type RemovalOptions = { sameAsBackup: (backup: string) => boolean; deleteFile: boolean; keepBackup?: boolean };

/**
 * Writes a user's file with our part taken out. When the backup says the result is what the user
 * had (per `sameAsBackup`), the backup's exact bytes go back; when nothing of the user's is left
 * (`deleteFile`), the file goes. The backup goes in every case: once our part is out it is either
 * restored or older than the user's later edits, which the result keeps.
 */
export async function writeWithoutOurs(file: string, text: string, opts: RemovalOptions): Promise<RemovalOutcome> {
  const plan = await plannedRemoval(file, opts);
  if (plan.outcome === 'restored' && plan.backup) await writeFileAtomic(file, plan.backup);
  else if (plan.outcome === 'removed') await rm(file, { force: true });
  else await writeFileAtomic(file, text);
  // A file that still holds another entry of ours (lefthook's post-commit and pre-push) keeps its
  // backup, so the last removal can still give the user's bytes back.
  if (!opts.keepBackup || plan.outcome !== 'updated') await rm(backupPathFor(file), { force: true });
  return plan.outcome;
}

/** What a removal would do, without writing: the same decision as writeWithoutOurs. */
export async function plannedRemoval(file: string, opts: RemovalOptions): Promise<{ outcome: RemovalOutcome; backup?: Buffer }> {
  const backup = await readBytes(backupPathFor(file));
  if (backup !== undefined && opts.sameAsBackup(backup.toString('utf8'))) return { outcome: 'restored', backup };
  if (opts.deleteFile && backup === undefined) return { outcome: 'removed' };
  return backup === undefined ? { outcome: 'updated' } : { outcome: 'updated', backup };
}

/** writeWithoutOurs (only planned in a dry run), with the diff from `text` to what the file then holds. */
export async function removeOurPart(
  file: string, text: string, next: string, opts: RemovalOptions, dryRun: boolean,
): Promise<{ outcome: RemovalOutcome; backup?: Buffer; diff: string }> {
  const plan = await plannedRemoval(file, opts);
  if (!dryRun) await writeWithoutOurs(file, next, opts);
  const after = plan.outcome === 'restored' ? plan.backup!.toString('utf8') : plan.outcome === 'removed' ? '' : next;
  return { ...plan, diff: lineDiff(text, after, file) };
}

export async function removeDirIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // Not empty any more, or already gone: either way there is nothing for us to do.
  }
}
