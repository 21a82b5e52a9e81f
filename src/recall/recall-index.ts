import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { memoryDocs, type RecallDoc } from './memory-docs.js';
import { openDb, type Db } from './sqlite.js';
import { ensureStateDir } from '../io/state-dir.js';
import { clearChangeMarks, readChangeMarks, recallDir, type ChangeMark } from '../store/changed-notes.js';

/**
 * The recall index: a derived cache of the redacted memory in .agent-handover/index/recall.sqlite
 * (SQLite FTS5, ranked by bm25). It is never the source of truth: a missing, damaged or outdated
 * file is rebuilt from the memory files, and `refresh` brings it up to date by re-reading only the
 * notes that changed (folder mtimes first, then each file's mtime, size and inode).
 */

/** Bump when the schema or memory-docs.ts's output changes: an index of another version is rebuilt. */
export const RECALL_INDEX_VERSION = 3;
const DB_FILE = 'recall.sqlite';

const SCHEMA = `
CREATE TABLE info(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE files(rowid INTEGER PRIMARY KEY, rel TEXT UNIQUE, mtime REAL, size INTEGER, ino INTEGER);
CREATE TABLE stamps(folder TEXT PRIMARY KEY, mtime REAL);
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, file INTEGER, id TEXT, kind TEXT, path TEXT, session TEXT, agent TEXT, date TEXT, branch TEXT, commitx TEXT, status TEXT);
CREATE INDEX docs_file ON docs(file);
CREATE INDEX docs_id ON docs(id);
CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='porter unicode61 remove_diacritics 2');
`;

export interface RecallFilter {
  kind?: string;
  /** YYYY-MM-DD: only items of that day or later. */
  since?: string;
  agent?: string;
  limit?: number;
}

export interface RecallHit extends RecallDoc {
  /** The text around the matched terms, which are wrapped in ** **. */
  snippet: string;
  /** bm25, lower is better (0 for an exact id). */
  score: number;
}

export interface RefreshStats {
  rebuilt: boolean;
  /** Files read and indexed this time. */
  parsed: number;
  dropped: number;
  /** Files stat-ed because their folder changed with no change mark to explain it. */
  scanned: number;
  ms: number;
}

export interface OpenOptions {
  stateDir: string;
  memoryDir: string;
  /** False (PAUSE, read-only callers): never write; a missing index is built in memory. */
  write: boolean;
}

const STOPWORDS = new Set('a an and are as at be but by did do does for from had has have how i in is it its of on or our so that the their them then there these this to was we were what when where which who why will with you'.split(' '));

/** The FTS5 query for words: each quoted (so no operator can be injected) and matched through the Porter stemmer ("tests" finds "testing"); not as a prefix, which made FTS5 merge every expansion of a common word in full. */
export function ftsQuery(text: string | string[], op: 'OR' | 'AND' = 'OR'): string | undefined {
  const words = typeof text === 'string' ? queryWords(text) : text;
  if (!words.length) return undefined;
  return words.map((w) => `"${w}"`).join(` ${op} `);
}

/** See search(): how many of a common word's newest matches are ranked. */
const RANK_WINDOW = 500;

/**
 * The text around the first matched word, matches wrapped in ** **: words that start with a query
 * word or its stem (FTS5 matched through the Porter stemmer, so "tests" finds "testing").
 */
export function snippet(text: string, words: string[], width = 28): string {
  const stems = words.map((w) => (w.length > 4 ? w.replace(/(ing|ed|es|s|e)$/, '') : w)).filter(Boolean);
  const tokens = text.split(/\s+/).filter(Boolean);
  const hit = (t: string) => {
    const l = t.toLowerCase().replace(/^[^\p{L}\p{N}_]+/u, '');
    return stems.some((s) => l.startsWith(s));
  };
  const first = Math.max(0, tokens.findIndex(hit));
  const start = Math.max(0, first - 8);
  const end = Math.min(tokens.length, start + width);
  const body = tokens.slice(start, end).map((t) => (hit(t) ? `**${t}**` : t)).join(' ');
  return `${start > 0 ? '\u2026 ' : ''}${body}${end < tokens.length ? ' \u2026' : ''}`;
}

/** Capture ids (d-, g-, f-, c-, k-, x-), commit hashes and session ids are looked up exactly. */
export function looksLikeId(text: string): boolean {
  const t = text.trim();
  return /^[a-z]-[a-z0-9]{4,12}$/.test(t) || /^[0-9a-f]{7,40}$/.test(t) || (/^[\w.:-]{8,128}$/.test(t) && /\d/.test(t) && /-/.test(t));
}

