#!/usr/bin/env node
// The package's bin: the compile cache first, then the CLI (main.ts), so Node can take the CLI's
// compiled code from the cache.
import { enableCompileCache } from './cli/compile-cache.js';

enableCompileCache();

// `agent-handover status | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  // The cheapest command does not load the rest of the CLI (src/check-main.ts says why).
  if (name === 'check' && rest.every((a) => a === '-q' || a === '--quiet')) return (await import('./check-main.js')).checkMain(rest);
  const { main, armHookDeadline } = await import('./core.js');
  // `agent-handover hook <event>` (a hand-written hook entry) ends at the event's own deadline and
  // on SIGTERM, as dist/hooks/<event>.js does.
  if (name !== 'hook' || !rest[0] || rest[0].startsWith('-')) return main(args);
  const disarm = armHookDeadline(rest[0], rest.slice(1), process.cwd(), process.env, () => process.exit(0));
  return main(args).finally(disarm);
}

run(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`agent-handover: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
