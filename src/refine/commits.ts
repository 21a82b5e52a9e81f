import { git } from '../git/git.js';
import type { CommitInfo } from './types.js';

/** Commits refine reads: enough history to close old follow-ups, bounded so a big repository stays fast. */
export const COMMIT_LIMIT = 2000;

/**
 * The latest commits outside memory/ (the handover's own commits say nothing about the work), with
 * their committer date as recorded in the commit, so every clone reads the same. [] outside git or
 * in a repository without commits.
 */
export async function readCommits(cwd: string, memoryRel: string, limit = COMMIT_LIMIT, revs: string[] = []): Promise<CommitInfo[]> {
  // `revs`: a merge driver reads HEAD and the commits being merged in, the history the merge will have.
  const r = await git(cwd, ['log', '-z', '--no-merges', `-n${limit}`, '--format=%x1e%H%x1f%cs%x1f%s', '--name-only', ...revs, '--', '.', `:(exclude)${memoryRel}`], { okCodes: [128] });
  if (r.code !== 0) return [];
  const out: CommitInfo[] = [];
  for (const rec of r.stdout.split('\x1e')) {
    if (!rec) continue;
    const nul = rec.indexOf('\0');
    const head = nul < 0 ? rec : rec.slice(0, nul);
    const [hash, date, subject] = head.split('\x1f');
    if (!hash || !date) continue;
    const files = (nul < 0 ? '' : rec.slice(nul + 1)).split('\0').map((f) => f.replace(/^\n/, '')).filter(Boolean).sort();
    out.push({ hash, date, subject: subject ?? '', files });
  }
  return out;
}
