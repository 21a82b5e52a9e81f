import type { CliIO } from './io.js';
import type { CommandName } from './exit-codes.js';

export type Command = (args: string[], io: CliIO) => Promise<number>;

/**
 * Every command: its module is loaded only when called, so `check` stays near a bare Node start.
 * A new command adds one loader here, its help in src/messages/help.ts and its exit codes in
 * exit-codes.ts (a test checks the three agree). `help` is answered by main itself.
 */
export const COMMANDS: Record<Exclude<CommandName, 'help'>, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.js')).run,
  check: async () => (await import('./commands/check.js')).check,
  status: async () => (await import('./commands/status.js')).status,
  note: async () => (await import('./commands/note.js')).note,
  context: async () => (await import('./commands/context.js')).context,
  regenerate: async () => (await import('./commands/regenerate.js')).regenerate,
  compact: async () => (await import('./commands/compact.js')).compactCommand,
  refine: async () => (await import('./commands/refine.js')).refineCommand,
  recall: async () => (await import('./commands/recall.js')).recallCommand,
  score: async () => (await import('./commands/score.js')).scoreCommand,
  mcp: async () => (await import('./commands/mcp.js')).mcp,
  pause: async () => (await import('./commands/pause.js')).pause,
  unpause: async () => (await import('./commands/pause.js')).unpause,
  init: async () => (await import('./commands/init.js')).init,
  'install-hooks': async () => (await import('./commands/install-hooks.js')).installHooksCommand,
  'uninstall-hooks': async () => (await import('./commands/install-hooks.js')).uninstallHooksCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctor,
  sync: async () => (await import('./commands/sync.js')).sync,
  migrate: async () => (await import('./commands/migrate.js')).migrate,
  'merge-driver': async () => (await import('./commands/merge-driver.js')).mergeDriver,
  hook: async () => (await import('./commands/hook.js')).hook,
};
