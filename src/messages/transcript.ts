export const transcript = {
  unreadable: (path: string, why: string) => `The agent transcript ${path} cannot be read: ${why}.`,
  unreadableFix: 'Check that the path from the hook payload exists and is a readable file; the handover continues without transcript facts.',
  notAFile: 'it is not a regular file',
  invalidSession: (path: string, why: string) => `The agent session file ${path} is not valid: ${why}.`,
  invalidSessionFix: 'The file may still be being written; the next run reads it again.',
} as const;
