export const hooks = {
  askReason: (files: number) =>
    `This turn changed ${files} file(s) and no decision, gotcha or follow-up was recorded. If any came up, record each with \`agent-handover note --kind decision|gotcha|followup "..."\`; otherwise stop again.`,
  noSession: (event: string) => `${event}: the payload has no usable session_id; nothing was written (Claude Code always sends one).`,
  unknownEvent: (e: string) => `unknown hook event ${JSON.stringify(e)}`,
  payloadProblem: (p: string) => `bad payload: ${p}`,
  transcriptUnreadable: (path: string, why: string) => `transcript ${path} could not be read (the note was written without it): ${why}`,
  transcriptNotAFile: (path: string) => `transcript ${path} is not a regular file (a FIFO, device or folder): it is neither read nor kept; the handover goes on without it`,
  configInvalid: (why: string) => `the configuration is invalid; hooks run with the defaults until it is fixed: ${why}`,
  configInvalidContext: (where: string, fix: string) => `agent-handover: .agent-handover.yml is invalid, so hooks run with the defaults: ${where}. ${fix}`,
  deadlineReached: (ms: number) => `the hook's own deadline (${ms} ms, below the agent's timeout) was reached: exited 0; a handover in flight is finished by the next hook`,
  signalled: (sig: string) => `${sig} received: exited 0; a handover in flight is finished by the next hook`,
  publishDeferred: (session: string, why: string) => `commit of session ${session}'s memory deferred (the notes are written; the next handover commits them): ${why}`,
  endingUnreadable: (file: string) => `the recorded session ending ${file} has no readable session id; it was removed (that session's last turn is in its note from its last Stop)`,
  catchUpDetached: 'An interrupted handover did not finish within this start\'s budget; a background process is finishing it now, so the state below may be one turn old.',
  catchUpNextHandover: 'An interrupted handover did not finish within this start\'s budget; the next handover (the next Stop) finishes it, so the state below may be one turn old.',
  catchUpFailed: (why: string) => `An interrupted handover could not be finished: ${why} (details in .agent-handover/log).`,
  contextLate: 'agent-handover: the memory context could not be prepared within this hook\'s deadline (the machine is busy); the current state is in memory/layer2/current-state.md (or under your configured memory_root), and the next session start tries again.',
  runAbandoned: (run: string, step: string, attempts: number, why: string) =>
    `run ${run} abandoned: its step ${step} failed ${attempts} time(s), the bound; later handovers go on without it (\`agent-handover doctor\` lists it). Cause: ${why}`,
} as const;
