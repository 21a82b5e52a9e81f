import { git, splitZ } from '../git/git.js';
import type { CommitFact } from './facts.js';

export interface GitFacts {
  branch?: string;
  head?: string;
  commits: CommitFact[];
  diffStat?: string;
  uncommitted: string[];
}

const TRAILER_KEY = 'Agent-Handover';

/** Our own handover commits carry a trailer; they are never the user's work. */
export async function isHandoverCommit(cwd: string, rev: string): Promise<boolean> {
  const r = await git(cwd, ['log', '-1', `--format=%(trailers:key=${TRAILER_KEY},valueonly)`, rev, '--'], { okCodes: [128] });
  return r.code === 0 && r.stdout.trim().length > 0;
}

export async function headOf(cwd: string): Promise<string | undefined> {
  const r = await git(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export async function branchOf(cwd: string): Promise<string | undefined> {
  const r = await git(cwd, ['symbolic-ref', '--short', '-q', 'HEAD'], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/**
 * Branch, HEAD, the user's commits since the session began (ours excluded), their diff stat and
 * uncommitted files, leaving out our own memory and state folders.
 */
export async function collectGitFacts(cwd: string, opts: { since?: string; exclude: string[] }): Promise<GitFacts> {
  const [branch, head] = await Promise.all([branchOf(cwd), headOf(cwd)]);
  const pathspec = ['--', '.', ...opts.exclude.map((p) => `:(exclude)${p}`)];
  const commits: CommitFact[] = [];
  let diffStat: string | undefined;
  if (head) {
    const range = opts.since && opts.since !== head ? [`${opts.since}..${head}`] : opts.since ? [] : ['-20', head];
    if (range.length) {
      const r = await git(cwd, ['log', '-z', '--no-merges', `--format=%H%x1f%s%x1f%cI%x1f%(trailers:key=${TRAILER_KEY},valueonly)`, '-200', ...range, '--'], { okCodes: [128] });
      if (r.code === 0) {
        for (const rec of splitZ(r.stdout)) {
          const [hash, subject, at, ours] = rec.replace(/^\n/, '').split('\x1f');
          if (hash && !ours?.trim()) commits.push({ hash, subject: subject ?? '', ...(at ? { at } : {}) });
        }
      }
      if (opts.since) {
        const d = await git(cwd, ['diff', '--stat=100', opts.since, head, ...pathspec], { okCodes: [128] });
        if (d.code === 0 && d.stdout.trim()) diffStat = d.stdout.trimEnd();
      }
    }
  }
  const s = await git(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=normal', ...pathspec], { okCodes: [128] });
  const uncommitted: string[] = [];
  if (s.code === 0) {
    const recs = splitZ(s.stdout);
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i]!;
      const xy = rec.slice(0, 2);
      uncommitted.push(`${xy.trim() || '??'} ${rec.slice(3)}`);
      if (xy[0] === 'R' || xy[0] === 'C') i++; // the rename source follows as its own record
    }
  }
  return { ...(branch ? { branch } : {}), ...(head ? { head } : {}), commits: commits.reverse(), ...(diffStat ? { diffStat } : {}), uncommitted };
}
