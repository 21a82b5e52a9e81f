import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git/git.js';
import { findRepoTop } from '../git/find-top.js';
import { layoutFor } from '../layout.js';
import { pausedBy } from '../pause.js';
import { appendRecord } from '../session/journal.js';
import { currentSession, sessionPaths } from '../session/session-state.js';
import type { HookInput, HookOutput } from './hook-types.js';

/**
 * git post-commit: one `git log` and one appended line. The config is only parsed when a file
 * exists (it can switch this hook off or move the state folder).
 */
export async function postCommitHook(input: HookInput): Promise<HookOutput> {
  const r = await git(input.cwd, ['log', '-1', '--format=%H%x1f%s%x1f%cI%x1f%(trailers:key=Agent-Handover,valueonly)%x1f%(decorate)', 'HEAD', '--'], { okCodes: [128] });
  if (r.code !== 0) return { exitCode: 0 };
  const [hash, subject, at, ours] = r.stdout.replace(/\n$/, '').split('\x1f');
  if (!hash || ours?.trim()) return { exitCode: 0 };
  // git runs post-commit at the top of the work tree; finding it on disk saves a process start.
  const root = findRepoTop(input.cwd);
  if (!root) return { exitCode: 0 };
  let layout = layoutFor(root, {}, input.env);
  if (existsSync(join(root, '.agent-handover.yml'))) {
    const { loadProject } = await import('../pipeline/project.js');
    const p = await loadProject(root, { env: input.env });
    if (!p.config.hooks.post_commit) return { exitCode: 0 };
    layout = p.layout;
  }
  if (pausedBy(layout.pauseFiles)) return { exitCode: 0 };
  const session = input.env.CLAUDE_CODE_SESSION_ID ?? (await currentSession(layout));
  if (!session) return { exitCode: 0 };
  await appendRecord(sessionPaths(layout, session).commits, { hash, subject: subject ?? '', ...(at ? { at } : {}) });
  return { exitCode: 0 };
}
