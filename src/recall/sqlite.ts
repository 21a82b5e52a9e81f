import { createRequire } from 'node:module';

/**
 * SQLite with FTS5, without a native build: Node's own `node:sqlite` where it exists (Node ≥ 22.13,
 * no WebAssembly to compile at start-up, the fastest cold start we measured), else
 * node-sqlite3-wasm (SQLite compiled to WebAssembly; works on Node 20). Both read and write the same
 * file format, so an index built under one Node is used as is under another.
 */
export interface Db {
  exec(sql: string): void;
  all(sql: string, params?: Array<string | number | null>): Array<Record<string, unknown>>;
  run(sql: string, params?: Array<string | number | null>): void;
  close(): void;
  readonly backend: 'node:sqlite' | 'node-sqlite3-wasm';
}

const load = createRequire(import.meta.url);

interface NodeSqliteStatement {
  all(...p: unknown[]): Array<Record<string, unknown>>;
  run(...p: unknown[]): unknown;
}
interface NodeSqliteDb {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}

function loadNodeSqlite(): { DatabaseSync: new (path: string, opts?: { readOnly?: boolean }) => NodeSqliteDb } | undefined {
  const [maj, min] = process.versions.node.split('.').map(Number) as [number, number];
  if (maj < 22 || (maj === 22 && min < 13) || process.env.AGENT_HANDOVER_SQLITE === 'wasm') return undefined;
  // Node 22 flags node:sqlite as experimental with a warning on stderr; the index is a cache, and
  // the hook output must stay clean, so that one warning is swallowed.
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    if (String(typeof w === 'string' ? w : w.message).includes('SQLite')) return;
    (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  try {
    return load('node:sqlite') as ReturnType<typeof loadNodeSqlite>;
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emit;
  }
}

/** Opens (creating when allowed) the database at `path`; ':memory:' for a throwaway one. */
export function openDb(path: string, opts: { readOnly?: boolean } = {}): Db {
  const native = loadNodeSqlite();
  if (native) {
    const db = new native.DatabaseSync(path, opts.readOnly ? { readOnly: true } : {});
    const cache = new Map<string, NodeSqliteStatement>();
    const stmt = (sql: string) => cache.get(sql) ?? cache.set(sql, db.prepare(sql)).get(sql)!;
    return {
      backend: 'node:sqlite',
      exec: (sql) => db.exec(sql),
      all: (sql, params = []) => stmt(sql).all(...params),
      run: (sql, params = []) => void stmt(sql).run(...params),
      close: () => db.close(),
    };
  }
  const { Database } = load('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
  const db = new Database(path, opts.readOnly ? { readOnly: true } : {});
  const cache = new Map<string, ReturnType<typeof db.prepare>>();
  const stmt = (sql: string) => cache.get(sql) ?? cache.set(sql, db.prepare(sql)).get(sql)!;
  return {
    backend: 'node-sqlite3-wasm',
    exec: (sql) => db.exec(sql),
    all: (sql, params = []) => stmt(sql).all(params) as Array<Record<string, unknown>>,
    run: (sql, params = []) => void stmt(sql).run(params),
    close: () => {
      for (const s of cache.values()) s.finalize();
      db.close();
    },
  };
}

/**
 * For a process that starts, asks one question and exits (the `recall` CLI): compiling the
 * WebAssembly SQLite with the baseline compiler only. By default V8 also optimises it on
 * background threads, which on a busy machine slows a one-shot query down (see `npm run bench`). The MCP
 * server, which lives long, keeps the default.
 */
export function preferQuickStart(): void {
  if (loadNodeSqlite()) return;
  try {
    (load('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
  } catch {
    // only a speed-up
  }
}
