import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from '../project/project.js';

/** Where SessionEnd records endings until their final handover has run. */
export function pendingDir(p: Project): string {
  return join(p.layout.stateDir, 'pending-end');
}

/** Endings recorded but never finished (machine off, worker killed): SessionStart completes them. */
export async function pendingEndings(p: Project): Promise<string[]> {
  try {
    return (await readdir(pendingDir(p))).filter((f) => f.endsWith('.json')).map((f) => join(pendingDir(p), f));
  } catch {
    return [];
  }
}
