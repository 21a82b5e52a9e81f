import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { inject } from 'vitest';
import { buildAndInstall } from '../global-setup.js';
import { initRepo, makeTempRepo, memoryRelOf, repoIn, type TempRepo } from './repo.js';

/** ../shared beside the repository: real fixture transcripts live there. */
export const SHARED = resolve(process.cwd(), '../shared');
export const CLAUDE_FIXTURES = join(SHARED, 'fixtures', 'transcripts', 'claude-code');

/** Real Claude Code transcripts, or undefined (with the folder named) when ../shared is absent. */
export function claudeFixtures(): { files: string[] } | { skip: string } {
  if (!existsSync(CLAUDE_FIXTURES)) return { skip: `fixture folder ${CLAUDE_FIXTURES} (../shared/fixtures/transcripts/claude-code/) is absent` };
  const files = readdirSync(CLAUDE_FIXTURES).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(CLAUDE_FIXTURES, f));
  return files.length ? { files } : { skip: `no .jsonl transcripts in ${CLAUDE_FIXTURES}` };
}

let fallback: { tarball: string; installed: string } | undefined;

/** The packed tarball and an installed template, from the global setup (or built here when it skipped). */
export function packedPackage(): { tarball: string; installed: string } {
  const tarball = inject('agentHandoverTarball');
  const installed = inject('agentHandoverInstalled');
  if (tarball && installed) return { tarball, installed };
  // The global setup only builds for runs that name an end-to-end file; a run filtered some other way lands here.
  fallback ??= buildAndInstall(process.cwd(), realpathSync(tempDirKept()));
  return fallback;
}

function tempDirKept(): string {
  const d = join(tmpdir(), `ah-e2e-fallback-${process.pid}`);
  mkdirSync(d, { recursive: true });
  process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  return d;
}

/**
 * makeTempRepo's repository for a whole test file (makeTempRepo's folders go after each test):
 * same identity, isolated HOME and one commit on main; `dispose` removes it.
 */
export function fileScopedRepo(opts: { mode?: 'branch' } = {}): TempRepo & { dispose(): void } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ah-e2e-')));
  const r = repoAt(base);
  initRepo(r, opts);
  return r;
}

/** The TempRepo API over <base>/repo and <base>/home (created when missing). */
function repoAt(base: string): TempRepo & { dispose(): void } {
  return { ...repoIn(join(base, 'repo'), join(base, 'home')), dispose: () => rmSync(base, { recursive: true, force: true }) };
}

export const CLAUDE_EVENTS = ['SessionStart', 'Stop', 'SessionEnd', 'PreCompact', 'PostCompact'] as const;
export type ClaudeEvent = (typeof CLAUDE_EVENTS)[number];

export interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * What a finished process did. A timeout is an answer (the caller checks the signal), and so is
 * EPIPE: a hook or command may exit before reading all of its stdin (a guard that stops at once),
 * and the payload write then fails; that is the process's choice, never the test's failure.
 */
