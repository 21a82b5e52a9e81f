import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HandoverError, describeError } from '../errors.js';
import { cli as msg } from '../messages/cli.js';
import { help as helpMsg } from '../messages/help.js';
import { closest } from '../config/suggest.js';
import { EXIT } from './exit-codes.js';

/** Everything a command touches of its process, so tests can run `main()` in-process. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

export { EXIT } from './exit-codes.js';

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export class UsageError extends HandoverError {
  constructor(message: string, hint: string = msg.seeHelp) {
    super('USAGE', message, { hint });
    this.name = 'UsageError';
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const opt = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(e.message)?.[1] : undefined;
    if (!opt) throw new UsageError(e.message);
    // An unknown option with the nearest known one (`--budjet` -> `--budget`).
    const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
    throw new UsageError(helpMsg.unknownOption(opt, closest(opt.replace(/=.*$/, ''), known)));
  }
}

/** A system error (a missing file, a permission) as its message and path, never a stack trace. */
function describe(err: unknown): string {
  const sys = err as NodeJS.ErrnoException;
  if (!(err instanceof HandoverError) && err instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
    return `${err.message}${sys.path ? `\nFile: ${sys.path}` : ''}`;
  }
  return describeError(err);
}

export function report(io: CliIO, err: unknown, command?: string): number {
  if (err instanceof UsageError && command) {
    // A usage error with a fix of its own keeps it; the generic one points at the command's help.
    io.err(`agent-handover: ${err.message}\nFix: ${err.hint && err.hint !== msg.seeHelp ? err.hint : helpMsg.seeCommandHelp(command)}`);
    return EXIT.usage;
  }
  io.err(`agent-handover: ${describe(err)}`);
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof HandoverError && err.code === 'LOCK_TIMEOUT') return EXIT.busy;
  return EXIT.failed;
}
