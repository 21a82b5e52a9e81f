import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * A Codex rollout for a thread id when the payload's transcript_path is null:
 * $CODEX_HOME/sessions/YYYY/MM/DD/rollout-<ts>-<id>.jsonl, looked for in the last three days'
 * folders (local and UTC dates), which is where a session that is still running writes.
 */
export function findCodexRollout(id: string, env: NodeJS.ProcessEnv, now = new Date()): string | undefined {
  const root = join(env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex'), 'sessions');
  const days = new Set<string>();
  for (let back = 0; back < 3; back++) {
    const d = new Date(now.getTime() - back * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    days.add(join(String(d.getFullYear()), pad(d.getMonth() + 1), pad(d.getDate())));
    days.add(join(String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())));
  }
  for (const day of days) {
    const hit = list(join(root, day)).find((f) => f.startsWith('rollout-') && f.endsWith(`-${id}.jsonl`));
    if (hit) return join(root, day, hit);
  }
  return undefined;
}

/** A Cursor agent transcript for a conversation id: ~/.cursor/projects/<slug>/agent-transcripts/<id>/<id>.jsonl. */
export function findCursorTranscript(id: string, env: NodeJS.ProcessEnv): string | undefined {
  const root = join(env.HOME ?? homedir(), '.cursor', 'projects');
  return list(root).map((slug) => join(root, slug, 'agent-transcripts', id, `${id}.jsonl`)).find((f) => existsSync(f));
}
