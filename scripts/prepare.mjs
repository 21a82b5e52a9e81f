// npm runs `prepare` after `npm install` / `npm ci` here and when the package is installed from a
// git URL (npm clones it, installs the dev dependencies, runs prepare, then packs it): a clone has
// no dist/, so build it. When dist/ is already built this does nothing, so `npm install` in a
// working copy stays cheap (`npm test` and `npm pack` build anyway).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = ['dist/cli.js', 'dist/index.js', 'dist/types/index.d.ts', 'dist/hooks/stop.js'].every((f) => existsSync(join(root, f)));
if (built) process.exit(0);
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
