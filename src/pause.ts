import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandHome } from './config/layout.js';

/** The first PAUSE file that exists, or undefined. Sync on purpose: it is a single stat per file. */
export function pausedBy(pauseFiles: readonly string[]): string | undefined {
  for (const f of pauseFiles) {
    const p = resolve(expandHome(f));
    if (existsSync(p)) return p;
  }
  return undefined;
}
