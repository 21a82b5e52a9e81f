export const cli = {
  seeHelp: 'Run `agent-handover --help` for usage.',
  unknownCommand: (c: string) => `Unknown command ${JSON.stringify(c)}.`,
  help: `agent-handover: crash-safe session handovers for AI coding agents

Usage: agent-handover <command> [options]

Handover
  run [--tag T] [--session ID] [--note TEXT | --note-file F] [--dry-run] [--no-commit] [--config F]
                      finish an interrupted handover, then write the session note, regenerate
                      the current state, compact when due and commit memory/ (only memory/)
  check [--checkpoint P]  exit 0 clean, 1 RESUME (interrupted), 2 completed, 3 unreadable
  status [--json]     run state, steps, last error, PAUSE, memory counts
  compact [--older-than DAYS] [--dry-run]
                      move whole old months of session notes into monthly archives
  regenerate          rebuild memory/layer2/current-state.md from the notes and git
  context [--budget N]  print what SessionStart injects
  note [--kind decision|gotcha|followup|context|done] [--session ID] TEXT
                      capture during work; \`--kind done ID\` closes a follow-up
  pause | unpause     create / remove PAUSE: while it exists nothing is written

Set-up
  install-hooks [--agent claude-code] [--scope project|local|user] [--no-git-hooks] [--dry-run]
  uninstall-hooks [--scope ...] [--dry-run]
  init                write a commented .agent-handover.yml
  doctor              what is installed, missing or broken, and how to fix it
  sync [--status] [--json] [--fetch-only]
                      exchange memory with the remote (shared mode); exit 2 when offline
  merge-driver <kind> ...  git merge driver for memory files (registered by install-hooks)
  hook <event>        run a hook (session-start, stop, session-end, pre-compact, post-compact, post-commit)

  --version, --help

Exit codes (all commands but check): 0 ok, 1 failed, 4 paused (nothing written), 64 usage, 75 busy.`,
  checkClean: 'clean: no handover in flight',
  checkResume: (run: string, pending: string[]) => `RESUME: handover ${run} was interrupted; pending steps: ${pending.join(', ')}. Run \`agent-handover run\` to finish it.`,
  checkCompleted: (run: string, at: string) => `completed: handover ${run} finished at ${at}`,
  checkAbandoned: (run: string, at: string, step: string) => `completed: handover ${run} was abandoned at ${at} after its step ${step} failed its bound of attempts; later handovers are not held up (\`agent-handover doctor\` says why)`,
  runPaused: (file: string) => `Paused by ${file}: nothing was written. Remove it (\`agent-handover unpause\`) to resume.`,
  runFailed: (step: string, error: string) => `Handover step ${step} failed: ${error}\nIt stays pending; the next \`agent-handover run\` (or the next SessionStart) retries it.`,
  runDone: (run: string, ran: string[], skipped: string[]) => `Handover ${run} completed. Ran: ${ran.join(', ') || 'nothing'}${skipped.length ? `; skipped (already done): ${skipped.join(', ')}` : ''}.`,
  runResumed: (run: string, ran: string[]) => `Finished interrupted handover ${run} (${ran.join(', ') || 'nothing left to run'}).`,
  runAbandoned: (step: string, error: string) => `Gave up on step ${step} after repeated failures: ${error}. The run is closed so later handovers proceed; see .agent-handover/log.`,
  published: (status: string, commit?: string, reason?: string) => `Publish: ${status}${commit ? ` ${commit.slice(0, 12)}` : ''}${reason ? ` (${reason})` : ''}.`,
  paused: (file: string) => `Paused: ${file} created. Every entry point now writes nothing. \`agent-handover unpause\` resumes.`,
  unpaused: (files: string[]) => (files.length ? `Resumed: removed ${files.join(', ')}.` : 'Not paused.'),
  pausedElsewhere: (file: string) => `Still paused by ${file} (not created by this command); remove it to resume.`,
  noteSaved: (id: string, session: string) => `Captured ${id} in session ${session}.`,
  noteNoSession: 'No session to attach the note to: no $CLAUDE_CODE_SESSION_ID and no session has started in this repository.',
  noteNoSessionFix: 'Pass --session ID, or start an agent session with the hooks installed.',
  noteEmpty: 'Nothing to capture: give the text as arguments.',
  noteDoneNeedsId: 'Give the follow-up id to close, e.g. `agent-handover note --kind done f-1a2b3c`.',
  compacted: (months: string[], archived: number, removed: number) => (months.length ? `Compacted ${months.join(', ')}: ${archived} notes archived, ${removed} removed from layer1.` : 'Nothing to compact.'),
  compactPlan: (months: string[], n: number) => (months.length ? `Would compact ${months.join(', ')}: ${n} notes.` : 'Nothing to compact.'),
  regenerated: (path: string) => `Regenerated ${path}.`,
  initWritten: (path: string) => `Wrote ${path}. Every key is documented in it.`,
  initExists: (path: string) => `${path} exists already; left unchanged.`,
  dryRunPlan: 'Dry run: nothing will be written.',
  unknownHook: (e: string) => `Unknown hook event ${JSON.stringify(e)}.`,
} as const;
