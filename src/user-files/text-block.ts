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
  const bare = (k: number) => lines[k]!.replace(/\r$/, '');
  const i = lines.findIndex((_, k) => bare(k) === m.start);
  if (i < 0) return undefined;
  let j = i;
  if (m.end !== undefined) {
    while (j < lines.length && bare(j) !== m.end) j++;
    if (j === lines.length) return undefined;
  } else {
    while (j + 1 < lines.length && (m.body ?? []).includes(bare(j + 1))) j++;
  }
  const offset = (n: number) => lines.slice(0, n).join('\n').length;
  return { start: i === 0 ? 0 : offset(i) + 1, end: Math.min(text.length, offset(j + 1) + 1) };
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
