import { exitMeaning, type ExitMeaning } from '../messages/help.js';
import type { CheckpointStatus } from '../engine/checkpoint.js';

/** The exit codes shared by most commands; a command's own codes are listed in COMMAND_EXITS. */
export const EXIT = {
  ok: 0,
  failed: 1,
  offline: 2,
  unreadable: 3,
  paused: 4,
  usage: 64,
  busy: 75,
} as const;

/** `check`'s own codes, as the seed defined them: the run's state (3, unreadable, is EXIT's). */
export const CHECK_EXIT = { clean: 0, resume: 1, completed: 2 } as const;

export function checkExitCode(status: CheckpointStatus): 0 | 1 | 2 {
  return status === 'in_progress' ? CHECK_EXIT.resume : status === 'completed' ? CHECK_EXIT.completed : CHECK_EXIT.clean;
}

type Row = readonly [code: number, meaning: ExitMeaning];

const common = (...extra: Row[]): Row[] => [[EXIT.ok, 'ok'], [EXIT.failed, 'failed'], ...extra, [EXIT.usage, 'usage']];
const writes = (...extra: Row[]): Row[] => common(...extra, [EXIT.paused, 'paused'], [EXIT.busy, 'busy']).sort((a, b) => a[0] - b[0]);

/**
 * Every exit code each command can return, in one table: `help <command>` prints a command's row
 * and the README's exit-code table is tested against it. A new command adds its row here.
 */
export const COMMAND_EXITS = {
  run: writes(),
  check: [[CHECK_EXIT.clean, 'clean'], [CHECK_EXIT.resume, 'resume'], [CHECK_EXIT.completed, 'completed'], [EXIT.unreadable, 'checkpointUnreadable'], [EXIT.usage, 'usage']],
  status: common([EXIT.unreadable, 'statusUnreadable']),
  note: common([EXIT.paused, 'paused']),
  context: common(),
  regenerate: common([EXIT.paused, 'paused']),
  compact: writes(),
  refine: common([EXIT.paused, 'paused']),
  recall: common(),
  score: common(),
  mcp: common(),
  pause: common(),
  unpause: common(),
  init: common(),
  'install-hooks': common(),
  'uninstall-hooks': common(),
  doctor: [[EXIT.ok, 'doctorOk'], [EXIT.failed, 'doctorProblems'], [EXIT.usage, 'usage']],
  sync: writes([EXIT.offline, 'offline']),
  migrate: common([EXIT.paused, 'paused']),
  'merge-driver': [[EXIT.ok, 'mergeOk'], [EXIT.failed, 'mergeConflict'], [EXIT.usage, 'usage']],
  hook: [[EXIT.ok, 'hookAlways'], [EXIT.usage, 'usageHook']],
  help: [[EXIT.ok, 'ok'], [EXIT.usage, 'usage']],
} satisfies Record<string, Row[]>;

export type CommandName = keyof typeof COMMAND_EXITS;

/** "0 ok, 1 failed, 64 usage error" for one command. */
export function exitSummary(command: CommandName): string {
  return (COMMAND_EXITS[command] as readonly Row[]).map(([code, m]) => `${code} ${exitMeaning[m]}`).join(', ');
}

/** The README's exit-code table, generated from COMMAND_EXITS (a test checks the README holds it). */
export function exitCodeMarkdown(): string {
  const rows = (Object.keys(COMMAND_EXITS) as CommandName[]).map((c) => `| \`${c}\` | ${exitSummary(c)} |`);
  return ['| command | exit codes |', '| --- | --- |', ...rows].join('\n');
}
