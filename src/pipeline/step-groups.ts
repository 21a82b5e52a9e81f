import { readdirSync, readFileSync } from 'node:fs';

/**
 * The process groups of custom steps, so none outlives the hook that started it: a hook that
 * exits (its deadline, a signal, or its end) kills the groups still running, and the step runs
 * again at the next attempt instead of twice at once. A hook killed with SIGKILL cannot do that,
 * so the next attempt of the same step first ends what an earlier attempt left (`endLeftovers`).
 */
const live = new Set<number>();
let armed = false;

/** Sends `sig` to a process (a negative pid: to its group); one already gone is not an error. */
export function signal(pid: number, sig: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, sig);
  } catch {
    // ESRCH: already gone.
  }
}

/** A step's group leader just started; it is killed with its group if this process exits first. */
export function trackGroup(pgid: number): void {
  live.add(pgid);
  if (armed) return;
  armed = true;
  // 'exit' handlers run synchronously on process.exit and on a normal end alike.
  process.on('exit', () => {
    for (const g of live) signal(-g);
    live.clear();
  });
}

/** The group ended, or was killed by the step's own timeout. */
export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}

/**
 * Kills every process still running from an earlier attempt of this step of this run: it carries
 * the run id, step name and root in its environment (set by the runner, inherited by what it
 * starts). Linux reads that from /proc; elsewhere there is nothing to read and nothing is done.
 * Returns how many processes were ended.
 */
export function endLeftovers(want: { runId: string; step: string; root: string }): number {
  const marks = [`AGENT_HANDOVER_RUN_ID=${want.runId}`, `AGENT_HANDOVER_STEP=${want.step}`, `AGENT_HANDOVER_ROOT=${want.root}`];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  let ended = 0;
  for (const d of pids) {
    const pid = Number(d);
    if (pid === process.pid || pid === process.ppid) continue;
    let env: string[];
    try {
      env = readFileSync(`/proc/${d}/environ`, 'latin1').split('\0');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!marks.every((m) => env.includes(m))) continue;
    const pgid = groupOf(d);
    // Never our own group (a hook run from inside a step shares the step's).
    if (pgid && pgid !== groupOf('self')) signal(-pgid);
    signal(pid);
    ended++;
  }
  return ended;
}

/** The process group of /proc/<pid> (field 5 of stat, after the parenthesised command name). */
function groupOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isInteger(pgid) && pgid > 1 ? pgid : undefined;
  } catch {
    return undefined;
  }
}
