// Bundles all our code (src/core.ts) into one ES module, dist/core.js, and the CLI, the library and
// each hook entry into small files that turn on Node's compile cache and then import it. One file
// rather than shared chunks: esbuild makes a chunk per lazy import, and a Stop that loads a hundred
// of them costs more than one file (whose lazy imports become lazy initialisers, so a path still
// runs only the modules it needs; `npm run bench` compares). The package's size has a budget (test/unit/package-size.test.ts).
import { build, transform } from 'esbuild';
import { REQUIRE_SHIM } from './lib/require-shim.mjs';
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
  format: 'esm',
  platform: 'node',
  target: 'node20',
  define: { __AGENT_HANDOVER_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // Whitespace and syntax only: names stay, so a stack trace in the log still names our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [minifyDependencies],
  // jsonc-parser's main is a UMD file whose require() calls esbuild cannot follow; its ES build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

// The entries import src/core.ts after the compile cache is on; in their build it is the external
// dist/core.js, so each entry holds only the compile cache's few lines.
const CORE = join(root, 'src/core.ts');
const coreExternal = (fromDir) => ({
  name: 'core-external',
  setup(b) {
    b.onResolve({ filter: /core\.js$/ }, (args) => {
      const abs = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return abs === CORE ? { path: fromDir ? `${fromDir}/core.js` : './core.js', external: true } : undefined;
    });
  },
});
// secretlint (a third of our code by size) is loaded only when a text is redacted with it: its own
// file, so the paths that never redact (check, post-commit) do not parse it.
const VENDOR = { '@secretlint/core': 'secretlint-core', '@secretlint/secretlint-rule-preset-recommend': 'secretlint-preset' };
const vendorExternal = {
  name: 'vendor-external',
  setup(b) {
    b.onResolve({ filter: /^@secretlint\/(core|secretlint-rule-preset-recommend)$/ }, (args) =>
      args.importer.includes(`${join('src', 'redact')}`) ? { path: `./vendor/${VENDOR[args.path]}.js`, external: true } : undefined,
    );
  },
};
const vendorEntries = Object.fromEntries(
  Object.entries(VENDOR).map(([pkgName, file]) => [`vendor/${file}`, `virtual:${pkgName}`]),
);
const vendorVirtual = {
  name: 'vendor-virtual',
  setup(b) {
    b.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path.slice(8), namespace: 'vendor' }));
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
      // The core's profiler singleton goes out with it, so src/redact/secretlint.ts can turn off
      // its marks (they pile up for the life of the process).
      contents: `export * from ${JSON.stringify(args.path)};\n${args.path === '@secretlint/core' ? "export { secretLintProfiler } from '@secretlint/profiler';\n" : ''}`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};
// `check` has a bundle of its own (src/check-main.ts says why): the bin imports it as dist/check.js,
// and it reaches core only through its lazy imports (the project's config, the whole CLI).
const CHECK = join(root, 'src/check-main.ts');
const checkExternal = {
  name: 'check-external',
  setup(b) {
    b.onResolve({ filter: /check-main\.js$/ }, (args) =>
      join(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === CHECK ? { path: './check.js', external: true } : undefined,
    );
  },
};
const projectExternal = {
  name: 'project-external',
  setup(b) {
    b.onResolve({ filter: /project[\\/]project\.js$/ }, () => ({ path: './core.js', external: true }));
  },
};
const outputs = [
  await build({ ...common, plugins: [...common.plugins, vendorExternal], entryPoints: { core: CORE }, outdir: join(root, 'dist'), write: false }),
  await build({ ...common, plugins: [...common.plugins, vendorVirtual], entryPoints: vendorEntries, outdir: join(root, 'dist'), write: false }),
  await build({ ...common, plugins: [...common.plugins, coreExternal(''), checkExternal], entryPoints: { cli: join(root, 'src/bin.ts') }, outdir: join(root, 'dist'), write: false }),
  await build({ ...common, plugins: [...common.plugins, coreExternal(''), projectExternal, vendorExternal], entryPoints: { check: CHECK }, outdir: join(root, 'dist'), write: false }),
  await build({ ...common, plugins: [...common.plugins, coreExternal('..')], entryPoints: hookEntries, outdir: join(root, 'dist'), write: false }),
];
// The library (dist/index.js) re-exports the index's names, and only those, from the one file.
const probe = await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outdir: join(root, 'dist'), write: false, metafile: true });
const indexNames = Object.values(probe.metafile.outputs).flatMap((o) => o.exports ?? []);
const out = { outputFiles: outputs.flatMap((o) => o.outputFiles) };
// CommonJS dependencies call require() on Node built-ins: the chunks that have such code get a real
// one (only those, so the other chunks stay as small as their code).
const SHIM = REQUIRE_SHIM;
for (const f of out.outputFiles) {
  let text = f.text;
  if (/\b(require|__filename|__dirname)\b/.test(text)) {
    const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
    text = `${shebang}${SHIM}\n${text.slice(shebang.length)}`;
  }
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, text);
}
writeFileSync(join(root, 'dist/index.js'), `export { ${indexNames.join(', ')} } from './core.js';\n`);
chmodSync(join(root, 'dist/cli.js'), 0o755);

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
