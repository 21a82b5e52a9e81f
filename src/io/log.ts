import { appendFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic.js';

const MAX_BYTES = 256 * 1024;

/** Appends one entry to the hook log and keeps the file bounded (the newest half survives a trim). */
export async function appendLog(path: string, event: string, text: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${new Date().toISOString()} [${event}] ${text.replace(/\n/g, '\n    ')}\n`);
  if (statSync(path).size > MAX_BYTES) {
    const buf = readFileSync(path);
    const tail = buf.subarray(buf.length - MAX_BYTES / 2);
    const nl = tail.indexOf(10);
    await writeFileAtomic(path, tail.subarray(nl + 1));
  }
}

export function readLogTail(path: string, n: number): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l)).slice(-n);
  } catch {
    return [];
  }
}
