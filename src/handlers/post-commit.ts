import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateRepo } from '../git/locate-repo.js';
import { readHeadCommit, type HeadCommit } from '../git/read-head-commit.js';
import { layoutFor } from '../config/layout.js';
import { pausedBy } from '../pause.js';
import { appendRecord } from '../session/journal.js';
import { currentSession, sessionPaths } from '../session/session-state.js';
import type { HookInput, HookOutput } from './hook-types.js';

async function headFromGit(cwd: string): Promise<HeadCommit | undefined> {
  // Loaded only here: starting child_process costs this hook more than reading .git does.
  const { git } = await import('../git/git.js');
  const r = await git(cwd, ['log', '-1', '--format=%H%x1f%s%x1f%cI%x1f%(trailers:key=Agent-Handover,valueonly)', 'HEAD', '--'], { okCodes: [128] });
  if (r.code !== 0) return undefined;
  const [hash, subject, at, ours] = r.stdout.replace(/\n$/, '').split('\x1f');
  return hash ? { hash, subject: subject ?? '', at: at ?? '', ours: !!ours?.trim() } : undefined;
}

/**
 * git post-commit: HEAD's commit read from .git (git itself only as the fallback) and one appended
 * line. The config is only parsed when a file exists (it can switch this hook off or move the state
 * folder).
 */
export async function postCommitHook(input: HookInput): Promise<HookOutput> {
  // git runs post-commit at the top of the work tree; finding it on disk saves a process start.
  const root = (await locateRepo(input.cwd))?.top;
  if (!root) return { exitCode: 0 };
  const head = readHeadCommit(root) ?? (await headFromGit(input.cwd));
  if (!head || head.ours) return { exitCode: 0 };
  let layout = layoutFor(root, {}, input.env);
  let redaction = {};
  if (existsSync(join(root, '.agent-handover.yml'))) {
    const p = await (await import('./hook-project.js')).loadHookProject(root, input.env, 'post-commit');
    if (!p.config.hooks.post_commit) return { exitCode: 0 };
    layout = p.layout;
    redaction = { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow };
  }
  if (pausedBy(layout.pauseFiles)) return { exitCode: 0 };
  const session = input.env.CLAUDE_CODE_SESSION_ID ?? (await currentSession(layout));
  if (!session) return { exitCode: 0 };
  // The journal is on disk: the subject is sanitised (our own rules: this hook must stay fast).
  const { sanitizeQuick, MAX_FACT_CHARS } = await import('../redact/sanitize.js');
  const clean = await sanitizeQuick(head.subject, redaction, { maxChars: MAX_FACT_CHARS });
  await appendRecord(sessionPaths(layout, session).commits, { hash: head.hash, subject: clean.text, ...(head.at ? { at: head.at } : {}) });
  return { exitCode: 0 };
}
