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

export function parseFrontMatter(text: string): { meta: Meta; body: string } | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) return undefined;
  const meta: Meta = {};
  for (const line of text.slice(4, end).split('\n')) {
    const i = line.indexOf(': ');
    if (i <= 0) continue;
    try {
      meta[line.slice(0, i)] = JSON.parse(line.slice(i + 2)) as Meta[string];
    } catch {
      meta[line.slice(0, i)] = line.slice(i + 2);
    }
  }
  return { meta, body: text.slice(end + 5) };
}
