import { readFile, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { readIfExists, writeFileAtomic } from '../io/atomic.js';
import { VERSION } from '../version.js';
import { parseFrontMatter, renderFrontMatter, type Meta } from './frontmatter.js';
import { validateDate, validateSession, validateTag } from './validate.js';
import { HandoverError, SecretDetectedError } from '../errors.js';
import type { RedactOptions } from '../redact/types.js';
import { redactMsg as msg } from '../messages/redact.js';

export interface NoteRef {
  layer: 1 | 2 | 3;
  path: string;
  /** Path relative to the memory root, with forward slashes. */
  rel: string;
  tag?: string;
  date?: string;
  session?: string;
  month?: string;
}

export interface Note {
  ref: NoteRef;
  meta: Meta;
  body: string;
}

const LAYER1_RE = /^(.+?)-(\d{4}-\d{2}-\d{2})-(.+)\.md$/;
const LAYER3_RE = /^(\d{4}-\d{2})-(.+)-archive\.md$/;
export const CURRENT_STATE = 'layer2/current-state.md';

/** Parses a layer1 file name; unambiguous because tags may not contain a date. */
export function parseLayer1Name(name: string): { tag: string; date: string; session: string } | undefined {
  const m = LAYER1_RE.exec(name);
  if (!m) return undefined;
  return { tag: m[1]!, date: m[2]!, session: m[3]! };
}

/**
 * The three-layer Markdown memory. layer1: one note per session whose name is fixed by the
 * session's first date, so later rewrites (a later Stop, a resume the next day) land in the same
 * file. layer2: the derived current state. layer3: monthly archives. Every write is atomic.
 */
export class MemoryStore {
  readonly toolVersion: string;
  readonly redaction: RedactOptions;
  /** Secrets the store itself replaced in text handed to it (a rendering that made a new match). */
  redactedAtWrite = 0;
  constructor(readonly root: string, opts: { toolVersion?: string; redaction?: RedactOptions } = {}) {
    this.toolVersion = opts.toolVersion ?? VERSION;
    this.redaction = opts.redaction ?? {};
  }

  /**
   * Every memory file passes the sanitiser in its final form, metadata and body: one-lining,
   * truncation or path relativisation upstream can make a match that the facts did not have
   * ("password:\nZxcv1234Qwer" on one line). Such text is redacted in place and counted, so the
   * handover completes; text that still scans as secret afterwards is refused with a typed error
   * before anything touches the disk, so it never reaches git.
   */
  private async file(path: string, fixed: Meta, meta: Meta | undefined, body: string): Promise<void> {
    const { sanitize, sanitizeDeep } = await import('../redact/sanitize.js');
    const extra = meta ? await sanitizeDeep(meta, this.redaction, { skipKeys: NO_KEYS, maxChars: Infinity }) : { value: undefined, count: 0 };
    const clean = await sanitize(body, this.redaction);
    const text = renderFrontMatter(withFixed(fixed, extra.value)) + clean.text;
    const { detectSync } = await import('../redact/detect.js');
    const left = detectSync(text, this.redaction);
    if (left.length) throw new SecretDetectedError(msg.secretLeft(path, [...new Set(left.map((r) => r.kind))].join(', ')), { path, hint: msg.secretLeftFix });
    this.redactedAtWrite += extra.count + clean.count;
    await writeFileAtomic(path, text);
  }

  layer1Path(tag: string, date: string, session: string): string {
    validateTag(tag);
    validateDate(date);
    validateSession(session);
    return join(this.root, 'layer1', date.slice(0, 7), `${tag}-${date}-${session}.md`);
  }

  archivePath(month: string, tag: string): string {
    validateTag(tag);
    validateDate(`${month}-01`);
    return join(this.root, 'layer3', `${month}-${tag}-archive.md`);
  }

  get currentStatePath(): string {
    return join(this.root, CURRENT_STATE);
  }

  /** The existing layer1 note of a session, whatever day it was first written. */
  async findSessionNote(tag: string, session: string, hint?: string): Promise<NoteRef | undefined> {
    validateTag(tag);
    validateSession(session);
    // The path remembered from the last write saves listing every note (thousands) on each Stop.
    if (hint && dirname(dirname(hint)) === join(this.root, 'layer1') && existsSync(hint)) {
      const p = parseLayer1Name(basename(hint));
      const month = basename(dirname(hint));
      if (p && p.tag === tag && p.session === session && /^\d{4}-\d{2}$/.test(month)) return this.ref(1, `layer1/${month}/${basename(hint)}`, { ...p, month });
    }
    const notes = await this.list({ layer: 1, tag });
    return notes.find((n) => n.session === session);
  }

  /** Writes (or rewrites) the session's note. `date` only names a new note; an existing one keeps its path. */
  async writeSessionNote(input: { tag: string; date: string; session: string; body: string; meta?: Meta; hint?: string }): Promise<{ path: string; created: boolean }> {
    const existing = await this.findSessionNote(input.tag, input.session, input.hint);
    const path = existing?.path ?? this.layer1Path(input.tag, input.date, input.session);
    const date = existing?.date ?? input.date;
    await this.file(path, { layer: 1, tag: input.tag, date, session: input.session, tool_version: this.toolVersion }, input.meta, input.body);
    return { path, created: !existing };
  }

  async writeCurrentState(body: string, meta: Meta = {}): Promise<string> {
    await this.file(this.currentStatePath, { layer: 2, tool_version: this.toolVersion }, meta, body);
    return this.currentStatePath;
  }

  readCurrentState(): Promise<string | undefined> {
    return readIfExists(this.currentStatePath);
  }

  async writeArchive(month: string, tag: string, body: string, meta: Meta = {}): Promise<string> {
    const path = this.archivePath(month, tag);
    await this.file(path, { layer: 3, tag, date: month, tool_version: this.toolVersion }, meta, body);
    return path;
  }

  async read(ref: NoteRef): Promise<Note> {
    const text = await readFile(ref.path, 'utf8');
    const parsed = parseFrontMatter(text);
    if (!parsed) throw new HandoverError('NOTE_MALFORMED', `Memory file ${ref.path} has no metadata header.`, { path: ref.path, hint: 'Restore it from git (git checkout -- <file>) or delete it and run `agent-handover regenerate`.' });
    return { ref, meta: parsed.meta, body: parsed.body };
  }

  /** Every memory file, optionally of one layer and one exact tag, sorted by path. */
  async list(filter: { layer?: 1 | 2 | 3; tag?: string; months?: (month: string) => boolean } = {}): Promise<NoteRef[]> {
    if (filter.tag !== undefined) validateTag(filter.tag);
    const out: NoteRef[] = [];
    if (!filter.layer || filter.layer === 1) {
      for (const month of await dirNames(join(this.root, 'layer1'))) {
        if (!/^\d{4}-\d{2}$/.test(month) || (filter.months && !filter.months(month))) continue;
        for (const name of await dirNames(join(this.root, 'layer1', month))) {
          const p = parseLayer1Name(name);
          if (!p || (filter.tag !== undefined && p.tag !== filter.tag)) continue;
          out.push(this.ref(1, `layer1/${month}/${name}`, { ...p, month }));
        }
      }
    }
    if ((!filter.layer || filter.layer === 2) && filter.tag === undefined) {
      if ((await dirNames(join(this.root, 'layer2'))).includes('current-state.md')) out.push(this.ref(2, CURRENT_STATE, {}));
    }
    if (!filter.layer || filter.layer === 3) {
      for (const name of await dirNames(join(this.root, 'layer3'))) {
        const m = LAYER3_RE.exec(name);
        if (!m || (filter.tag !== undefined && m[2] !== filter.tag)) continue;
        out.push(this.ref(3, `layer3/${name}`, { month: m[1]!, tag: m[2]! }));
      }
    }
    return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  /** The most recent layer1 note (by date, then name) of a tag, or of any tag. */
  async readLatest(tag?: string): Promise<Note | undefined> {
    const notes = await this.list({ layer: 1, ...(tag === undefined ? {} : { tag }) });
    notes.sort((a, b) => `${a.date}/${a.rel}`.localeCompare(`${b.date}/${b.rel}`));
    const last = notes[notes.length - 1];
    return last ? this.read(last) : undefined;
  }

  async counts(tag?: string): Promise<{ layer1: number; layer2: number; layer3: number }> {
    const all = await this.list(tag === undefined ? {} : { tag });
    const count = (layer: number) => all.filter((n) => n.layer === layer).length;
    return { layer1: count(1), layer2: count(2), layer3: count(3) };
  }

  /** A derived topic page (memory/topics/<slug>.md, written by `refine`): regenerated, never edited. */
  topicPath(slug: string): string {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new HandoverError('BAD_TOPIC', `Topic slug ${JSON.stringify(slug)} is not lower-case letters, digits and dashes.`, { hint: 'Slugs come from refine; report this as a bug.' });
    return join(this.root, 'topics', `${slug}.md`);
  }

  /** The whole file a topic page would be: the same page gives the same bytes. */
  topicFile(body: string, meta: Meta = {}): string {
    return renderFrontMatter(withFixed({ layer: 2, kind: 'topic', tool_version: this.toolVersion }, meta)) + body;
  }

  async writeTopic(slug: string, body: string, meta: Meta = {}): Promise<string> {
    const path = this.topicPath(slug);
    await writeFileAtomic(path, this.topicFile(body, meta));
    return path;
  }

  async listTopics(): Promise<string[]> {
    return (await dirNames(join(this.root, 'topics'))).filter((n) => /^[a-z0-9][a-z0-9-]*\.md$/.test(n)).map((n) => n.slice(0, -3));
  }

  async removeTopic(slug: string): Promise<void> {
    await rm(this.topicPath(slug), { force: true });
  }

  async remove(ref: NoteRef): Promise<void> {
    await rm(ref.path, { force: true });
  }

  private ref(layer: 1 | 2 | 3, rel: string, extra: Partial<NoteRef>): NoteRef {
    // rel is built from our own folder names, so it needs no normalising (this runs per note per list).
    return { layer, path: `${this.root}/${rel}`, rel, ...extra };
  }
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Fixed keys first and unchangeable: they are the file's identity, which a caller's meta must not rewrite. */
function withFixed(fixed: Meta, extra: Meta = {}): Meta {
  return { ...fixed, ...extra, ...fixed };
}

async function dirNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}
