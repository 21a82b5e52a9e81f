import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pidAlive } from './pid.js';

/**
 * Writes `data` so a reader sees the old bytes or the new bytes, never a mix: a uniquely named temp
 * file in the same folder, fsync, rename over the target, fsync the folder so the rename itself
 * survives a power cut. (npm's write-file-atomic does the first three but not the folder fsync, and
 * sets up exit handlers in every hook process that loads it; this is the whole algorithm.)
 */
export async function writeFileAtomic(path: string, data: string | Buffer, opts: { mode?: number; durable?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // durable: false still never exposes a torn file (temp + rename) but skips the fsyncs: for
  // caches and reports that are rebuilt when missing (the note index, publish results).
  const durable = opts.durable !== false;
  // Unique enough with the pid, and 'wx' below refuses to reuse a name; no crypto module on the
  // read-only hot path (`check` loads this file through Checkpoint).
  const suffix = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${suffix}.tmp`);
  let handle;
  try {
    // Like write-file-atomic: a replaced file keeps its mode (an executable git hook stays one).
    let mode = opts.mode;
    if (mode === undefined) mode = await stat(path).then((st) => st.mode & 0o7777, () => undefined);
    handle = await open(tmp, 'wx', mode ?? 0o644);
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    if (durable) await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (!durable) return;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Some filesystems refuse fsync on a directory (EINVAL/EISDIR/EPERM); the rename still happened.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const TEMP_RE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes temp files that a killed writer left under `dir` (their writer's pid is in the name and
 * no longer runs), so a crash mid-write can never put a temp file into a commit.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    const m = e.isFile() ? TEMP_RE.exec(e.name) : null;
    if (!m || pidAlive(Number(m[1]))) continue;
    const p = join((e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path, e.name);
    await unlink(p).catch(() => undefined);
    removed.push(p);
  }
  return removed;
}
