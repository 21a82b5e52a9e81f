import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHook } from '../../hooks/run-hook.js';
import { HOOK_NAMES } from '../../handlers/hook-types.js';
import { findPackageRoot } from '../../install/hook-command.js';
import { closest } from '../../config/suggest.js';
import { UsageError, type CliIO } from '../io.js';
import { cli as msg } from '../../messages/cli.js';

/** A payload an agent sends to its hooks (every agent names the event in it). */
function fromAgent(stdin: string): boolean {
  try {
    const v = JSON.parse(stdin) as unknown;
    return typeof v === 'object' && v !== null && ('hook_event_name' in v || 'hookEventName' in v);
  } catch {
    return false;
  }
}

/**
 * `agent-handover hook <event>`: the same behaviour as dist/hooks/<event>.js. The entry script is
 * passed along so SessionEnd can hand its work to a detached worker here too. An unknown event is
 * a usage error when a person typed it; with an agent's payload on stdin it fails open like every
 * hook (logged, exit 0), so a hand-written hook entry with a typo never breaks the agent.
 */
export async function hook(args: string[], io: CliIO): Promise<number> {
  const [event, ...rest] = args;
  if (!event) throw new UsageError(msg.hookNeedsEvent(HOOK_NAMES));
  const stdin = rest[0] === '--worker' ? '' : await io.readStdin();
  if (!(HOOK_NAMES as readonly string[]).includes(event) && !fromAgent(stdin)) throw new UsageError(msg.unknownHook(event, closest(event, HOOK_NAMES), HOOK_NAMES));
  const root = findPackageRoot(fileURLToPath(import.meta.url));
  const entry = root ? join(root, 'dist', 'hooks', `${event}.js`) : undefined;
  const out = await runHook(event, stdin, { cwd: io.cwd, env: io.env, args: rest, ...(entry && existsSync(entry) ? { entryScript: entry } : {}) });
  if (out.stdout) io.out(out.stdout);
  return out.exitCode;
}
