// Bundles the CLI, the library and each hook entry into dist/ so a hook starts by reading a few
// small files instead of resolving node_modules; heavy modules stay behind dynamic import() and
// become their own chunks, loaded only on the paths that need them.
import { build } from 'esbuild';
import { readdirSync, rmSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
  // jsonc-parser's main is a UMD file whose require() calls esbuild cannot follow; its ES build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

await build({ ...common, entryPoints: { cli: join(root, 'src/cli/bin.ts'), index: join(root, 'src/index.ts') }, outdir: join(root, 'dist') });
// Every hook entry is a small CommonJS file (dist/hooks/package.json says so): Node starts a
// CommonJS script ~3 ms sooner than an ES module, and the paths in users' settings stay
// dist/hooks/<event>.js. The agent hooks' handlers live in one CommonJS bundle that the entries
// load through a V8 code cache (src/cli/cached-bundle.ts): compiling is most of a hook's own
// start-up, and Node 20 has no compile cache of its own.
const cjsEntry = {
  ...common,
  splitting: false,
  format: 'cjs',
  banner: { js: 'var __ahEntryUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { ...common.define, 'import.meta.url': '__ahEntryUrl' },
};
/**
 * A CommonJS bundle for loadCachedBundle: vm scripts cannot import(), so built-ins come by require,
 * and the loader reads it as latin1, which is only the same text for ASCII.
 */
async function vmBundle(entry, outfile) {
  await build({ ...cjsEntry, banner: {}, entryPoints: [entry], outfile });
  const cjs = readFileSync(outfile, 'utf8').replace(/\bimport\(("node:[\w/]+")\)/g, 'Promise.resolve().then(() => require($1))');
  const left = /[^\w.$]import\(/.exec(cjs);
  if (left) throw new Error(`${outfile} still has an import() (vm scripts cannot run it): ...${cjs.slice(left.index - 80, left.index + 80)}...`);
  const wide = [...cjs].findIndex((c) => c.charCodeAt(0) > 0x7f);
  if (wide >= 0) throw new Error(`${outfile} is not pure ASCII (cli/cached-bundle.ts reads it as latin1): ...${cjs.slice(wide - 80, wide + 80)}...`);
  writeFileSync(outfile, cjs);
  // The entries carry this, so a compile cache is only ever taken for exactly this text.
  return createHash('sha256').update(cjs).digest('hex').slice(0, 32);
}
const withHash = (hash) => ({ ...cjsEntry, define: { ...cjsEntry.define, __AGENT_HANDOVER_BUNDLE_HASH__: JSON.stringify(hash) } });
const hooksHash = await vmBundle(join(root, 'src', 'hooks', 'agent-hooks.ts'), join(root, 'dist', 'hooks', 'agent-hooks.cjs'));
await build({ ...withHash(hooksHash), entryPoints: hookEntries, outdir: join(root, 'dist') });
writeFileSync(join(root, 'dist', 'hooks', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
// The bin: the same CLI as dist/cli.js, started the way the hooks are (CommonJS, code-cached).
const cliHash = await vmBundle(join(root, 'src', 'cli', 'cli-bundle.ts'), join(root, 'dist', 'cli-bundle.cjs'));
await build({ ...withHash(cliHash), entryPoints: [join(root, 'src', 'cli', 'agent-handover-bin.ts')], outfile: join(root, 'dist', 'agent-handover.cjs') });
chmodSync(join(root, 'dist/agent-handover.cjs'), 0o755);
chmodSync(join(root, 'dist/cli.js'), 0o755);

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