function isDamage(err: unknown): boolean {
  return /malformed|not a database|corrupt|no such table|no such column|SQLITE_CORRUPT|SQLITE_NOTADB/i.test(String((err as Error)?.message ?? err));
}

/** Writers take this lock (a file created exclusively); one left by a killed process expires. */
function withWriteLock<T>(dir: string, fn: () => T): T | undefined {
  const lock = join(dir, 'write.lock');
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs < 30_000) return undefined;
      rmSync(lock, { force: true });
      fd = openSync(lock, 'wx');
    } catch {
      return undefined;
    }
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function folderStamps(memoryDir: string): Array<{ folder: string; mtime: number }> {
  const out: ReturnType<typeof folderStamps> = [];
  const add = (folder: string) => {
    try {
      out.push({ folder, mtime: statSync(join(memoryDir, folder)).mtimeMs });
    } catch {
      // missing folder
    }
  };
  try {
    for (const m of readdirSync(join(memoryDir, 'layer1')).sort()) if (/^\d{4}-\d{2}$/.test(m)) add(`layer1/${m}`);
  } catch {
    // no layer1 yet
  }
  add('layer3');
  add('topics');
  return out;
}

function stampKey(stamps: ReturnType<typeof folderStamps>): string {
  return stamps.map((s) => `${s.folder}\0${s.mtime}`).join('\n');
}

function filesIn(memoryDir: string, folder: string): string[] {
  try {
    return readdirSync(join(memoryDir, folder))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `${folder}/${f}`);
  } catch {
    return [];
  }
}

/** The marks of `folder` when they chain from the stamp the index has to the one the folder has now. */
function chainedMarks(marks: ChangeMark[], folder: string, from: number | undefined, to: number): ChangeMark[] | undefined {
  const mine = marks.filter((m) => m.folder === folder);
  if (!mine.length || from === undefined) return undefined;
  let at: number | null = from;
  for (const m of mine) {
    if (m.before !== at) return undefined;
    at = m.after;
  }
  return at === to ? mine : undefined;
}

function tune(db: Db, write: boolean): void {
  if (write) db.exec('PRAGMA synchronous = OFF');
  // SQLite keeps its page cache from one read transaction to the next while the file is
  // unchanged; the default 2 MB held too few of the FTS pages at 10,000 notes, so a warm server
  // re-read them from disk on every query.
  db.exec('PRAGMA cache_size = -32000');
}

export class RecallIndex {
  private ino = 0;
  /** The folder stamps the index was last brought to by this process (see refresh). */
  private syncedTo: string | undefined;
  private constructor(
    private readonly opts: OpenOptions,
    private db: Db,
    private readonly path: string | undefined,
  ) {
    // A derived cache: no fsync per update. The rollback journal still makes every update atomic
    // against a killed process; damage from a power cut is detected and rebuilt (see openFresh).
    tune(db, opts.write);
    if (path) this.ino = statSync(path).ino;
  }

  get backend(): string {
    return this.db.backend;
  }

  /** Opens the index, rebuilding it when it is missing, damaged or of another version. */
  static open(opts: OpenOptions): RecallIndex {
    const dir = recallDir(opts.stateDir);
    const path = join(dir, DB_FILE);
    if (existsSync(path)) {
      try {
        const db = openDb(path, opts.write ? {} : { readOnly: true });
        const v = db.all("SELECT v FROM info WHERE k = 'version'")[0]?.v;
        if (v === String(RECALL_INDEX_VERSION)) return new RecallIndex(opts, db, path);
        db.close();
      } catch {
        // damaged: rebuilt below
      }
    }
    if (!opts.write) return RecallIndex.inMemory(opts);
    // The state folder's own .gitignore keeps the index out of `git status` from the first write.
    ensureStateDir(opts.stateDir);
    mkdirSync(dir, { recursive: true });
    const built = withWriteLock(dir, () => {
      // Built beside and renamed in, so a reader never sees a half-built index.
      const tmp = `${path}.tmp-${process.pid}`;
      rmSync(tmp, { force: true });
      const db = RecallIndex.create(tmp);
      const idx = new RecallIndex(opts, db, tmp);
      idx.refreshLocked();
      db.close();
      renameSync(tmp, path);
      return true;
    });
    // Another process is building it: answer from memory this once.
    return built ? new RecallIndex(opts, openDb(path), path) : RecallIndex.inMemory(opts);
  }

