import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHook } from '../../hooks/run-hook.js';
import { findPackageRoot } from '../../install/hook-command.js';
import { UsageError, type CliIO } from '../io.js';
import { cli as msg } from '../../messages/cli.js';

/**
 * `agent-handover hook <event>`: the same behaviour as dist/hooks/<event>.js. The entry script is
 * passed along so SessionEnd can hand its work to a detached worker here too.
 */
export async function hook(args: string[], io: CliIO): Promise<number> {
  const [event, ...rest] = args;
  if (!event) throw new UsageError(msg.unknownHook(''));
  const stdin = rest[0] === '--worker' ? '' : await io.readStdin();
  const root = findPackageRoot(fileURLToPath(import.meta.url));
  const entry = root ? join(root, 'dist', 'hooks', `${event}.js`) : undefined;
  const out = await runHook(event, stdin, { cwd: io.cwd, env: io.env, args: rest, ...(entry && existsSync(entry) ? { entryScript: entry } : {}) });
  if (out.stdout) io.out(out.stdout);
  return out.exitCode;
}
