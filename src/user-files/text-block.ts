/**
 * A block of lines we own inside a user's text file (.gitignore, CLAUDE.md), found by its first
 * line and (for multi-line blocks) its last. Appending and removing are exact inverses up to the one
 * newline appending adds when the file lacked a final one, which the backup comparison allows for.
 */
export interface BlockMarkers {
  start: string;
  /** Last line of the block; when absent the block runs on while lines are among `body`. */
  end?: string;
  body?: readonly string[];
}

export function findTextBlock(text: string, m: BlockMarkers): { start: number; end: number } | undefined {
  const lines = text.split('\n');
  let pos = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.replace(/\r$/, '') === m.start) {
      let j = i;
      if (m.end !== undefined) {
        while (j < lines.length && lines[j]!.replace(/\r$/, '') !== m.end) j++;
        if (j === lines.length) return undefined;
      } else {
        while (j + 1 < lines.length && (m.body ?? []).includes(lines[j + 1]!.replace(/\r$/, ''))) j++;
      }
      const end = lines.slice(0, j + 1).join('\n').length;
      return { start: pos, end: Math.min(text.length, end + 1) };
    }
    pos += lines[i]!.length + 1;
  }
  return undefined;
}

/** `text` with `block` (ending in a newline) appended, or replacing the block already there. */
export function withTextBlock(text: string | undefined, block: string, m: BlockMarkers, separator = ''): string {
  if (text === undefined || text === '') return block;
  const span = findTextBlock(text, m);
  if (span) return text.slice(0, span.start) + block + text.slice(span.end);
  return text + (text.endsWith('\n') ? '' : '\n') + separator + block;
}

export function withoutTextBlock(text: string, m: BlockMarkers, separator = ''): string {
  const span = findTextBlock(text, m);
  if (!span) return text;
  let before = text.slice(0, span.start);
  if (separator && before.endsWith(`\n${separator}`)) before = before.slice(0, before.length - separator.length);
  return before + text.slice(span.end);
}
