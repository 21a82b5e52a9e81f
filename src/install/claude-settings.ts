import { dirname, join } from 'node:path';
import { HandoverError } from '../errors.js';
import { install as msg } from '../messages/index.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { DEFAULT_JSON_FORMAT, formatJson, jsonEqual } from './json-format.js';
import { editJsonText, loadJsonc, parseJsonc } from './json-edit.js';
import { lineDiff } from '../user-files/line-diff.js';
import { mergeOurHooks, ourHooksIn, pruneLike, removeOurHooks, SettingsShapeError, type WantedHook } from './settings-merge.js';
import { backupPathFor, readBytes, removeDirIfEmpty, removeOurPart, writeUserFile } from '../user-files/user-file.js';

export type SettingsScope = 'project' | 'local' | 'user';

export class SettingsError extends HandoverError {
  constructor(message: string, opts: { path: string; hint: string; cause?: unknown }) {
    super('SETTINGS_INVALID', message, opts);
    this.name = 'SettingsError';
  }
}

export function claudeSettingsPath(scope: SettingsScope, projectDir: string, homeDir: string): string {
  if (scope === 'user') return join(homeDir, '.claude', 'settings.json');
  return join(projectDir, '.claude', scope === 'local' ? 'settings.local.json' : 'settings.json');
}

/** The parsed settings file; undefined when it does not exist; SettingsError when it is not JSON. */
export async function readClaudeSettings(file: string): Promise<{ bytes: Buffer; text: string; value: unknown } | undefined> {
  const bytes = await readBytes(file);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  const jsonc = await loadJsonc();
  try {
    return { bytes, text, value: parseJsonc(jsonc, text) };
  } catch (err) {
    throw new SettingsError(msg.settingsInvalidJson(file, (err as Error).message), { path: file, hint: msg.settingsInvalidJsonFix(file), cause: err });
  }
}

function shaped<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SettingsShapeError) throw new SettingsError(msg.settingsBadShape(file, err.message), { path: file, hint: msg.settingsBadShapeFix(file) });
    throw err;
  }
}

/** Merges our hooks into one settings file; a second run with the same hooks writes nothing. */
export async function installClaudeSettings(file: string, wanted: readonly WantedHook[], isOurs: (cmd: unknown) => boolean, dryRun: boolean): Promise<InstallAction> {
  const current = await readClaudeSettings(file);
  const before = current?.value ?? {};
  const merged = shaped(file, () => mergeOurHooks(before, wanted, isOurs));
  if (current && jsonEqual(merged, before)) return { target: file, action: 'unchanged', detail: msg.settingsUnchanged };
  // The file is edited in place: only our hooks change, the user's layout and comments stay.
  const text = current && current.text.trim() !== '' ? editJsonText(await loadJsonc(), current.text, before, merged) : formatJson(merged, DEFAULT_JSON_FORMAT);
  const diff = lineDiff(current?.text ?? '', text, file);
  const kind = current ? 'updated' : 'created';
  if (!dryRun) await writeUserFile(file, text, { current: current?.bytes, currentHasOurs: ourHooksIn(before, isOurs).length > 0 });
  return { target: file, action: actionFor(kind, dryRun), detail: msg.settingsAdded(wanted.map((w) => w.event)), diff };
}

/**
 * Takes our hooks out of one settings file: the backup's exact bytes come back when the result
 * equals it; a file install created and that holds nothing else is deleted, with its .claude folder
 * when that is left empty.
 */
export async function uninstallClaudeSettings(file: string, isOurs: (cmd: unknown) => boolean, dryRun: boolean): Promise<InstallAction> {
  const current = await readClaudeSettings(file);
  if (!current || ourHooksIn(current.value, isOurs).length === 0) return { target: file, action: 'unchanged', detail: msg.settingsNoneOfOurs };
  // The backup (the file before install) says which containers our removal may empty: the user's
  // own empty lists stay; without a backup, whatever our removal emptied goes.
  const jsonc = await loadJsonc();
  const backupValue = (await readClaudeSettings(backupPathFor(file)).catch(() => undefined))?.value;
  const pruned = shaped(file, () => (backupValue === undefined ? removeOurHooks(current.value, isOurs, 'all') : pruneLike(removeOurHooks(current.value, isOurs, 'groups'), backupValue)));
  const text = editJsonText(jsonc, current.text, current.value, pruned);
  const opts = {
    sameAsBackup: () => backupValue !== undefined && jsonEqual(backupValue, pruned),
    deleteFile: jsonEqual(pruned, {}),
  };
  const r = await removeOurPart(file, current.text, text, opts, dryRun);
  if (!dryRun && r.outcome === 'removed') await removeDirIfEmpty(dirname(file));
  const detail = r.outcome === 'restored' ? msg.settingsRestored : r.outcome === 'removed' ? msg.settingsDeleted : r.backup ? msg.settingsRemovedBackupDropped : msg.settingsRemoved;
  return { target: file, action: actionFor(r.outcome, dryRun), detail, diff: r.diff };
}
