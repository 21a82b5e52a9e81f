import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ensureStateDir } from '../io/state-dir.js';

/**
 * The end of a handover tells the recall index which note it rewrote, without opening the index
 * (no SQLite in the Stop hook): one line appended to index/changed.jsonl with the note's folder
 * mtime before and after the write. The index applies the lines at its next refresh and, when the
 * stamps chain from the folder mtime it last saw to the current one, re-reads only those notes
 * instead of every file of the folder. A lost or garbled line costs only that shortcut.
 */
export interface ChangeMark {
  /** Path relative to the memory root. */
  rel: string;
  folder: string;
  before: number | null;
  after: number | null;
}

export const CHANGES_FILE = 'changed.jsonl';

export function recallDir(stateDir: string): string {
  return join(stateDir, 'index');
}

/** The folder mtime now, to pass as `before` to markChanged after the write. */
export function folderStamp(file: string): number | null {
  try {
    return statSync(dirname(file)).mtimeMs;
  } catch {
    return null;
  }
}

/** Best effort: the index is a cache and catches up by folder stamps whatever happens here. */
export function markChanged(stateDir: string, memoryDir: string, file: string, before: number | null): void {
  try {
    const rel = relative(memoryDir, file).split('\\').join('/');
    if (rel.startsWith('..')) return;
    const mark: ChangeMark = { rel, folder: rel.slice(0, rel.lastIndexOf('/')), before, after: folderStamp(file) };
    const dir = recallDir(stateDir);
    ensureStateDir(stateDir);
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, CHANGES_FILE), `${JSON.stringify(mark)}\n`);
  } catch {
    // see above
  }
}

export function readChangeMarks(stateDir: string): ChangeMark[] {
  let text: string;
  try {
    text = readFileSync(join(recallDir(stateDir), CHANGES_FILE), 'utf8');
  } catch {
    return [];
  }
  const out: ChangeMark[] = [];
  for (const line of text.split('\n')) {
    try {
      const m = JSON.parse(line) as Partial<ChangeMark>;
      if (typeof m.rel === 'string' && typeof m.folder === 'string') out.push({ rel: m.rel, folder: m.folder, before: m.before ?? null, after: m.after ?? null });
    } catch {
      // a torn last line
    }
  }
  return out;
}

export function clearChangeMarks(stateDir: string): void {
  rmSync(join(recallDir(stateDir), CHANGES_FILE), { force: true });
}