export function ranOf(r: SpawnSyncReturns<string>): Ran {
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (r.error && code !== 'ETIMEDOUT' && code !== 'EPIPE') throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export interface InstalledProject extends TempRepo {
  /** The package as installed: <dir>/node_modules/agent-handover. */
  pkg: string;
  /** Runs the installed CLI (node_modules/.bin/agent-handover) in `cwd` (default: the project). */
  cli(args: string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string }): Ran;
  /** Starts the installed CLI without waiting (crash and concurrency tests). */
  spawnCli(args: string[], env?: NodeJS.ProcessEnv): ChildProcess;
  /** `agent-handover install-hooks` from the installed package; throws when it does not exit 0. */
  installHooks(args?: string[]): Ran;
  /** The Claude Code hook registered for an event in .claude/settings.json. */
  hook(event: ClaudeEvent): { command: string; timeout: number };
  /**
   * Runs a hook as Claude Code does: the settings' command string with `sh -c`, the payload on
   * stdin (an object is JSON-encoded, a string goes as is), CLAUDE_PROJECT_DIR set, killed after
   * the hook's own timeout, from a folder that is not the project root.
   */
  runHook(event: ClaudeEvent, payload: unknown, opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): Ran;
  /** The same, without waiting. */
  spawnHook(event: ClaudeEvent, payload: unknown, env?: NodeJS.ProcessEnv): ChildProcess;
  /** A transcript under HOME/.claude/projects, as Claude Code keeps them, growing from a real fixture. */
  transcript(fixture: string, session: string): GrowingTranscript;
  /** The memory folder relative to the project: memory/ in branch mode, .agent-handover/memory/ in shared mode (the default). */
  memoryRel(): string;
  /** layer1 notes, relative to the project. */
  notes(): string[];
  read(rel: string): string;
  /** The hook error log ('' when absent). */
  log(): string;
  /**
   * A byte-for-byte copy of this project (repository, install, hooks, HOME) in a new temp folder,
   * for tests that need several identical projects without installing each; `dispose` removes it.
   */
  clone(): InstalledProject & { dispose(): void };
  /** Hash of every file under memory/ and .agent-handover/ plus HEAD and the index: "nothing was written". */
  stateHash(): string;
  /** Handover commits (trailer Agent-Handover: yes) reachable from HEAD, newest first, with their trees. */
  handoverCommits(): Array<{ commit: string; tree: string; subject: string }>;
}

/** Result of a finished child, as `Ran`. */
export function waitFor(child: ChildProcess): Promise<Ran> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (status, signal) => res({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

function hashTree(root: string, into: ReturnType<typeof createHash>): void {
  if (!existsSync(root)) return;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      into.update(`${relative(root, p)}\0${st.mode}\0`);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) into.update(readFileSync(p));
    }
  };
  walk(root);
}

/**
 * A temp git repository (fixed identity, isolated HOME) with agent-handover installed from the
 * packed tarball as a devDependency, exactly as `npm install -D` leaves it. The install is copied
 * from a template made once per run by `npm install --prefer-offline <tgz>` (the registry only for what the cache lacks); `freshInstall` repeats the
 * real npm install in this project. Removed after the test.
 */
