import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { loadCachedBundle } from './cached-bundle.js';
import { bundleHash } from './bundle-hash.js';

type Main = (argv: string[]) => Promise<number>;

function quickWasm(): void {
  try {
    setFlagsFromString('--liftoff-only');
  } catch {
    // only a speed-up
  }
}

/**
 * The `agent-handover` bin (dist/agent-handover.cjs): the CLI bundle loaded through the V8 code
 * cache, one cache per command since each compiles different code. dist/cli.js is the same CLI as
 * an ES module (what git merge drivers installed by earlier versions call).
 */
export function runCachedCli(entryUrl: string): void {
  const argv = process.argv.slice(2);
  // `agent-handover status | head`: a reader that stops early is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  const name = /^[a-z][a-z-]{0,30}$/.test(argv[0] ?? '') ? `cli-${argv[0]}` : 'cli';
  // recall compiles WebAssembly SQLite with the baseline compiler only (recall/sqlite.ts,
  // preferQuickStart). V8 stamps a code cache with the flags in force, so the flag is set before
  // the bundle's cache is read: set later, every recall rejected the cache it wrote the time before.
  if (argv[0] === 'recall') quickWasm();
  let main: Main;
  try {
    main = loadCachedBundle(join(dirname(fileURLToPath(entryUrl)), 'cli-bundle.cjs'), name, entryUrl, process.env, bundleHash()).exports.main as Main;
  } catch (err) {
    process.stderr.write(`agent-handover: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 70;
    return;
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`agent-handover: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
