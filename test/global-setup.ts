import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the packed agent-handover tarball ('' when no end-to-end file is in this run). */
    agentHandoverTarball: string;
    /** A project with the tarball installed by `npm install --offline`; copy its node_modules. */
    agentHandoverInstalled: string;
  }
}

/** The test files that drive the packed package; only a run that includes one of them pays for the build. */
export const E2E_FILES = [
  'test/integration/e2e-hooks.test.ts',
  'test/integration/e2e-install-layouts.test.ts',
  'test/integration/e2e-agents.test.ts',
  'test/integration/bad-payloads.test.ts',
  'test/integration/crash-mid-run.test.ts',
  'test/integration/concurrent-sessions.test.ts',
  'test/integration/hook-deadline.test.ts',
  'test/integration/e2e-first-hour.test.ts',
  'test/integration/repository-stays-the-users.test.ts',
  'test/integration/e2e-mcp.test.ts',
];

// vitest filters are substrings of file paths; with none, every file runs.
function runIncludesE2e(argv: string[]): boolean {
  const i = argv.findIndex((a) => a === 'run' || a === 'watch' || a === 'dev');
  const filters = argv.slice(i < 0 ? 2 : i + 1).filter((a) => !a.startsWith('-'));
  return filters.length === 0 || filters.some((f) => E2E_FILES.some((file) => file.includes(f.replace(/^\.\//, '')) || resolve(file) === resolve(f)));
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
  return max;
}

function distIsCurrent(root: string): boolean {
  const built = join(root, 'dist', 'cli.js');
  if (!existsSync(built) || !existsSync(join(root, 'dist', 'hooks', 'stop.js'))) return false;
  const sources = ['src', 'hooks', 'package.json', 'scripts/build.mjs'].map((p) => join(root, p)).filter(existsSync);
  return Math.max(...sources.map(newestMtime)) <= statSync(built).mtimeMs;
}

const quietEnv = (): NodeJS.ProcessEnv => ({ ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

/**
 * Builds the package once per test run (skipped when dist/ is newer than every source), packs it
 * as `npm pack` would for a release, and installs the tarball offline into a template project:
 * the end-to-end tests then test exactly what a user gets from the registry.
 */
export function buildAndInstall(root: string, into: string): { tarball: string; installed: string } {
  if (process.env.AGENT_HANDOVER_E2E_REBUILD === '1' || !distIsCurrent(root)) {
    try {
      execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, env: quietEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      // The bundle is written before the type declarations; a type error elsewhere in a tree that is
      // mid-edit must not stop the end-to-end tests, which run the JavaScript only.
      console.warn(`global-setup: \`npm run build\` failed (${String((err as { stdout?: Buffer }).stdout ?? '').trim().split('\n').slice(-3).join(' ')}); building without type declarations`);
      execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    }
  }
  // The build ran just now (or is current): --ignore-scripts skips prepack's second build.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', into], { cwd: root, env: quietEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = join(into, out.trim().split('\n').pop()!);
  const installed = join(into, 'installed');
  mkdirSync(installed);
  writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'e2e-template', private: true }, null, 2) + '\n');
  // Its runtime dependencies (node-sqlite3-wasm, the MCP SDK, zod) are in npm's cache since this
  // checkout's own `npm install`; their registry metadata may not be (a lock-file install does not
  // fetch it), so the registry is asked for what the cache lacks.
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: installed, env: quietEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  return { tarball, installed };
}

/** What the fixture-driven tests read from ../shared beside the repository. */
export const SHARED_NEEDS = ['fixtures/transcripts/claude-code', 'fixtures/transcripts/PROVENANCE.md', 'schemas'];

/**
 * Locally a missing ../shared skips the tests that read it (each says so); in CI
 * (AGENT_HANDOVER_REQUIRE_FIXTURES=1, set by .ci/run) it fails the run, so a checkout without the
 * fixtures can never pass with those tests quietly skipped.
 */
export function missingShared(root: string): string[] {
  const shared = resolve(root, '..', 'shared');
  return SHARED_NEEDS.filter((rel) => !existsSync(join(shared, rel))).map((rel) => join(shared, rel));
}

export default function setup(project: TestProject): () => void {
  if (process.env.AGENT_HANDOVER_REQUIRE_FIXTURES === '1') {
    const missing = missingShared(process.cwd());
    if (missing.length) throw new Error(`The test fixtures are missing: ${missing.join(', ')}. CI needs the shared folder beside the checkout (../shared, with fixtures/ and schemas/); without it the fixture tests would only be skipped.`);
  }
  if (!runIncludesE2e(process.argv)) {
    project.provide('agentHandoverTarball', '');
    project.provide('agentHandoverInstalled', '');
    return () => undefined;
  }
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ah-e2e-pack-')));
  const { tarball, installed } = buildAndInstall(process.cwd(), dir);
  project.provide('agentHandoverTarball', tarball);
  project.provide('agentHandoverInstalled', installed);
  return () => rmSync(dir, { recursive: true, force: true });
}
