import { cleanGitEnv, git, splitZ } from '../git/git.js';
import { envIsPlain, firstCommitWithoutLine, gitDirsOf, readHead, readLooseCommit } from '../git/loose-objects.js';
import { statusArgs } from '../git/status-args.js';
import type { EarlyStatus } from '../git/early-status.js';
import type { CommitFact } from './facts.js';

export interface GitFacts {
  branch?: string;
  head?: string;
  commits: CommitFact[];
  diffStat?: string;
  uncommitted: string[];
}

const TRAILER_KEY = 'Agent-Handover';

type GitState = { branch?: string; head?: string; uncommitted: string[] };

/** The repository's folders when git, run from `cwd` (its top), would read them too. */
function plainDirs(cwd: string) {
  return envIsPlain(cleanGitEnv()) ? gitDirsOf(cwd) : undefined;
}

/** The newest commit at or before `rev` that is not a handover commit (undefined when all are ours). */
export async function lastUserCommit(cwd: string, rev: string): Promise<string | undefined> {
  const dirs = plainDirs(cwd);
  // Read from .git while every commit is a loose object; git answers anything else.
  // Our handover commits never merge, so the walk along first parents is the walk git makes.
  const fast = dirs ? firstCommitWithoutLine(dirs, rev, `${TRAILER_KEY}: yes`) : undefined;
  if (fast !== undefined) return fast ?? undefined;
  const r = await git(cwd, ['log', '-1', '--format=%H', '--invert-grep', `--grep=^${TRAILER_KEY}: yes$`, rev, '--'], { okCodes: [128] });
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** Where the user's work stands: HEAD, or below our own handover commits when they are on top. */
export async function headOf(cwd: string): Promise<string | undefined> {
  const dirs = plainDirs(cwd);
  const head = dirs && readHead(dirs);
  // An unborn branch, or a commit git would find too (it is loose); anything else asks git.
  if (head && !head.oid) return undefined;
  if (dirs && head?.oid && readLooseCommit(dirs, head.oid)) return (await lastUserCommit(cwd, head.oid)) ?? head.oid;
  const r = await git(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [1, 128] });
  return r.code === 0 ? ((await lastUserCommit(cwd, r.stdout.trim())) ?? r.stdout.trim()) : undefined;
}

/** Branch, HEAD and uncommitted files from ONE `git status --porcelain=v2 --branch` call. */
export async function statusFacts(cwd: string, exclude: string[], early?: EarlyStatus): Promise<GitState> {
  const s = await (early?.take(cwd, exclude) ?? git(cwd, statusArgs(exclude), { okCodes: [128] }));
  const out: GitState = { uncommitted: [] };
  if (s.code !== 0) return out;
  const recs = splitZ(s.stdout);
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.startsWith('# branch.oid ')) {
      const oid = rec.slice(13);
      if (oid !== '(initial)') out.head = oid;
    } else if (rec.startsWith('# branch.head ')) {
      const name = rec.slice(14);
      if (name !== '(detached)') out.branch = name;
    } else if (rec.startsWith('1 ') || rec.startsWith('2 ')) {
      const renamed = rec.startsWith('2 ');
      out.uncommitted.push(`${rec.slice(2, 4).replace(/\./g, '').trim()} ${rec.split(' ').slice(renamed ? 9 : 8).join(' ')}`);
      if (renamed) i++; // the rename source follows as its own record
    } else if (rec.startsWith('u ')) {
      out.uncommitted.push(`UU ${rec.split(' ').slice(10).join(' ')}`);
    } else if (rec.startsWith('? ')) {
      out.uncommitted.push(`?? ${rec.slice(2)}`);
    }
  }
  return out;
}

/**
 * Branch, HEAD, the user's commits since the session began (ours excluded), their diff stat and
 * uncommitted files, leaving out our own memory and state folders. One git call when HEAD has not
 * moved since the session began, three when it has.
 */
export async function collectGitFacts(cwd: string, opts: { since?: string; exclude: string[]; early?: EarlyStatus }): Promise<GitFacts> {
  const { branch, head, uncommitted } = await gitState(cwd, opts.exclude, opts.early);
  const commits: CommitFact[] = [];
  let diffStat: string | undefined;
  if (head && opts.since !== head) {
    const range = opts.since ? [`${opts.since}..${head}`] : ['-20', head];
    const [r, d] = await Promise.all([
      git(cwd, ['log', '-z', '--no-merges', `--format=%H%x1f%s%x1f%cI%x1f%(trailers:key=${TRAILER_KEY},valueonly)`, '-200', ...range, '--'], { okCodes: [128] }),
      opts.since ? git(cwd, ['diff', '--stat=100', opts.since, head, '--', '.', ...opts.exclude.map((p) => `:(exclude)${p}`)], { okCodes: [128] }) : Promise.resolve(undefined),
    ]);
    for (const rec of r.code === 0 ? splitZ(r.stdout) : []) {
      const [hash, subject, at, ours] = rec.replace(/^\n/, '').split('\x1f');
      if (hash && !ours?.trim()) commits.push({ hash, subject: subject ?? '', ...(at ? { at } : {}) });
    }
    if (d && d.code === 0 && d.stdout.trim()) diffStat = d.stdout.trimEnd();
  }
  return { ...(branch ? { branch } : {}), ...(head ? { head } : {}), commits: commits.reverse(), ...(diffStat ? { diffStat } : {}), uncommitted };
}

/** Branch, the user's HEAD (below our handover commits) and uncommitted files: two git calls. */
export async function gitState(cwd: string, exclude: string[], early?: EarlyStatus): Promise<GitState> {
  const s = await statusFacts(cwd, exclude, early);
  // HEAD is usually our own previous handover commit; recording it would change every note on
  // every turn (and so commit on every turn). The user's position is the last commit not ours.
  const head = s.head && ((await lastUserCommit(cwd, s.head)) ?? s.head);
  return { ...(s.branch ? { branch: s.branch } : {}), ...(head ? { head } : {}), uncommitted: s.uncommitted };
}
