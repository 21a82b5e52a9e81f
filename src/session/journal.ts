import { open } from 'node:fs/promises';
import { readIfExists } from '../io/atomic.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Append-only JSON-lines journals (captures, commits). One small O_APPEND write plus fsync per
 * record: durable at once, and a crash mid-write leaves at worst a partial last line, which the
 * reader skips.
 */
export async function appendRecord(path: string, record: unknown): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const fh = await open(path, 'a');
  try {
    await fh.write(JSON.stringify(record) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function readRecords<T>(path: string): Promise<T[]> {
  const text = await readIfExists(path);
  if (text === undefined) return [];
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A torn last line from a crash: skip it, keep the rest.
    }
  }
  return out;
}