  private static inMemory(opts: OpenOptions): RecallIndex {
    const mem = new RecallIndex({ ...opts, write: false }, RecallIndex.create(':memory:'), undefined);
    mem.refreshLocked();
    return mem;
  }

  private static create(path: string): Db {
    const db = openDb(path);
    db.exec(SCHEMA);
    db.run("INSERT INTO info(k, v) VALUES ('version', ?)", [String(RECALL_INDEX_VERSION)]);
    return db;
  }

  /**
   * Brings the index up to date with the memory files; a no-op costs a few stats. When the folder
   * stamps are the ones this process last brought the index to, nothing changed since (the index
   * only ever moves towards the files): no lock, no read of the database or of changed.jsonl.
   * On node-sqlite3-wasm every lock is a mkdir/rmdir pair, which on a busy disk cost more than the
   * query itself.
   */
  refresh(): RefreshStats {
    const t0 = performance.now();
    this.reopenIfReplaced();
    const idle = (): RefreshStats => ({ rebuilt: false, parsed: 0, dropped: 0, scanned: 0, ms: performance.now() - t0 });
    if (!this.opts.write && this.path) return idle();
    const now = stampKey(folderStamps(this.opts.memoryDir));
    if (now === this.syncedTo) return idle();
    const stats = this.path ? withWriteLock(recallDir(this.opts.stateDir), () => this.refreshLocked()) : this.refreshLocked();
    return stats ?? idle();
  }

  /** A rebuild by another process renamed a new file in: follow it. */
  private reopenIfReplaced(): void {
    if (!this.path) return;
    try {
      const ino = statSync(this.path).ino;
      if (ino === this.ino) return;
      this.db.close();
      this.db = openDb(this.path, this.opts.write ? {} : { readOnly: true });
      tune(this.db, this.opts.write);
      this.ino = ino;
      this.syncedTo = undefined;
    } catch {
      // keep the open one
    }
  }

