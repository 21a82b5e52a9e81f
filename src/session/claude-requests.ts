import { LIMITS, cap } from './transcript-types.js';

// Slash commands that manage the CLI itself and say nothing about the work.
const HOUSEKEEPING = new Set([
  'add-dir', 'agents', 'bug', 'clear', 'compact', 'config', 'context', 'cost', 'doctor', 'exit', 'export', 'feedback',
  'help', 'hooks', 'ide', 'login', 'logout', 'mcp', 'memory', 'model', 'permissions', 'privacy-settings', 'quit',
  'release-notes', 'resume', 'rewind', 'status', 'statusline', 'terminal-setup', 'theme', 'upgrade', 'usage', 'vim',
]);

// Text Claude Code puts in the user's turn that the user did not type.
const NOT_TYPED = /^(?:\[Request interrupted by user|Caveat: The messages below were generated|<(?:local-command-stdout|local-command-stderr|bash-stdout|bash-stderr|agent-notification|task-notification)>)/;

const CONTINUATION = 'This session is being continued from a previous conversation';

/** Compact summaries of sessions written before Claude Code flagged them with isCompactSummary. */
export function isContinuationSummary(text: string): boolean {
  return text.trimStart().startsWith(CONTINUATION);
}

/** The user's own words in a user text block, or undefined when the block is machine-made. */
export function toRequest(raw: string): string | undefined {
  const text = raw.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
  if (!text || NOT_TYPED.test(text) || isContinuationSummary(text)) return undefined;
  const name = /<command-name>\s*\/?([^<]*?)\s*<\/command-name>/.exec(text)?.[1];
  if (name !== undefined) {
    if (!name || HOUSEKEEPING.has(name)) return undefined;
    const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(text)?.[1]?.trim() ?? '';
    return cap(`/${name}${args ? ` ${args}` : ''}`, LIMITS.requestChars);
  }
  const bash = /^<bash-input>([\s\S]*?)<\/bash-input>$/.exec(text)?.[1];
  if (bash !== undefined) return bash.trim() ? cap(`! ${bash.trim()}`, LIMITS.requestChars) : undefined;
  return cap(text, LIMITS.requestChars);
}