export function installedProject(opts: { repo?: TempRepo; freshInstall?: boolean; installHooks?: boolean; gitignore?: boolean } = {}): InstalledProject {
  const { tarball, installed } = packedPackage();
  const repo = opts.repo ?? makeTempRepo();
  const { dir } = repo;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'e2e-project', private: true, devDependencies: { 'agent-handover': `file:${tarball}` } }, null, 2) + '\n');
  if (opts.freshInstall) execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: dir, env: { ...repo.env, npm_config_loglevel: 'error' }, stdio: ['ignore', 'ignore', 'pipe'] });
  else cpSync(join(installed, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  if (opts.gitignore !== false) {
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\npackage-lock.json\n');
    repo.git('add', '.gitignore', 'package.json');
    repo.git('commit', '-q', '-m', 'add agent-handover');
  }
  const p = projectApi(repo);
  if (opts.installHooks) p.installHooks();
  return p;
}

export { memoryRelOf } from './repo.js';

function projectApi(repo: TempRepo): InstalledProject {
  const { dir } = repo;
  const bin = join(dir, 'node_modules', '.bin', 'agent-handover');
  const hookCwd = join(dir, 'node_modules');
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...repo.env, CLAUDE_PROJECT_DIR: dir, ...extra });
  const cli: InstalledProject['cli'] = (args, o = {}) => {
    return ranOf(spawnSync(bin, args, { cwd: o.cwd ?? dir, env: { ...repo.env, ...o.env }, encoding: 'utf8', input: o.input ?? '', timeout: 60_000 }));
  };
  const settings = () => JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')) as { hooks: Record<string, Array<{ hooks: Array<{ command: string; timeout: number }> }>> };
  const hook: InstalledProject['hook'] = (event) => {
    const h = settings().hooks[event]?.[0]?.hooks[0];
    if (!h) throw new Error(`no ${event} hook in .claude/settings.json`);
    return h;
  };
  const input = (payload: unknown) => (typeof payload === 'string' ? payload : JSON.stringify(payload));
  const p: InstalledProject = {
    ...repo,
    pkg: join(dir, 'node_modules', 'agent-handover'),
    cli,
    spawnCli: (args, e = {}) => spawn(bin, args, { cwd: dir, env: { ...repo.env, ...e }, stdio: ['ignore', 'pipe', 'pipe'] }),
    installHooks: (args = []) => {
      const r = cli(['install-hooks', ...args]);
      if (r.status !== 0) throw new Error(`install-hooks exited ${r.status}: ${r.stderr}${r.stdout}`);
      return r;
    },
    hook,
    runHook: (event, payload, o = {}) => {
      const h = hook(event);
      return ranOf(spawnSync('sh', ['-c', h.command], { cwd: o.cwd ?? hookCwd, env: env(o.env), input: input(payload), encoding: 'utf8', timeout: h.timeout * 1000, killSignal: 'SIGKILL' }));
    },
    spawnHook: (event, payload, e = {}) => {
      const child = spawn('sh', ['-c', hook(event).command], { cwd: hookCwd, env: env(e), stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input(payload));
      return child;
    },
    transcript: (fixture, session) => new GrowingTranscript(fixture, join(repo.home, '.claude', 'projects', 'e2e', `${session}.jsonl`)),
    memoryRel: () => memoryRelOf(dir),
    notes: () => {
      const rel = memoryRelOf(dir);
      const base = join(dir, rel, 'layer1');
      if (!existsSync(base)) return [];
      return (readdirSync(base, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).map((f) => join(rel, 'layer1', f)).sort();
    },
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    log: () => (existsSync(join(dir, '.agent-handover', 'log')) ? readFileSync(join(dir, '.agent-handover', 'log'), 'utf8') : ''),
    clone: () => {
      const base = realpathSync(mkdtempSync(join(tmpdir(), 'ah-e2e-')));
      cpSync(dirname(dir), base, { recursive: true, verbatimSymlinks: true });
      const copy = repoAt(base);
      return { ...projectApi(copy), dispose: copy.dispose };
    },
    stateHash: () => {
      const h = createHash('sha256');
      hashTree(join(dir, memoryRelOf(dir)), h);
      h.update('\0state\0');
      hashTree(join(dir, '.agent-handover'), h);
      h.update(repo.git('rev-parse', 'HEAD'));
      h.update(readFileSync(join(dir, '.git', 'index')));
      return h.digest('hex');
    },
    handoverCommits: () =>
      repo
        .git('log', '--format=%H %T %s', '--grep=^Agent-Handover: yes$', 'HEAD')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [commit = '', tree = '', ...s] = l.split(' ');
          return { commit, tree, subject: s.join(' ') };
        }),
  };
  return p;
}

/** A transcript that grows between turns like Claude Code's: whole lines of a real fixture appended. */
export class GrowingTranscript {
  readonly path: string;
  private readonly lines: string[];
  private have = 0;

  constructor(fixture: string, path: string) {
    this.path = path;
    this.lines = readFileSync(fixture, 'utf8').split('\n').filter(Boolean);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  }

  get total(): number {
    return this.lines.length;
  }

  /** Appends lines up to `upTo` (a count, or a fraction of the fixture when below 1). */
  grow(upTo: number): this {
    const n = Math.min(this.lines.length, upTo < 1 ? Math.floor(this.lines.length * upTo) : upTo);
    if (n > this.have) appendFileSync(this.path, this.lines.slice(this.have, n).map((l) => `${l}\n`).join(''));
    this.have = Math.max(this.have, n);
    return this;
  }
}

/** The payload fields Claude Code sends to every hook. */
export function basePayload(p: { dir: string }, session: string, transcript: string | undefined, event: ClaudeEvent, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { session_id: session, ...(transcript ? { transcript_path: transcript } : {}), cwd: p.dir, hook_event_name: event, ...extra };
}

/** Frontmatter `key: value` of a Markdown note (values as written). */
export function frontmatter(text: string): Record<string, string> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) throw new Error('note has no frontmatter');
  const out: Record<string, string> = {};
  for (const line of m[1]!.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return out;
}
