export const hooks = {
  askReason: (files: number) =>
    `This turn changed ${files} file(s) and no decision, gotcha or follow-up was recorded. If any came up, record each with \`agent-handover note --kind decision|gotcha|followup "..."\`; otherwise stop again.`,
  noSession: (event: string) => `${event}: the payload has no usable session_id; nothing was written (Claude Code always sends one).`,
  unknownEvent: (e: string) => `unknown hook event ${JSON.stringify(e)}`,
  payloadProblem: (p: string) => `bad payload: ${p}`,
  transcriptUnreadable: (path: string, why: string) => `transcript ${path} could not be read (the note was written without it): ${why}`,
} as const;
