import { fstatSync, readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { armHookDeadline } from './deadline.js';
import { runHandler, type HookHandler } from './run-handler.js';

async function readStdin(): Promise<string> {
  if (isatty(0)) return '';
  // A file on fd 0 is read at once. A pipe (how agents hand the payload over) is read as a stream:
  // a synchronous read, or one on libuv's thread pool (which process.exit waits to join), would
  // hold the hook past its own deadline for as long as a slow writer (a starved agent) takes.
  try {
    if (fstatSync(0).isFile()) return readFileSync(0, 'utf8');
  } catch {
    // not a file we can read: the stream way below
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The body of every hooks/<event>.js entry: the only place that touches the process. It exits
 * explicitly so a bounded wait (SessionStart's resume budget) cannot keep the agent waiting.
 */
export async function hookMain(event: string, entryUrl: string, handler: HookHandler): Promise<void> {
  let code = 0;
  armHookDeadline(event, process.argv.slice(2), process.cwd(), process.env, () => process.exit(0));
  try {
    const stdin = process.argv.includes('--worker') ? '' : await readStdin();
    const out = await runHandler(event, stdin, { cwd: process.cwd(), env: process.env, args: process.argv.slice(2), entryScript: fileURLToPath(entryUrl) }, handler);
    if (out.stdout) process.stdout.write(out.stdout + '\n');
    code = out.exitCode;
  } catch {
    code = 0;
  }
  process.exit(code);
}
