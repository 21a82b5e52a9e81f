import { closeSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { privateCacheDir } from '../io/private-dir.js';
import { Script } from 'node:vm';
import { defaultPauseFiles } from '../config/layout.js';
import { pausedBy } from '../pause.js';

// Same shape as Node's own CommonJS wrapper, plus the URL of the entry that loaded the bundle
// (the bundle's stand-in for import.meta.url). Kept on the first line so line numbers still match.
const HEAD = '(function (exports, require, module, __filename, __dirname, __ahEntryUrl) { ';
const TAIL = '\n})';

/** FNV-1a: a cache file name, not a security check (V8 validates the data itself). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A private folder for compiled code: ~/.cache/agent-handover (or $XDG_CACHE_HOME). Used only
 * when it is ours and nobody else can write to it, since what is in it gets executed.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AGENT_HANDOVER_COMPILE_CACHE === '0') return undefined;
  const home = env.HOME || homedir();
  // No home, no cache: a shared temp folder is not a safe place for code that gets executed.
  // (XDG: a relative $XDG_CACHE_HOME is invalid and ignored.)
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? join(home, '.cache') : undefined;
  return privateCacheDir(base, 'agent-handover', 'v8');
}

// Each upgrade or checkout of the package adds files; the oldest go once there are more than this.
const KEEP = 64;

function prune(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  if (files.length <= KEEP) return;
  const byAge = files.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, files.length - KEEP)) rmSync(join(dir, f), { force: true });
}

export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** 'hit' when V8 took the cached code, 'miss' when it compiled (and the cache is written at exit). */
  cache: 'hit' | 'miss' | 'off';
}

/**
 * Loads a CommonJS bundle the way Node would, except that the compiled code comes from (and goes
 * to) a V8 code cache: Node 20 has no compile cache of its own (module.enableCompileCache is 22+),
 * and compiling the bundle is most of a hook's own start-up. The cache is keyed by the bundle
 * (`contentKey`, the build's hash of its text, plus path, size, mtime and inode: npm gives every
 * file the same mtime and may reuse an inode, and V8 checks only the source's length), the Node
 * version and `name` (each hook event compiles different functions). V8 rejects data built by
 * another V8 or with other flags; a rejected or missing cache is written anew when the process
 * exits. Anything wrong with the cache only costs the speed-up.
 */
export function loadCachedBundle(file: string, name: string, entryUrl: string, env: NodeJS.ProcessEnv = process.env, contentKey = ''): LoadedBundle {
  // One open file for both the key and the text, so the key describes exactly the bytes read (a
  // package upgrade renames a new file in). The build checks the bundle is pure ASCII (esbuild
  // escapes everything else), so the cheaper one-byte read gives the same text as UTF-8 would.
  const fd = openSync(file, 'r');
  let source: string;
  let st;
  try {
    st = fstatSync(fd);
    source = readFileSync(fd, 'latin1');
  } finally {
    closeSync(fd);
  }
  const dir = compileCacheDir(env);
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (dir) {
    cacheFile = join(dir, `${fnv1a(`${file}\0${contentKey}\0${st.size}\0${st.mtimeMs}\0${st.ino}\0${process.version}\0${process.arch}`)}-${name}.bin`);
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(HEAD + source + TAIL, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  if (cacheFile && !hit) {
    const target = cacheFile;
    // At exit the functions this run compiled lazily are in the cache too.
    process.once('exit', () => {
      // PAUSE means nothing is written, and that includes this cache.
      if (pausedBy(defaultPauseFiles(env.CLAUDE_PROJECT_DIR ?? process.cwd(), env))) return;
      try {
        const tmp = `${target}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, target);
        prune(dirname(target));
      } catch {
        // A cache that cannot be written costs speed, nothing else.
      }
    });
  }
  const module = { exports: {} as Record<string, unknown> };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn(module.exports, createRequire(file), module, file, dirname(file), entryUrl);
  return { exports: module.exports, cache: cacheFile ? (hit ? 'hit' : 'miss') : 'off' };
}
