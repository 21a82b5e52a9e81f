/**
 * Help text, one entry per command: `usage` is the line after `agent-handover`, `summary` is the
 * one-line description of the overview, `details` what `<command> --help` adds. A new command adds
 * its entry here (and its loader and exit codes in src/cli/commands-table.ts and exit-codes.ts).
 */
export interface CommandHelp {
  group: 'handover' | 'setup';
  usage: string;
  summary: string;
  details?: string;
}

export const commandHelp = {
  run: {
    group: 'handover',
    usage: 'run [--tag T] [--session ID] [--note TEXT | --note-file F] [--dry-run] [--no-commit] [--config F]',
    summary: 'finish an interrupted handover, then write the session note, regenerate the current state, compact when due and commit memory/ (only memory/)',
    details: `Options:
  --tag T          tag of the session note (default: the config's tag)
  --session ID     the session to write (default: $CLAUDE_CODE_SESSION_ID, else a manual session of today)
  --note TEXT      a note to add to the session note
  --note-file F    the same, read from a file
  --dry-run        print the plan (steps, files, what is skipped and why); write nothing
  --no-commit      write memory/ but do not commit it
  --config F       use this config file instead of .agent-handover.yml
A manual session (no agent session id) is ended by the run that writes it.`,
  },
  check: {
    group: 'handover',
    usage: 'check [--checkpoint P] [--quiet]',
    summary: 'is a handover in flight? exit 0 clean, 1 RESUME (interrupted), 2 completed, 3 unreadable',
    details: `Options:
  --checkpoint P   the checkpoint file (default: $AGENT_HANDOVER_CHECKPOINT, the config's, .agent-handover/checkpoint.json)
  --quiet, -q      print nothing; the exit code says it all`,
  },
  status: {
    group: 'handover',
    usage: 'status [--json] [--checkpoint P]',
    summary: 'run state, steps, last error, PAUSE, memory counts',
    details: `Options:
  --json           machine-readable
  --checkpoint P   read this checkpoint file
Exit 3 when the checkpoint or the config is unreadable (the report says which, and the fix).`,
  },
  note: {
    group: 'handover',
    usage: 'note [--kind decision|gotcha|followup|constraint|context|done] [--session ID] TEXT',
    summary: 'capture during work; `--kind done ID` closes a follow-up',
    details: `Options:
  --kind, -k K     decision, gotcha, followup, constraint, context (default) or done
  --session ID     the session the note belongs to
The note is durable at once and shows in \`agent-handover context\` straight away. The session is,
in order: --session, the agent's session variable ($CLAUDE_CODE_SESSION_ID, $GEMINI_SESSION_ID),
the one open session of the current branch, else today's manual session (the output names it).
With several sessions open and no session variable, pass --session.
\`--kind done f-xxxxxx\` closes an open follow-up; an unknown id is an error listing the open ones.`,
  },
  context: {
    group: 'handover',
    usage: 'context [--budget N]',
    summary: 'print what SessionStart injects',
    details: `Options:
  --budget N       characters to print, 500..10000 (default: the config's context.budget, 8000)`,
  },
  regenerate: {
    group: 'handover',
    usage: 'regenerate',
    summary: 'rebuild memory/layer2/current-state.md from the notes and git (also resolves a merge conflict in it)',
  },
  compact: {
    group: 'handover',
    usage: 'compact [--older-than DAYS] [--dry-run]',
    summary: 'move whole old months of session notes into monthly archives',
    details: `Options:
  --older-than DAYS  archive months older than this (default: the config's compaction.older_than_days)
  --dry-run          say what would be archived; write nothing`,
  },
  refine: {
    group: 'handover',
    usage: 'refine [--dry-run] [--json] [--if-due]',
    summary: 'merge repeated facts, close follow-ups named by id, link reversed decisions and regenerate memory/topics/',
    details: `Options:
  --dry-run        print every merge, closure, supersession and page it would write; write nothing
  --json           the same, machine-readable
  --if-due         only when due (5 new notes or a day since the last refine), quietly; what
                   the hooks start in the background after a Stop and at SessionStart
Derived only: layer1 notes are never rewritten. A follow-up is closed only when a later commit
subject or note names its id; work that merely looks like it is shown as "maybe done by".`,
  },
  recall: {
    group: 'handover',
    usage: 'recall QUERY [--kind K] [--since DATE|DAYS] [--agent A] [--limit N] [--json]',
    summary: 'ranked search of all memory (notes, archives, topic pages), with provenance',
    details: `Options:
  --kind, -k K     decision, gotcha, followup, constraint, session or commit
  --since D        only items from this date (YYYY-MM-DD) or this many days back
  --agent A        only sessions of this agent (claude-code, codex, ...)
  --limit, -n N    at most N hits (default 10)
  --json           machine-readable hits
An exact id (d-..., f-..., a session id, a commit hash) returns that item first.`,
  },
  score: {
    group: 'handover',
    usage: 'score [--last N] [--agent NAME] [--json]',
    summary: 'how useful each handover was to the session after it (0-100, every point with its transcript line), per agent and per week',
    details: `Options:
  --last, -n N     only the last N handovers
  --agent NAME     only handovers whose next session ran this agent (claude-code, codex, ...)
  --json           machine-readable
Scores are computed at the turn endings of a session that SessionStart showed an earlier
session's work, from that session's own transcript (no model), and kept in .agent-handover/scores.jsonl.
The sections list says which parts of the context the next sessions used and which they never did.`,
  },
  mcp: { group: 'handover', usage: 'mcp', summary: 'stdio MCP server with the tools recall, note, state, session, followups (registered by install-hooks)' },
  pause: { group: 'handover', usage: 'pause', summary: 'create PAUSE: while it exists nothing is written' },
  unpause: { group: 'handover', usage: 'unpause', summary: 'remove PAUSE' },
  init: { group: 'setup', usage: 'init', summary: 'write a commented .agent-handover.yml' },
  'install-hooks': {
    group: 'setup',
    usage: 'install-hooks [--agent auto|all|<name>[,<name>…]] [--scope project|local|user] [--no-git-hooks] [--no-pre-push] [--no-mcp] [--dry-run]',
    summary: 'install the agent hooks, the git post-commit hook and the merge drivers',
    details: `Options:
  --agent A        auto (default: Claude Code plus every agent whose folder or binary is found), all,
                   or names separated by commas: claude-code, codex, gemini, cursor, copilot, cline, opencode, droid
  --scope S        project (.claude/settings.json, default), local (.claude/settings.local.json) or user (~/.claude/settings.json)
  --no-git-hooks   leave git hooks alone
  --no-mcp         register no MCP server (.mcp.json and the other agents' MCP files)
  --no-pre-push    no pre-push hook (memory then travels only with agent-handover sync)
  --dry-run        print every change as a diff; write nothing
Outside a git repository, or under CI ($CI set), it prints why and changes nothing (exit 0).`,
  },
  'uninstall-hooks': {
    group: 'setup',
    usage: 'uninstall-hooks [--agent auto|all|<name>[,<name>…]] [--scope project|local|user] [--dry-run]',
    summary: 'remove everything install-hooks added (or say what is left and why)',
  },
  doctor: {
    group: 'setup',
    usage: 'doctor [--json]',
    summary: 'what is installed, missing or broken, and how to fix it',
  },
  sync: {
    group: 'setup',
    usage: 'sync [--status] [--json] [--fetch-only] [--retries N] [--timeout-ms N]',
    summary: 'exchange memory with the remote (shared mode); exit 2 when offline',
  },
  migrate: {
    group: 'setup',
    usage: 'migrate',
    summary: 'copy branch-mode memory (memory/ on your branches) to the shared memory ref; no branch is touched',
  },
  'merge-driver': {
    group: 'setup',
    usage: 'merge-driver <current-state|archive|note> %O %A %B [%P]',
    summary: 'git merge driver for memory files (registered by install-hooks)',
  },
  hook: {
    group: 'setup',
    usage: 'hook <session-start|stop|session-end|pre-compact|post-compact|post-commit>',
    summary: 'run a hook by hand, the payload on stdin (the installed hooks run their own entry scripts)',
    details: `A hook always exits 0: errors go to .agent-handover/log. An unknown event is a usage error (64).`,
  },
  help: { group: 'setup', usage: 'help [COMMAND]', summary: 'this overview, or the help of one command' },
} satisfies Record<string, CommandHelp>;

