// Shared by bench.mjs and torture.mjs: where the built package is, and an environment in which no
// developer config (git identity, HOME, agent variables, a PAUSE file) can change a result.
import { copyFileSync, cpSync, existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export let DIST = join(ROOT, 'dist');
// The bin users run (npx agent-handover).
export let CLI = join(DIST, 'cli.js');
export let HOOKS = join(DIST, 'hooks');
export const SHARED = resolve(ROOT, '../shared');
export const FIXTURES = join(SHARED, 'fixtures/transcripts/claude-code');

/** Fails early with the command that fixes it, instead of a wall of spawn errors. */
export function requireBuild() {
  if (!existsSync(CLI) || !existsSync(join(HOOKS, 'stop.js'))) throw new Error(`dist/ is missing: run \`node scripts/build.mjs --no-types\` in ${ROOT} first`);
  if (!existsSync(FIXTURES)) throw new Error(`${FIXTURES} is missing: these scripts need ../shared beside the project`);
}

/**
 * A fresh temp folder named <prefix><pid>-<n>, not mkdtemp's random suffix: that suffix ends up in
 * notes (transcript paths) and the redactor's high-entropy detector can flag it, which would make
 * results depend on luck. realpath: macOS /var vs /private/var would confuse path checks.
 */
export function tempBase(prefix) {
  for (let n = 0; ; n++) {
    const dir = join(tmpdir(), `${prefix}${process.pid}-${n}`);
    try {
      mkdirSync(dir);
      return realpathSync(dir);
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
  }
}

export function cleanEnv(home, extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') || k.startsWith('AGENT_HANDOVER') || k.startsWith('CLAUDE') || k.startsWith('npm_') || k === 'CI') delete env[k];
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Bench User',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench User',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
    LC_ALL: 'C',
    ...extra,
  };
}

/**
 * Runs everything from a private copy of dist/ (it is fully bundled): other people rebuild dist/
 * while a long torture or bench runs, and a rebuild renames the hashed chunks under a live process.
 */
export function useDistSnapshot(base) {
  const pkg = join(base, 'pkg');
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  // The runtime dependencies (SQLite in WebAssembly, the MCP SDK) are not bundled.
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  DIST = join(pkg, 'dist');
  CLI = join(DIST, 'cli.js');
  HOOKS = join(DIST, 'hooks');
}
