export const transcript = {
  unreadable: (path: string, why: string) => `The agent transcript ${path} cannot be read: ${why}.`,
  unreadableFix: 'Check that the path from the hook payload exists and is a readable file; the handover continues without transcript facts.',
  notAFile: 'it is not a regular file',
  invalidSession: (path: string, why: string) => `The agent session file ${path} is not valid: ${why}.`,
  /** A subagent the session started in the background and never saw finish: work still under way. */
  backgroundAgent: (name: string) => `Background agent ${name} was still running when the session ended`,
  invalidSessionFix: 'The file may still be being written; the next run reads it again.',
} as const;
