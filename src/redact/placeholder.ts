/** The text that replaces a secret. Kinds are lower-case words joined by dashes. */
export function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

export function normalizeKind(name: string): string {
  const kind = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return kind === '' ? 'custom' : kind;
}

const PLACEHOLDER_RE = /\[REDACTED:[a-z0-9][a-z0-9-]*\]/g;

/** Spans of our own placeholders: a finding touching one is never reported, so a second pass is a no-op. */
export function placeholderSpans(text: string): [number, number][] {
  if (!text.includes('[REDACTED:')) return [];
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => [m.index, m.index + m[0].length]);
}
