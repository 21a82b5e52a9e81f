export const publish = {
  paused: (file: string) => `Paused by ${file}: nothing committed.`,
  secretFound: (rel: string, kinds: string) => `Refusing to commit ${rel}: it contains what looks like a secret (${kinds}).`,
  secretFix: 'Edit the file to remove the value (or add it to redaction.allow in .agent-handover.yml if it is not a secret), then run `agent-handover run`.',
} as const;
