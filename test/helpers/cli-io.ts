import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { parseFrontMatter, type Meta } from '../../src/store/frontmatter.js';
import { memoryRelOf } from './repo.js';

/** A CliIO that collects what a command prints, with its own cwd, env and stdin. */
export interface FakeIO extends CliIO {
  stdout: string[];
  stderr: string[];
}

export function fakeIO(cwd: string, env: NodeJS.ProcessEnv = {}, stdin = ''): FakeIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    cwd,
    env: { ...process.env, ...env },
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    readStdin: async () => stdin,
  };
}

/** Runs `agent-handover <args>` in-process; the exit code and everything printed. */
export async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIO(cwd, env);
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** ../shared/fixtures/transcripts/claude-code beside the repository. */
export const CLAUDE_FIXTURES = resolve(process.cwd(), '../shared/fixtures/transcripts/claude-code');
export const HAVE_FIXTURES = existsSync(CLAUDE_FIXTURES);
export const FIXTURES_SKIP = `fixture folder ${CLAUDE_FIXTURES} (../shared/fixtures/transcripts/claude-code) is absent`;

/** A small real transcript that edits files (v2.0.26, 41 lines). */
export const SMALL_TRANSCRIPT = 'v2.0.26-plan-mode-askuserquestion.jsonl';

/** Copies a fixture transcript into `dir` (outside the repository, as Claude Code keeps it) and returns its path. */
export function copyTranscript(dir: string, name = SMALL_TRANSCRIPT, as = name): string {
  const to = join(dir, as);
  copyFileSync(join(CLAUDE_FIXTURES, name), to);
  return to;
}

/** path -> sha256 of every file under `dir` (folders as 'dir'), `.git` left out. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (rel === '.git') continue;
      if (statSync(p).isDirectory()) {
        out[rel + '/'] = 'dir';
        walk(p);
      } else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir`, relative, sorted (empty when absent). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return Object.keys(snapshotTree(dir)).filter((k) => !k.endsWith('/'));
}

/** Polls `cond` until true or `ms` passes (for work a test cannot await, never for timing claims). */
export async function waitFor(cond: () => boolean, ms = 30_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

/** Runs one hook in-process as Claude Code would call it: the payload as JSON on stdin. */
export async function hook(event: string, payload: Record<string, unknown> | string, cwd: string, env: NodeJS.ProcessEnv = {}, extra: { args?: string[]; entryScript?: string } = {}) {
  const { runHook } = await import('../../src/hooks/run-hook.js');
  return runHook(event, typeof payload === 'string' ? payload : JSON.stringify(payload), { cwd, env: { ...process.env, ...env }, ...extra });
}

/** The front matter of the one layer1 note of `session` in `repoDir`'s memory folder (as its config's git.mode puts it), or undefined. */
export function noteMeta(repoDir: string, session: string): Meta | undefined {
  const layer1 = join(repoDir, memoryRelOf(repoDir), 'layer1');
  const f = filesUnder(layer1).find((n) => n.endsWith(`-${session}.md`));
  return f ? parseFrontMatter(readFileSync(join(layer1, f), 'utf8'))?.meta : undefined;
}
