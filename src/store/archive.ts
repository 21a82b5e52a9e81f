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

// A note may quote our own markers (this very tool's notes do). In bodies, `<!-- agent-handover:` is
// written `&lt;!-- agent-handover:` (which Markdown still shows as `<`), and an existing `&lt;…` gains
// one more `amp;`, so the escape is reversible and a body can never end or start an entry.
const ESC_RE = /(<|&((?:amp;)*)lt;)(!-- agent-handover:)/g;
const UNESC_RE = /&((?:amp;)*)lt;(!-- agent-handover:)/g;
const escapeBody = (b: string) => b.replace(ESC_RE, (_m, lead: string, amps: string | undefined, rest: string) => (lead === '<' ? '&lt;' : `&amp;${amps ?? ''}lt;`) + rest);
const unescapeBody = (b: string) => b.replace(UNESC_RE, (_m, amps: string, rest: string) => (amps === '' ? '<' : `&${amps.slice(4)}lt;`) + rest);

/** How many entry headers the text holds; more than parseArchive returns means some are damaged. */
export function entryMarkerCount(text: string): number {
  return text.split(START).length - 1;
}

export function parseArchive(raw: string): ArchiveEntry[] {
  // A Windows checkout with core.autocrlf turns our LF files into CRLF; reading none back would let
  // the next compaction rewrite the archive without them.
  const text = raw.includes('\r\n') ? raw.replace(/\r\n/g, '\n') : raw;
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
      if (typeof meta.id === 'string') entries.push({ id: meta.id, meta, body: unescapeBody(text.slice(headEnd + 5, e + 1)) });
    } catch {
      // A damaged marker loses only that entry's framing; the text stays in git history.
    }
    pos = e + END.length + 1;
  }
  return entries;
}

export function renderArchive(title: string, entries: ArchiveEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parts = sorted.map((en) => {
    const body = escapeBody(en.body.endsWith('\n') ? en.body : en.body + '\n');
    // \u003c/\u003e keep a quoted marker or `-->` in the metadata from ending the comment or faking a header.
    const head = JSON.stringify({ ...en.meta, id: en.id }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
    return `${START}${head} -->\n${body}${END}\n`;
  });
  return `# ${title}\n\n${parts.join('\n')}`;
}

/** Union by id; on the same id the later list wins (the newer copy of a note). */
export function unionEntries(...lists: ArchiveEntry[][]): ArchiveEntry[] {
  const byId = new Map<string, ArchiveEntry>();
  for (const list of lists) for (const e of list) byId.set(e.id, e);
  return [...byId.values()];
}
