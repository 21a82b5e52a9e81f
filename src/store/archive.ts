/**
 * A layer3 archive is a list of entries, each one whole layer1 note between markers that carry its
 * id. Entries are keyed by note id, so archiving twice, or merging two machines' archives, is a
 * union that can neither duplicate nor drop a note.
 */
export interface ArchiveEntry {
  id: string;
  meta: Record<string, unknown>;
  body: string;
}

const START = '<!-- agent-handover:note ';
const END = '<!-- agent-handover:end -->';

export function parseArchive(text: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let pos = 0;
  for (;;) {
    const s = text.indexOf(START, pos);
    if (s < 0) break;
    const headEnd = text.indexOf(' -->\n', s);
    const e = headEnd < 0 ? -1 : text.indexOf(`\n${END}`, headEnd);
    if (headEnd < 0 || e < 0) break;
    try {
      const meta = JSON.parse(text.slice(s + START.length, headEnd)) as Record<string, unknown>;
      if (typeof meta.id === 'string') entries.push({ id: meta.id, meta, body: text.slice(headEnd + 5, e + 1) });
    } catch {
      // A damaged marker loses only that entry's framing; the text stays in git history.
    }
    pos = e + END.length + 1;
  }
  return entries;
}

export function renderArchive(title: string, entries: ArchiveEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parts = sorted.map((en) => `${START}${JSON.stringify({ ...en.meta, id: en.id })} -->\n${en.body.endsWith('\n') ? en.body : en.body + '\n'}${END}\n`);
  return `# ${title}\n\n${parts.join('\n')}`;
}

/** Union by id; on the same id the later list wins (the newer copy of a note). */
export function unionEntries(...lists: ArchiveEntry[][]): ArchiveEntry[] {
  const byId = new Map<string, ArchiveEntry>();
  for (const list of lists) for (const e of list) byId.set(e.id, e);
  return [...byId.values()];
}
