import { runHook } from '../../hooks/run-hook.js';
import { UsageError, type CliIO } from '../io.js';
import { cli as msg } from '../../messages/cli.js';

/** `agent-handover hook <event>`: the same behaviour as dist/hooks/<event>.js. */
export async function hook(args: string[], io: CliIO): Promise<number> {
  const [event, ...rest] = args;
  if (!event) throw new UsageError(msg.unknownHook(''));
  const stdin = rest[0] === '--worker' ? '' : await io.readStdin();
  const out = await runHook(event, stdin, { cwd: io.cwd, env: io.env, args: rest });
  if (out.stdout) io.out(out.stdout);
  return out.exitCode;
}
