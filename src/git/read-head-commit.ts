import { gitDirsOf, readHead, readLooseCommit } from './loose-objects.js';

export interface HeadCommit {
  hash: string;
  subject: string;
  /** Committer date, ISO 8601 with the committer's offset. */
  at: string;
  /** The commit message carries `Agent-Handover: yes` (one of our handover commits). */
  ours: boolean;
}

function isoDate(seconds: number, tz: string): string {
  const offsetMin = (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  const local = new Date((seconds + offsetMin * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${tz[0]}${tz.slice(1, 3)}:${tz.slice(3, 5)}`;
}

/**
 * HEAD's commit read straight from `.git` (HEAD, refs, the loose object, zlib): the post-commit
 * hook runs on every user commit and a git process start costs more than this. Returns undefined
 * whenever anything is unusual (packed object, SHA-256 repo, odd HEAD) so the caller asks git.
 */
export function readHeadCommit(top: string): HeadCommit | undefined {
  try {
    const dirs = gitDirsOf(top);
    const hash = dirs && readHead(dirs)?.oid;
    const commit = hash && readLooseCommit(dirs, hash);
    if (!commit) return undefined;
    const committer = /^committer .* (\d+) ([+-]\d{4})$/m.exec(commit.headers);
    if (!committer) return undefined;
    return {
      hash,
      // Like git's %s: the first paragraph, its lines joined by spaces.
      subject: (commit.message.split('\n\n')[0] ?? '').trim().split('\n').join(' '),
      at: isoDate(Number(committer[1]), committer[2]!),
      ours: /^Agent-Handover: yes$/m.test(commit.message),
    };
  } catch {
    return undefined;
  }
}
