import { open, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `data` so a reader sees the old bytes or the new bytes, never a mix: npm's
 * write-file-atomic writes a uniquely named temp file in the same folder, fsyncs it and renames it
 * over the target; we then fsync the folder so the rename itself survives a power cut.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, opts: { mode?: number; durable?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // durable: false still never exposes a torn file (temp + rename) but skips the fsyncs: for
  // caches and reports that are rebuilt when missing (the note index, publish results).
  const durable = opts.durable !== false;
  // Loaded on first write: read-only commands (`check`, `status`) never pay for it.
  const { default: writeFileAtomicLib } = await import('write-file-atomic');
  await writeFileAtomicLib(path, data, { fsync: durable, ...(opts.mode === undefined ? {} : { mode: opts.mode }) });
  if (durable) await fsyncDir(dir);
}

export async function fsyncDir(dir: string): Promise<void> {
  let handle;
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

/** Reads a file or returns undefined when it does not exist; other errors propagate. */
export async function readIfExists(path: string): Promise<string | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
