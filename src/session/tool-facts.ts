/** Small readings of tool calls shared by the agents' transcript readers. */
import { isAbsolute, posix } from 'node:path';

/**
 * A path as the next session should see it: relative to the session's folder when inside it, with
 * a home folder shortened to `~` otherwise (absolute home paths are noise and differ per machine).
 */
export function relPath(path: string, cwd: string | undefined): string {
  const p = path.replace(/\\/g, '/');
  if (cwd) {
    const full = cwd.replace(/\\/g, '/').replace(/\/+$/, '');
    // A path already shortened to ~ (by an earlier slice that did not know the folder) matches too.
    for (const c of [full, home(full)]) {
      if (p === c) return '.';
      if (c && p.startsWith(`${c}/`)) return p.slice(c.length + 1);
    }
  }
  return home(p);
}

function home(p: string): string {
  return p.replace(/^(?:\/Users|\/home)\/[^/]+(?=\/)/, '~').replace(/^[A-Za-z]:\/Users\/[^/]+(?=\/)/, '~');
}

/** Paths stay as the agent wrote them (the note makes them relative to the session's folder); a relative
 * one is resolved against the folder the command ran in. */
export function inFolder(cwd: string | undefined, path: string): string {
  return cwd && !isAbsolute(path) && !path.startsWith('~') ? posix.join(cwd, path) : path;
}

/** A command line with the session's folder written as `.` and home folders as `~`. */
export function relCommand(command: string, cwd: string | undefined): string {
  let c = command;
  if (cwd && cwd.length > 1) {
    for (const f of [cwd.replace(/\/+$/, ''), home(cwd.replace(/\/+$/, ''))]) if (f.length > 1) c = c.split(`${f}/`).join('').split(f).join('.');
  }
  return c.replace(/(?:\/Users|\/home)\/[^/\s'"]+(?=\/)/g, '~');
}

/** A command's words, quotes removed. */
export function shellWords(cmd: string): string[] {
  return cmd.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^['"]|['"]$/g, '')) ?? [];
}

/** Files a shell command deletes: `rm`, `git rm`, and the source of `git mv` / `mv`. */
export function deletedBy(command: string): string[] {
  const out: string[] = [];
  for (const part of command.split(/&&|\|\||;|\n/)) {
    const w = shellWords(part.trim());
    let i = 0;
    if (w[0] === 'sudo') i++;
    let args: string[] = [];
    let move = false;
    if (w[i] === 'rm') args = w.slice(i + 1);
    else if (w[i] === 'git' && w[i + 1] === 'rm') args = w.slice(i + 2);
    else if ((w[i] === 'git' && w[i + 1] === 'mv') || w[i] === 'mv') {
      args = w.slice(w[i] === 'git' ? i + 2 : i + 1);
      move = true;
    } else continue;
    const paths = args.filter((a) => !a.startsWith('-') && !/[*?$`|<>]/.test(a));
    out.push(...(move ? paths.slice(0, -1) : paths));
  }
  return out;
}

const ERROR_WORDS = /\b(?:error|errors|failed|failure|fail|fatal|panic|exception|traceback|not found|no such|denied|cannot|can't|unable|undefined|invalid|missing|refused|timed? ?out|FAIL|not recognized|unrecognized|unknown (?:command|option|flag))\b/i;

/** The line of a failed command's output that says what went wrong (not the "Exit code 1" banner). */
export function firstErrorLine(output: string, max: number): string | undefined {
  const lines = output
    .replace(/<\/?tool_use_error>/g, '')
    .split(/\r?\n/)
    // PowerShell frames its errors in a "| " gutter.
    .map((l) => l.trim().replace(/^\|\s*/, ''))
    .filter((l) => l && !/^(?:Exit code:? -?\d+|Error: Exit code \d+|Process exited with code -?\d+|Command failed with exit code -?\d+|Wall time:.*|Output:|Chunk ID:.*|Original token count:.*)$/i.test(l));
  const line = lines.find((l) => ERROR_WORDS.test(l)) ?? lines[0];
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}\u2026` : line;
}

/** Absolute paths in prose (a pasted screenshot path, a temp file) shortened to their last part. */
export function shortPaths(text: string, cwd?: string): string {
  return relCommand(text, cwd).replace(/(?:\/(?:var|private|tmp|Users|home|opt|mnt)\/)(?:[^\s'"`)]*\/)?([^\s/'"`)]+)/g, '\u2026/$1');
}