/** What each exit code means, keyed by the names src/cli/exit-codes.ts uses. */
export const exitMeaning = {
  ok: 'ok',
  failed: 'failed',
  usage: 'usage error',
  paused: 'paused (nothing written)',
  busy: 'busy (another handover holds the lock)',
  offline: 'remote unreachable (memory kept locally)',
  clean: 'clean',
  resume: 'RESUME (a handover was interrupted)',
  completed: 'completed',
  checkpointUnreadable: 'checkpoint or config unreadable',
  statusUnreadable: 'checkpoint or config unreadable (reported)',
  doctorOk: 'nothing broken',
  doctorProblems: 'something is broken (each with its fix)',
  mergeOk: 'merged',
  mergeConflict: 'conflict left for git',
  hookAlways: 'always, errors go to the log (a Stop in ask mode may answer decision: block)',
  usageHook: 'unknown event',
} as const;

export type ExitMeaning = keyof typeof exitMeaning;

export const help = {
  title: 'agent-handover: crash-safe session handovers for AI coding agents',
  usage: 'Usage: agent-handover <command> [options]',
  groups: { handover: 'Handover', setup: 'Set-up' },
  more: 'agent-handover <command> --help (or agent-handover help <command>) for its options and exit codes.',
  global: '  --version, --help',
  exitCodes: 'Exit codes:',
  commandUsage: (usage: string) => `Usage: agent-handover ${usage}`,
  unknownCommand: (c: string, near: string | undefined) => `Unknown command ${JSON.stringify(c)}.${near ? ` Did you mean \`${near}\`?` : ''}`,
  unknownOption: (opt: string, near: string | undefined) => `Unknown option ${JSON.stringify(opt)}.${near ? ` Did you mean \`${near}\`?` : ''}`,
  seeCommandHelp: (command: string) => `Run \`agent-handover ${command} --help\` for its options.`,
} as const;
