/**
 * Small Markdown helpers shared by the renderers. User text (requests, captures, commands) is put
 * in shapes that cannot open a heading or a fence, so the session-note parser reads sections back
 * whatever the text contains.
 */

/** Cut to `max` characters (ellipsis included) without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}\u2026`;
}

/** One line: every run of whitespace (newlines included) becomes one space, then clipped. */
export function oneLine(text: string, max: number): string {
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}

/** Multi-line text as a blockquote: each line behind `> `, so no line can start a heading or fence. */
export function blockquote(text: string, max: number): string {
  const body = clip(text.replace(/\r\n?/g, '\n').trim(), max);
  return body
    .split('\n')
    .map((l) => (l.trim() === '' ? '>' : `> ${l.trimEnd()}`))
    .join('\n');
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function fence(text: string, info = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${info}\n${text.replace(/\s+$/, '')}\n${f}`;
}

/** Inline code that survives backticks in the text. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  if (longest === 0) return `\`${text}\``;
  const ticks = '`'.repeat(longest + 1);
  return `${ticks} ${text} ${ticks}`;
}

/** Lines capped at `max`, with a trailing "… N more" line when some were left out. */
export function capLines(lines: string[], max: number, more: (n: number) => string): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), more(lines.length - max)];
}

/** Markdown that came from a note, kept from opening headings where it is shown. */
export function demoteHeadings(text: string): string {
  return text.replace(/^(#{1,6}\s)/gm, '\\$1');
}

/** The YYYY-MM-DD an ISO timestamp starts with, else `fallback`. */
export function isoDay(iso: string | undefined, fallback: string): string {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : fallback;
}

/** The first item of each key, in order. */
export function uniqueBy<T>(items: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => !seen.has(key(x)) && Boolean(seen.add(key(x))));
}

/** Byte-order comparison: never locale-dependent. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text compared for deduplication: case, spacing and trailing punctuation do not matter. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.!;:,\s]+$/, '');
}

/** Splits a Markdown body into `## ` sections, ignoring headings inside fenced blocks. */
export function splitSections(body: string): Map<string, string> {
  const out = new Map<string, string>();
  let title: string | undefined;
  let buf: string[] = [];
  let fenceLen = 0;
  const flush = () => {
    if (title !== undefined && !out.has(title)) out.set(title, buf.join('\n').trim());
  };
  for (const line of body.split('\n')) {
    const f = /^(`{3,})/.exec(line);
    if (f) {
      if (fenceLen === 0) fenceLen = f[1]!.length;
      else if (f[1]!.length >= fenceLen && line.trim() === f[1]) fenceLen = 0;
    } else if (fenceLen === 0 && line.startsWith('## ')) {
      flush();
      title = line.slice(3).trim();
      buf = [];
      continue;
    }
    buf.push(line);
  }
  flush();
  return out;
}

/**
 * A long, structured text (a pasted plan, a compaction summary) as one line that keeps its words:
 * the title, then each line's text without list and heading markup, so a cut at `max` still says
 * what the plan is, not only its headings.
 */
export function gist(text: string, max: number): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length < 3) return oneLine(text, max);
  const parts = lines
    .filter((l) => !/^(?:`{3,}|[|:\s-]{3,}$|={3,}|-{3,})/.test(l))
    .map((l) => l.replace(/^#{1,6}\s+/, '').replace(/^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '').replace(/\*\*|__/g, '').trim())
    .filter(Boolean)
    .map((l) => (/[.:;!?]$/.test(l) ? l : `${l};`));
  return oneLine(parts.join(' ').replace(/;$/, ''), max);
}
