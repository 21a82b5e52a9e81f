import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, type ConfigError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { hooks as msg } from '../messages/hooks.js';
import { pausedBy } from '../pause.js';
import { loadProject, type Project } from '../project/project.js';
import type { EarlyStatus } from '../git/early-status.js';

/**
 * The project as a hook sees it. An invalid `.agent-handover.yml` fails open: the hook runs with
 * the defaults, and the problem is logged once per distinct problem (not on every turn) and shown by
 * SessionStart's context and `doctor`, instead of every hook going silent.
 */
export async function loadHookProject(dir: string, env: NodeJS.ProcessEnv, event: string, earlyStatus?: EarlyStatus): Promise<Project & { configError?: ConfigError }> {
  const p = await loadProject(dir, { env, tolerateConfigError: true, ...(earlyStatus ? { earlyStatus } : {}) });
  if (p.configError && !pausedBy(p.layout.pauseFiles)) await logConfigOnce(p, p.configError, event).catch(() => undefined);
  return p;
}

async function logConfigOnce(p: Project, err: ConfigError, event: string): Promise<void> {
  const text = describeError(err);
  const marker = join(p.layout.stateDir, 'config-warned');
  if ((await readFile(marker, 'utf8').catch(() => '')) === text) return;
  await (await import('../io/log.js')).appendLog(p.layout.logPath, event, msg.configInvalid(text));
  await writeFileAtomic(marker, text, { durable: false });
}

/** The one line SessionStart's context carries while the config is invalid. */
export function configWarningLine(err: ConfigError): string {
  const first = err.message.split('\n').find((l) => /:\d+:\d+:/.test(l))?.trim() ?? err.message.split('\n')[0] ?? '';
  return msg.configInvalidContext(first, err.hint ?? '');
}
