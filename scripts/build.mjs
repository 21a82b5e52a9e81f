// Bundles the CLI, the library and each hook entry into dist/ so a hook starts by reading a few
// small files instead of resolving node_modules; heavy modules stay behind dynamic import() and
// become their own chunks, loaded only on the paths that need them.
import { build } from 'esbuild';
import { readdirSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });

const hookEntries = Object.fromEntries(
  readdirSync(join(root, 'hooks'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [`hooks/${f.replace(/\.ts$/, '')}`, join(root, 'hooks', f)]),
);

const common = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __AGENT_HANDOVER_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies call require() on Node built-ins; give the ESM bundle a real one.
  banner: {
    js: [
      "import { createRequire as __ahCreateRequire } from 'node:module';",
      "import { fileURLToPath as __ahFileURLToPath } from 'node:url';",
      'const require = __ahCreateRequire(import.meta.url);',
      'const __filename = __ahFileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join('\n'),
  },
  logLevel: 'warning',
};

await build({ ...common, entryPoints: { cli: join(root, 'src/cli/bin.ts'), index: join(root, 'src/index.ts') }, outdir: join(root, 'dist') });
// Each hook is its own build: its static import graph becomes one file instead of a dozen chunks
// shared with every other entry (each module file costs a hook start about a millisecond), while
// what it loads lazily still becomes chunks. Identical chunks get identical names, so the
// hooks share them on disk. One after another: builds writing the same chunk must not race.
for (const [name, file] of Object.entries(hookEntries)) {
  await build({ ...common, entryPoints: { [name.replace(/^hooks\//, '')]: file }, outdir: join(root, 'dist', 'hooks') });
}
chmodSync(join(root, 'dist/cli.js'), 0o755);

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
