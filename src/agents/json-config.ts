import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HandoverError } from '../errors.js';
import { agents as msg } from '../messages/agents.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { DEFAULT_JSON_FORMAT, detectJsonFormat, formatJson, jsonEqual, parseJsonText } from '../install/json-format.js';
import { lineDiff } from '../user-files/line-diff.js';
import { readBytes, removeOurPart, writeUserFile } from '../user-files/user-file.js';

// The JSON config files of agents other than Claude Code. TODO(merge): edit them in place with
// src/install/json-edit.ts (jsonc-parser), as Claude Code's settings are.

async function readConfig(file: string): Promise<{ bytes: Buffer; text: string; value: unknown } | undefined> {
  const bytes = await readBytes(file);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  try {
    return { bytes, text, value: parseJsonText(text) };
  } catch (err) {
    throw new HandoverError('SETTINGS_INVALID', msg.invalidJson(file, (err as Error).message), { path: file, hint: msg.invalidJsonFix(file), cause: err });
  }
}

export interface JsonEdit {
  /** The value with our entries merged in; throws a plain Error when the shape is not one we may edit. */
  merge(value: unknown): unknown;
  /** Candidate values without our entries, most tidied first (a backup may match any of them). */
  remove(value: unknown): unknown[];
  hasOurs(value: unknown): boolean;
  detail: string;
}

function shaped<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof HandoverError) throw err;
    throw new HandoverError('SETTINGS_INVALID', msg.badShape(file, (err as Error).message), { path: file, hint: msg.badShapeFix(file) });
  }
}

/** Merges our entries into one JSON file; a second run writes nothing; the user's original is kept as a backup. */
export async function installJsonConfig(file: string, edit: JsonEdit, dryRun: boolean): Promise<InstallAction> {
  const current = await readConfig(file);
  const before = current?.value ?? {};
  const merged = shaped(file, () => edit.merge(before));
  if (current && jsonEqual(merged, before)) return { target: file, action: 'unchanged', detail: msg.unchanged };
  const text = formatJson(merged, current ? detectJsonFormat(current.text) : DEFAULT_JSON_FORMAT);
  const diff = lineDiff(current?.text ?? '', text, file);
  if (!dryRun) {
    await mkdir(dirname(file), { recursive: true });
    await writeUserFile(file, text, { current: current?.bytes, currentHasOurs: edit.hasOurs(before) });
  }
  return { target: file, action: actionFor(current ? 'updated' : 'created', dryRun), detail: edit.detail, diff };
}

/**
 * Takes our entries out: the backup's exact bytes come back when the result equals it; a file
 * install created that holds nothing else is deleted.
 */
export async function uninstallJsonConfig(file: string, edit: JsonEdit, dryRun: boolean): Promise<InstallAction | undefined> {
  const current = await readConfig(file);
  if (!current || !edit.hasOurs(current.value)) return undefined;
  const variants = shaped(file, () => edit.remove(current.value));
  const pruned = variants[0] ?? {};
  const text = formatJson(pruned, detectJsonFormat(current.text));
  const opts = {
    sameAsBackup: (backup: string) => {
      try {
        const b = parseJsonText(backup);
        return variants.some((v) => jsonEqual(b, v));
      } catch {
        return false;
      }
    },
    deleteFile: jsonEqual(pruned, {}),
  };
  // The agent's folder (.codex, .gemini…) stays: it may have been there, empty, before install.
  const r = await removeOurPart(file, current.text, text, opts, dryRun);
  const detail = r.outcome === 'restored' ? msg.restored : r.outcome === 'removed' ? msg.deleted : msg.removed;
  return { target: file, action: actionFor(r.outcome, dryRun), detail, diff: r.diff };
}

/** The parsed value of a config file, or undefined when absent or unreadable (doctor). */
export async function peekJson(file: string): Promise<unknown> {
  return readConfig(file).then((c) => c?.value, () => undefined);
}
