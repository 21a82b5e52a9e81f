/**
 * Machine-readable metadata at the top of every memory file: a YAML front-matter block whose
 * values are JSON scalars or flat arrays (valid YAML), so it is read back without a YAML parser on
 * the hook's hot path.
 */
export type Meta = Record<string, string | number | boolean | null | string[]>;

export function renderFrontMatter(meta: Meta): string {
  const lines = Object.entries(meta).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `---\n${lines.join('\n')}\n---\n`;
}

export function parseFrontMatter(raw: string): { meta: Meta; body: string } | undefined {
  // A Windows checkout with core.autocrlf turns our LF files into CRLF; they must still read back.
  const text = raw.startsWith('---\r\n') ? raw.replace(/\r\n/g, '\n') : raw;
  if (!text.startsWith('---\n')) return undefined;
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) return undefined;
  const meta: Meta = {};
  for (const line of text.slice(4, end).split('\n')) {
    const i = line.indexOf(': ');
    // Assigning `__proto__` would replace the object's prototype instead of adding a key.
    if (i <= 0 || line.slice(0, i) === '__proto__') continue;
    try {
      meta[line.slice(0, i)] = JSON.parse(line.slice(i + 2)) as Meta[string];
    } catch {
      meta[line.slice(0, i)] = line.slice(i + 2);
    }
  }
  return { meta, body: text.slice(end + 5) };
}
