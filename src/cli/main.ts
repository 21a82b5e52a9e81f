import { processIO, report, EXIT, type CliIO } from './io.js';
import { cli as msg } from '../messages/cli.js';
import { VERSION } from '../version.js';

type Command = (args: string[], io: CliIO) => Promise<number>;

// Each command is its own module, loaded only when called, so `check` stays near a bare Node start.
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check.js')).check,
  status: async () => (await import('./commands/status.js')).status,
  run: async () => (await import('./commands/run.js')).run,
  compact: async () => (await import('./commands/compact.js')).compactCommand,
  pause: async () => (await import('./commands/pause.js')).pause,
  unpause: async () => (await import('./commands/pause.js')).unpause,
  note: async () => (await import('./commands/note.js')).note,
  regenerate: async () => (await import('./commands/regenerate.js')).regenerate,
  context: async () => (await import('./commands/context.js')).context,
  init: async () => (await import('./commands/init.js')).init,
  hook: async () => (await import('./commands/hook.js')).hook,
  'install-hooks': async () => (await import('./commands/install-hooks.js')).installHooksCommand,
  'uninstall-hooks': async () => (await import('./commands/install-hooks.js')).uninstallHooksCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctor,
  sync: async () => (await import('./commands/sync.js')).sync,
  'merge-driver': async () => (await import('./commands/merge-driver.js')).mergeDriver,
  recall: async () => (await import('./commands/recall.js')).recallCommand,
  mcp: async () => (await import('./commands/mcp.js')).mcp,
};

/** The whole CLI as a function: returns the exit code, never exits the process. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(msg.help);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`agent-handover: ${msg.unknownCommand(name)} ${msg.seeHelp}`);
    return EXIT.usage;
  }
  try {
    return await (await load())(rest, io);
  } catch (err) {
    return report(io, err);
  }
}
