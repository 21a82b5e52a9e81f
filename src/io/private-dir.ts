import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';

// Kernel and device file systems: a path under them is never a cache (reads can block or never end).
const VIRTUAL = ['/proc', '/sys', '/dev'];
const under = (p: string, root: string) => p === root || p.startsWith(root + sep);

function isPrivate(dir: string): boolean {
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.isSymbolicLink()) return false;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
  return (st.mode & 0o022) === 0;
}

/**
 * `<base>/<sub...>` when it can be used as a private cache folder: `base` absolute and not under
 * /proc, /sys or /dev (after symlinks), and every folder we own below it (created 0700 when
 * missing) a real directory owned by us that group and others cannot write. Anything else is
 * undefined: a cache that cannot be trusted is simply not used. Never throws.
 */
export function privateCacheDir(base: string | undefined, ...sub: string[]): string | undefined {
  if (!base || !isAbsolute(base)) return undefined;
  try {
    if (VIRTUAL.some((v) => under(resolve(base), v))) return undefined;
    let real: string;
    try {
      real = realpathSync(base);
    } catch {
      real = resolve(base);
    }
    if (VIRTUAL.some((v) => under(real, v))) return undefined;
    const dir = resolve(base, ...sub);
    try {
      lstatSync(dir);
    } catch {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    // Our own folders, from the first one below base down to dir: none may be swapped or shared.
    for (let d = dir; d !== resolve(base) && d !== dirname(d); d = dirname(d)) if (!isPrivate(d)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}
