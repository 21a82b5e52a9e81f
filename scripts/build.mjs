// Bundles the CLI, the library and each hook entry into dist/ as one ES module build with shared
// chunks, so a hook starts by reading a few small files instead of resolving node_modules; heavy
// modules stay behind dynamic import() and become their own chunks, loaded only on the paths that
// need them. The package's size has a budget (test/unit/package-size.test.ts).
import { build, transform } from 'esbuild';
import { readdirSync, rmSync, chmodSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
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

// Dependencies' code is minified before it is bundled (it is most of the package's size, and
// nobody reads it in a stack trace); ours stays as written, so a stack trace in the log reads like
// the source.
const minifyDependencies = {
  name: 'minify-dependencies',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const { code } = await transform(source, { minify: true, loader: 'js', target: 'node20' });
      return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const common = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __AGENT_HANDOVER_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // Whitespace and syntax only: names stay, so a stack trace in the log still names our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [minifyDependencies],
  // jsonc-parser's main is a UMD file whose require() calls esbuild cannot follow; its ES build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

// One ES module build: the bin (dist/cli.js), the library and each hook entry share chunks. Each
// entry imports only the compile cache up front (src/cli/compile-cache.ts) and the rest after it.
const out = await build({
  ...common,
  entryPoints: { cli: join(root, 'src/cli/bin.ts'), index: join(root, 'src/index.ts'), ...hookEntries },
  outdir: join(root, 'dist'),
  write: false,
});
// CommonJS dependencies call require() on Node built-ins: the chunks that have such code get a real
// one (only those, so the other chunks stay as small as their code).
const SHIM = [
  "import { createRequire as __ahCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ahFileURLToPath } from 'node:url';",
  'const require = __ahCreateRequire(import.meta.url);',
  'const __filename = __ahFileURLToPath(import.meta.url);',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
].join('\n');
for (const f of out.outputFiles) {
  let text = f.text;
  if (/\b(require|__filename|__dirname)\b/.test(text)) {
    const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
    text = `${shebang}${SHIM}\n${text.slice(shebang.length)}`;
  }
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, text);
}
chmodSync(join(root, 'dist/cli.js'), 0o755);

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
