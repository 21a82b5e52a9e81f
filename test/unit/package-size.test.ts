import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// What `npm pack` would publish, as zx keeps a size test: the budget is for the unpacked package,
// what every project that installs agent-handover carries in node_modules.
const BUDGET = 1_500_000;

interface Packed {
  unpackedSize: number;
  entryCount: number;
  files: Array<{ path: string; size: number }>;
}

function packed(): Packed {
  // --ignore-scripts: prepack would rebuild dist/; the test measures the build that is there.
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: resolve('.'), encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as Packed[])[0]!;
}

describe('the published package', () => {
  it(`is at most ${(BUDGET / 1e6).toFixed(1)} MB unpacked: one build, no CommonJS copies, no source maps`, () => {
    // A build without types (--no-types) would be measured too small.
    expect(existsSync(resolve('dist/types/index.d.ts')), 'run `npm run build` first').toBe(true);
    const p = packed();
    const paths = p.files.map((f) => f.path);
    expect(paths.filter((f) => f.endsWith('.map')), 'source maps').toEqual([]);
    expect(paths.filter((f) => f.endsWith('.cjs')), 'CommonJS bundles').toEqual([]);
    for (const entry of ['dist/cli.js', 'dist/index.js', 'dist/core.js', 'dist/vendor/secretlint-preset.js', 'dist/types/index.d.ts', 'dist/hooks/stop.js', 'dist/hooks/post-commit.js', 'hooks/hooks.json']) expect(paths, entry).toContain(entry);
    // One file for our code and one for `check` (src/check-main.ts): every other .js in dist/ is an
    // entry (a few KB) or secretlint.
    const code = p.files.filter((f) => f.path.startsWith('dist/') && f.path.endsWith('.js') && !['dist/core.js', 'dist/check.js'].includes(f.path) && !f.path.startsWith('dist/vendor/'));
    expect(code.filter((f) => f.size > 8_000).map((f) => f.path), 'entries that hold more than the compile cache').toEqual([]);
    expect(p.files.find((f) => f.path === 'dist/check.js')?.size, 'dist/check.js stays a small part of core').toBeLessThan(40_000);
    const biggest = [...p.files].sort((a, b) => b.size - a.size).slice(0, 5).map((f) => `${f.path} ${f.size}`);
    expect(p.unpackedSize, `unpacked ${p.unpackedSize} bytes in ${p.entryCount} files; biggest: ${biggest.join(', ')}`).toBeLessThanOrEqual(BUDGET);
  });
});
