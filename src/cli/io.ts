import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HandoverError, describeError } from '../errors.js';
import { cli as msg } from '../messages/cli.js';

/** Everything a command touches of its process, so tests can run `main()` in-process. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Reads all of stdin (hooks). */
  readStdin(): Promise<string>;
}

export const EXIT = {
  ok: 0,
  failed: 1,
  /** `run` under PAUSE: nothing was written. */
  paused: 4,
  usage: 64,
  /** Another handover holds the lock; try again. */
  busy: 75,
} as const;

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
  constructor(message: string) {
    super('USAGE', message, { hint: msg.seeHelp });
    this.name = 'UsageError';
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Prints an error with its file and next step; returns the exit code for it. */
export function report(io: CliIO, err: unknown): number {
  io.err(`agent-handover: ${describeError(err)}`);
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof HandoverError && err.code === 'LOCK_TIMEOUT') return EXIT.busy;
  return EXIT.failed;
}
