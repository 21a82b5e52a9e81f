// Bundles the CLI, the library and each hook entry into dist/ so a hook starts by reading a few
// small files instead of resolving node_modules; heavy modules stay behind dynamic import() and
// become their own chunks, loaded only on the paths that need them.
import { build } from 'esbuild';
import { readdirSync, rmSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
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
// post-commit runs on the user's own commits and needs little code: its own ESM build, whose static
// import graph is one file. The agent hooks share one CommonJS bundle that their small entries load
// through a V8 code cache (src/cli/cached-bundle.ts): compiling is most of a hook's own start-up,
// and Node 20 has no compile cache for ES modules.
await build({ ...common, entryPoints: { 'post-commit': join(root, 'hooks', 'post-commit.ts') }, outdir: join(root, 'dist', 'hooks') });
const agentEntries = Object.fromEntries(Object.entries(hookEntries).filter(([name]) => name !== 'hooks/post-commit'));
await build({ ...common, splitting: false, entryPoints: agentEntries, outdir: join(root, 'dist') });
const bundleFile = join(root, 'dist', 'hooks', 'agent-hooks.cjs');
await build({
  ...common,
  splitting: false,
  format: 'cjs',
  banner: {},
  entryPoints: [join(root, 'src', 'hooks', 'agent-hooks.ts')],
  outfile: bundleFile,
  // The loader hands the entry's URL in; vm scripts cannot import(), so built-ins come by require.
  define: { ...common.define, 'import.meta.url': '__ahEntryUrl' },
});
const cjs = readFileSync(bundleFile, 'utf8').replace(/\bimport\(("node:[\w/]+")\)/g, 'Promise.resolve().then(() => require($1))');
const left = /[^\w.$]import\(/.exec(cjs);
if (left) throw new Error(`dist/hooks/agent-hooks.cjs still has an import() (vm scripts cannot run it): ...${cjs.slice(left.index - 80, left.index + 80)}...`);
writeFileSync(bundleFile, cjs);
chmodSync(join(root, 'dist/cli.js'), 0o755);

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