  private refreshLocked(): RefreshStats {
    const t0 = performance.now();
    const db = this.db;
    const { memoryDir, stateDir } = this.opts;
    const stored = new Map(db.all('SELECT folder, mtime FROM stamps').map((r) => [String(r.folder), Number(r.mtime)]));
    const current = folderStamps(memoryDir);
    const marks = this.path && !this.path.includes('.tmp-') ? readChangeMarks(stateDir) : [];
    const stats: RefreshStats = { rebuilt: stored.size === 0, parsed: 0, dropped: 0, scanned: 0, ms: 0 };
    const toRead: string[] = [];
    const toDrop: string[] = [];
    const seen = new Set(current.map((c) => c.folder));
    for (const { folder, mtime } of current) {
      if (stored.get(folder) === mtime) continue;
      const chained = chainedMarks(marks, folder, stored.get(folder), mtime);
      if (chained) {
        for (const m of chained) (existsSync(join(memoryDir, m.rel)) ? toRead : toDrop).push(m.rel);
        continue;
      }
      const known = new Map(db.all('SELECT rel, mtime, size, ino FROM files WHERE rel >= ? AND rel < ?', [`${folder}/`, `${folder}0`]).map((r) => [String(r.rel), r]));
      for (const rel of filesIn(memoryDir, folder)) {
        const prev = known.get(rel);
        known.delete(rel);
        stats.scanned += 1;
        try {
          const st = statSync(join(memoryDir, rel));
          if (prev && Number(prev.mtime) === st.mtimeMs && Number(prev.size) === st.size && Number(prev.ino) === st.ino) continue;
          toRead.push(rel);
        } catch {
          toDrop.push(rel);
        }
      }
      toDrop.push(...known.keys());
    }
    for (const folder of stored.keys()) {
      if (seen.has(folder)) continue;
      toDrop.push(...db.all('SELECT rel FROM files WHERE rel >= ? AND rel < ?', [`${folder}/`, `${folder}0`]).map((r) => String(r.rel)));
    }
    if (toRead.length || toDrop.length || current.some((c) => stored.get(c.folder) !== c.mtime) || stored.size !== current.length) {
      db.exec('BEGIN');
      try {
        for (const rel of toDrop) this.dropFile(rel);
        for (const rel of toRead) {
          this.dropFile(rel);
          let text: string;
          let st;
          try {
            st = statSync(join(memoryDir, rel));
            text = readFileSync(join(memoryDir, rel), 'utf8');
          } catch {
            continue;
          }
          db.run('INSERT INTO files(rel, mtime, size, ino) VALUES (?, ?, ?, ?)', [rel, st.mtimeMs, st.size, st.ino]);
          const fileId = Number(db.all('SELECT last_insert_rowid() AS id')[0]!.id);
          for (const d of memoryDocs(rel, text)) this.insert(fileId, rel, d);
          stats.parsed += 1;
        }
        db.run('DELETE FROM stamps');
        for (const c of current) db.run('INSERT INTO stamps(folder, mtime) VALUES (?, ?)', [c.folder, c.mtime]);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
      stats.dropped = toDrop.length;
    }
    if (marks.length) clearChangeMarks(stateDir);
    this.syncedTo = stampKey(current);
    stats.ms = performance.now() - t0;
    return stats;
  }

  private dropFile(rel: string): void {
    const id = this.db.all('SELECT rowid AS id FROM files WHERE rel = ?', [rel])[0]?.id;
    if (id === undefined) return;
    this.db.run('DELETE FROM fts WHERE rowid IN (SELECT rowid FROM docs WHERE file = ?)', [Number(id)]);
    this.db.run('DELETE FROM docs WHERE file = ?', [Number(id)]);
    this.db.run('DELETE FROM files WHERE rowid = ?', [Number(id)]);
  }

  /**
   * Size at 10,000 notes: the file is its row in files (not its path again), and the path is left
   * NULL when it is that file's (always, today): 16 documents a note made both columns a third of
   * the index.
   */
  private insert(fileId: number, rel: string, d: RecallDoc): void {
    this.db.run('INSERT INTO docs(file, id, kind, path, session, agent, date, branch, commitx, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [fileId, d.id, d.kind, d.path === rel ? null : d.path, d.session, d.agent, d.date, d.branch, d.commit, d.status]);
    this.db.run('INSERT INTO fts(rowid, text) VALUES (last_insert_rowid(), ?)', [d.text]);
  }

  /**
   * Ranked hits for free text, or the item itself for an exact id. Its statements share one read
   * transaction: one lock taken and released per search instead of one per statement.
   */
  search(query: string, filter: RecallFilter = {}): RecallHit[] {
    this.db.exec('BEGIN');
    try {
      return this.searchIn(query, filter);
    } finally {
      try {
        this.db.exec('COMMIT');
      } catch {
        // a read transaction: nothing to lose; the next BEGIN reports a real problem
      }
    }
  }

  private searchIn(query: string, filter: RecallFilter): RecallHit[] {
    const limit = Math.max(1, Math.min(100, Math.floor(filter.limit ?? 10)));
    const bySql = { 'd.kind = ?': filter.kind, 'd.date >= ?': filter.since, 'd.agent = ?': filter.agent };
    const conds = Object.entries(bySql).filter((c): c is [string, string] => !!c[1]);
    const where = conds.map(([sql]) => sql);
    const params: Array<string | number> = conds.map(([, v]) => v);
    const extra = where.length ? ` AND ${where.join(' AND ')}` : '';
    const cols = 'd.id, d.kind, COALESCE(d.path, fl.rel) AS path, d.session, d.agent, d.date, d.branch, d.commitx, d.status';
    const rows: Array<Record<string, unknown>> = [];
    if (looksLikeId(query)) {
      rows.push(...this.safeAll(`SELECT ${cols}, f.text AS text, f.text AS snippet, 0 AS score FROM docs d JOIN files fl ON fl.rowid = d.file JOIN fts f ON f.rowid = d.rowid WHERE d.id = ?${extra} ORDER BY path LIMIT ?`, [query.trim(), ...params, limit]));
    }
    const words = queryWords(query);
    if (words.length && rows.length < limit) {
      const join = where.length ? ' JOIN docs d ON d.rowid = fts.rowid' : '';
      /**
       * bm25 costs the same for every match, so a common word (thousands of matches) is ranked only
       * among its newest RANK_WINDOW matches: rowids follow the notes' order (a rebuild indexes the
       * months in order, updates append). Few matches are ranked in full.
       */
      const ranked = (match: string): Array<Record<string, unknown>> =>
        // One statement: the newest RANK_WINDOW matches with their bm25 (all of them when fewer), best
        // first, and only the best 2 x limit of them handed to JavaScript (on WebAssembly SQLite a
        // row costs more to hand over than to rank). Ties go to the newer row, as before.
        this.safeAll(`SELECT r, score FROM (SELECT fts.rowid AS r, bm25(fts) AS score FROM fts${join} WHERE fts MATCH ?${extra} ORDER BY fts.rowid DESC LIMIT ?) ORDER BY score, r DESC LIMIT ?`, [match, ...params, RANK_WINDOW, limit * 2]);
      // Items with every word first, then items with the rarer words (ranked in full, so an old
      // note that alone has the rare word is found), then the rest.
      // Computed only as far as needed: most queries stop after the first group.
      let rare: string[] | undefined;
      const rareWords = () => (rare ??= words.slice(0, 8).filter((w) => Number(this.safeAll('SELECT count(*) AS n FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)', [ftsQuery([w], 'OR')!, RANK_WINDOW + 1])[0]?.n ?? 0) <= RANK_WINDOW));
      const groups: Array<() => Array<Record<string, unknown>>> = [() => ranked(ftsQuery(words, 'AND')!)];
      if (words.length > 1) {
        groups.push(() => (rareWords().length ? ranked(ftsQuery(rareWords(), 'OR')!) : []));
        groups.push(() => (rareWords().length < words.length ? ranked(ftsQuery(words, 'OR')!) : []));
      }
      const order = new Map<number, number>();
      for (const g of groups) {
        for (const t of g()) if (!order.has(Number(t.r))) order.set(Number(t.r), Number(t.score));
        if (order.size >= limit) break;
      }
      const top = [...order].slice(0, limit * 2);
      if (top.length) {
        const byRow = new Map(this.safeAll(`SELECT d.rowid AS r, ${cols}, f.text AS text FROM docs d JOIN files fl ON fl.rowid = d.file JOIN fts f ON f.rowid = d.rowid WHERE d.rowid IN (${top.map(() => '?').join(',')})`, top.map(([r]) => r)).map((x) => [Number(x.r), x]));
        for (const [r, score] of top) {
          const row = byRow.get(r);
          if (row) rows.push({ ...row, score, snippet: snippet(String(row.text), words) });
        }
      }
    }
    const hits = new Map<string, RecallHit>();
    for (const r of rows) {
      const key = `${String(r.id)}\0${String(r.kind)}`;
      if (!hits.has(key)) hits.set(key, { id: String(r.id), kind: String(r.kind) as RecallHit['kind'], text: String(r.text), path: String(r.path), session: String(r.session), agent: String(r.agent), date: String(r.date), branch: String(r.branch), commit: String(r.commitx), status: String(r.status), snippet: String(r.snippet), score: Number(r.score) });
      if (hits.size >= limit) break;
    }
    return [...hits.values()];
  }

  private safeAll(sql: string, params: Array<string | number>): Array<Record<string, unknown>> {
    try {
      return this.db.all(sql, params);
    } catch (err) {
      if (isDamage(err)) throw new RecallIndexDamaged(String((err as Error).message));
      throw err;
    }
  }

  /** Number of documents and files, for status lines and the bench. */
  counts(): { docs: number; files: number } {
    return { docs: Number(this.db.all('SELECT count(*) AS n FROM docs')[0]?.n ?? 0), files: Number(this.db.all('SELECT count(*) AS n FROM files')[0]?.n ?? 0) };
  }

  close(): void {
    this.db.close();
  }

  /** Deletes the index file so the next open rebuilds it. */
  static discard(stateDir: string): void {
    rmSync(join(recallDir(stateDir), DB_FILE), { force: true });
  }
}

export class RecallIndexDamaged extends Error {}

/**
 * Open, refresh and search in one call, rebuilding once when the file turns out damaged: what the
 * CLI and each MCP call (through a warm RecallIndex) need.
 */
export function openFresh(opts: OpenOptions): RecallIndex {
  const fresh = (): RecallIndex => {
    const idx = RecallIndex.open(opts);
    idx.refresh();
    return idx;
  };
  try {
    return fresh();
  } catch (err) {
    if (!opts.write || !(isDamage(err) || err instanceof RecallIndexDamaged)) throw err;
    RecallIndex.discard(opts.stateDir);
    return fresh();
  }
}

/** The words of a query that count: lower-cased, no stopwords, each once, at most 16. */
function queryWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => !STOPWORDS.has(w)))].slice(0, 16);
}
