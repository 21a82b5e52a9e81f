import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { isAbsolute, join, resolve } from 'node:path';

export interface HeadCommit {
  hash: string;
  subject: string;
  /** Committer date, ISO 8601 with the committer's offset. */
  at: string;
  /** The commit message carries `Agent-Handover: yes` (one of our handover commits). */
  ours: boolean;
}

function gitDirOf(top: string): string {
  const dotGit = join(top, '.git');
  try {
    // A worktree or submodule: `.git` is a file naming the real folder.
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (m) return isAbsolute(m[1]!.trim()) ? m[1]!.trim() : resolve(top, m[1]!.trim());
  } catch {
    // a folder: readFileSync fails with EISDIR
  }
  return dotGit;
}

function resolveRef(gitDir: string, commonDir: string, ref: string): string | undefined {
  for (const dir of [gitDir, commonDir]) {
    try {
      return readFileSync(join(dir, ref), 'utf8').trim();
    } catch {
      // not a loose ref here
    }
  }
  try {
    for (const line of readFileSync(join(commonDir, 'packed-refs'), 'utf8').split('\n')) {
      if (line.endsWith(` ${ref}`)) return line.slice(0, line.indexOf(' '));
    }
  } catch {
    // no packed refs
  }
  return undefined;
}

function isoDate(seconds: number, tz: string): string {
  const sign = tz[0] === '-' ? -1 : 1;
  const offsetMin = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  const local = new Date((seconds + offsetMin * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${tz[0] === '-' ? '-' : '+'}${tz.slice(1, 3)}:${tz.slice(3, 5)}`;
}

/**
 * HEAD's commit read straight from `.git` (HEAD, refs, the loose object, zlib): the post-commit
 * hook runs on every user commit and a git process start costs more than this. Returns undefined
 * whenever anything is unusual (packed object, SHA-256 repo, odd HEAD) so the caller asks git.
 */
export function readHeadCommit(top: string): HeadCommit | undefined {
  try {
    const gitDir = gitDirOf(top);
    let commonDir = gitDir;
    try {
      const c = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
      commonDir = isAbsolute(c) ? c : resolve(gitDir, c);
    } catch {
      // not a linked worktree
    }
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const hash = head.startsWith('ref: ') ? resolveRef(gitDir, commonDir, head.slice(5)) : head;
    if (!hash || !/^[0-9a-f]{40}$/.test(hash)) return undefined;
    const raw = inflateSync(readFileSync(join(commonDir, 'objects', hash.slice(0, 2), hash.slice(2)))).toString('utf8');
    const nul = raw.indexOf('\0');
    if (!raw.startsWith('commit ') || nul < 0) return undefined;
    const body = raw.slice(nul + 1);
    const split = body.indexOf('\n\n');
    const headers = split < 0 ? body : body.slice(0, split);
    const message = split < 0 ? '' : body.slice(split + 2);
    const committer = /^committer .* (\d+) ([+-]\d{4})$/m.exec(headers);
    if (!committer || /^encoding /m.test(headers)) return undefined;
    return {
      hash,
      // Like git's %s: the first paragraph, its lines joined by spaces.
      subject: (message.split('\n\n')[0] ?? '').trim().split('\n').join(' '),
      at: isoDate(Number(committer[1]), committer[2]!),
      ours: /^Agent-Handover: yes$/m.test(message),
    };
  } catch {
    return undefined;
  }
}
