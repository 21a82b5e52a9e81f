import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates the machine-local state folder with a `.gitignore` of `*` inside it, so the folder stays
 * out of `git status` even before install-hooks has added it to the project's .gitignore.
 */
export function ensureStateDir(stateDir: string): void {
  const ignore = join(stateDir, '.gitignore');
  if (existsSync(ignore)) return;
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(ignore, '# machine-local agent-handover state; never committed\n*\n');
}
