import { stat } from 'node:fs/promises';

/**
 * A payload's transcript path as we may keep it (checkpoint, session state): a regular file, or
 * one that does not exist yet. A FIFO, device, socket or folder is refused (undefined), since
 * reading one can block or never end, and a kept path would be read again by every later turn.
 * stat() only looks at the inode, so this never blocks whatever the path is.
 */
export async function keepableTranscript(path: string | undefined): Promise<{ path?: string; refused?: string }> {
  if (!path) return {};
  try {
    const st = await stat(path);
    return st.isFile() ? { path } : { refused: path };
  } catch {
    return { path };
  }
}
