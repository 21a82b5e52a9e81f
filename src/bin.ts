#!/usr/bin/env node
// The package's bin: the compile cache first, then the CLI (main.ts), so Node can take the CLI's
// compiled code from the cache.
import { enableCompileCache } from './cli/compile-cache.js';

enableCompileCache();

// `agent-handover status | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

import('./core.js')
  .then(({ main }) => main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`agent-handover: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
