import { join } from 'node:path';
import { install as msg } from '../messages/index.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { lineDiff } from '../user-files/line-diff.js';
import { findTextBlock, withoutTextBlock, withTextBlock, type BlockMarkers } from '../user-files/text-block.js';
import { readBytes, removeOurPart, writeUserFile } from '../user-files/user-file.js';

const COMMENT = '# agent-handover: machine-local state and install backups';
const LINES = ['.agent-handover/', '*.agent-handover.bak'] as const;
const MARKERS: BlockMarkers = { start: COMMENT, body: LINES };
// Lines a user may already have that ignore the same thing.
const EQUIVALENT: Record<string, string[]> = {
  '.agent-handover/': ['.agent-handover/', '.agent-handover', '/.agent-handover/', '/.agent-handover', '.agent-handover/*', '/.agent-handover/*'],
  '*.agent-handover.bak': ['*.agent-handover.bak'],
};

export async function installGitignore(projectDir: string, dryRun: boolean): Promise<InstallAction> {
  const file = join(projectDir, '.gitignore');
  const bytes = await readBytes(file);
  const text = bytes?.toString('utf8');
  const ours = text !== undefined && findTextBlock(text, MARKERS) !== undefined;
  const have = new Set((text === undefined ? '' : withoutTextBlock(text, MARKERS)).split('\n').map((l) => l.trim()));
  const missing = LINES.filter((l) => !EQUIVALENT[l]!.some((e) => have.has(e)));
  const next = missing.length === 0 ? (ours ? withoutTextBlock(text!, MARKERS) : text) : withTextBlock(text, `${[COMMENT, ...missing].join('\n')}\n`, MARKERS);
  if (next === text) return { target: file, action: 'unchanged', detail: msg.gitignoreUnchanged };
  if (!dryRun) await writeUserFile(file, next ?? '', { current: bytes, currentHasOurs: ours });
  return { target: file, action: actionFor(text === undefined ? 'created' : 'updated', dryRun), detail: msg.gitignoreAdded, diff: lineDiff(text ?? '', next ?? '', file) };
}

/** Takes our lines out, unless `keep` (machine-local state still exists and must stay ignored). */
export async function uninstallGitignore(projectDir: string, dryRun: boolean, keep: boolean): Promise<InstallAction> {
  const file = join(projectDir, '.gitignore');
  const text = (await readBytes(file))?.toString('utf8');
  if (text === undefined || !findTextBlock(text, MARKERS)) return { target: file, action: 'unchanged', detail: msg.nothingOfOurs };
  if (keep) return { target: file, action: 'skipped', detail: msg.gitignoreKept };
  const next = withoutTextBlock(text, MARKERS);
  const opts = { sameAsBackup: (b: string) => b === next || `${b}\n` === next, deleteFile: next.trim() === '' };
  const r = await removeOurPart(file, text, next, opts, dryRun);
  return { target: file, action: actionFor(r.outcome, dryRun), detail: r.outcome === 'restored' ? msg.settingsRestored : msg.gitignoreRemoved, diff: r.diff };
}
