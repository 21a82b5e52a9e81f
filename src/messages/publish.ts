export const publish = {
  paused: (file: string) => `Paused by ${file}: nothing committed.`,
  secretFound: (rel: string, kinds: string) => `Refusing to commit ${rel}: it contains what looks like a secret (${kinds}).`,
  secretFix: 'Edit the file to remove the value (or add it to redaction.allow in .agent-handover.yml if it is not a secret), then run `agent-handover run`.',
  secretRepaired: (rel: string, kinds: string, how: 'redacted' | 'lines' | 'removed') =>
    `refused to commit ${rel} (it held what looks like a secret: ${kinds}); ${how === 'redacted' ? 'the value was redacted in place' : how === 'lines' ? 'the lines holding it were replaced by [REDACTED:line]' : 'the file was removed (it is rendered again next turn)'} and the publish went on`,
} as const;
