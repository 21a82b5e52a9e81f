import { commandKey } from '../render/note-work.js';
import { relPath, shortPaths } from '../session/tool-facts.js';

/** How the score tells that two texts, paths or commands name the same thing. Deterministic, no model. */

const STOP = new Set('the and for with that this from into then than when what have has had not but are was were you your our can will should would could also just now all any its it\'s use using make made fix add run see let get set out new one two more some only still them they there here which while where who how why does did done each like want need been being able about after before again please ok okay yes'.split(' '));

/** The words of a text that carry meaning: lower case, three letters or more, common words left out. */
export function keyWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z0-9][a-z0-9_.-]*[a-z0-9]/g) ?? []) if (w.length >= 3 && !STOP.has(w)) out.add(w);
  return out;
}

/** Share of `item`'s key words found in `other` (0 when the item has fewer than `min` key words). */
export function coverage(item: Set<string>, other: Set<string>, min = 2): number {
  if (item.size < min) return 0;
  let n = 0;
  for (const w of item) if (other.has(w)) n++;
  return n / item.size;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / (a.size + b.size - n);
}

/** A path as the context shows it: relative to the session's folder, forward slashes, no `./`. */
export function normPath(path: string, cwd: string | undefined): string {
  return relPath(path, cwd).replace(/^\.\//, '');
}

/**
 * Two paths name the same file when equal, or when one is outside the project (absolute, or under
 * `~`) and ends with the other, project-relative one at a folder boundary. Two project-relative
 * paths are never matched by suffix: `components/a.ts` is not `src/components/a.ts`.
 */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return /^(?:\/|~\/|[A-Za-z]:\/)/.test(long) && !/^(?:\/|~\/)/.test(short) && short.includes('/') && long.endsWith(`/${short}`);
}

export function baseName(path: string): string {
  const end = path.endsWith('/') ? path.length - 1 : path.length;
  return path.slice(Math.max(path.lastIndexOf('/', end - 1), path.lastIndexOf('\\', end - 1)) + 1, end);
}

const LONG_PATH = /\/(?:Users|home|var|private|tmp|opt|mnt)\//;

/** A command with its paths shortened as the context shows them (see shortPaths). */
export function shortened(command: string, cwd: string | undefined): string {
  // Most commands hold no path to shorten: the three rewrites of shortPaths are skipped for them.
  const long = LONG_PATH.test(command) || (!!cwd && cwd.length > 1 && command.includes(cwd));
  return long ? shortPaths(command, cwd) : command;
}

/** The parts of a command line (`a && b; c`), each keyed as commandKey keys a command. */
export function commandParts(command: string): string[] {
  return command.split(/&&|\|\||;|\n/).map((x) => commandKey(x)).filter(Boolean);
}

/** A later command re-runs the failing one (keyed by commandKey) when one of its parts is that command, or that command with more arguments. */
export function reruns(parts: string[], failingKey: string): boolean {
  return parts.some((p) => p === failingKey || p.startsWith(`${failingKey} `));
}
