/**
 * AGENT_HANDOVER_DEBUG=1: one line on stderr per git call and per engine step, with its time, so
 * where a hook's time goes can be seen on any machine (lint-staged's debug habit) instead of being
 * claimed in comments. Read at each call: tests and hooks set it in the environment they pass on.
 */
export function debugOn(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.AGENT_HANDOVER_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

export const now = (): number => performance.now();

/** Writes `agent-handover:<scope> <text> (<ms> ms)` to stderr when debugging is on. */
export function debugLine(scope: 'git' | 'step' | 'run', text: string, startedAt?: number): void {
  if (!debugOn()) return;
  const took = startedAt === undefined ? '' : ` (${(now() - startedAt).toFixed(1)} ms)`;
  try {
    process.stderr.write(`agent-handover:${scope} +${now().toFixed(0)}ms ${text}${took}\n`);
  } catch {
    // A closed stderr never fails the work being traced.
  }
}
