import { Lock } from '../../engine/lock.js';
import { loadProject } from '../../project/project.js';
import { sync as msg } from '../../messages/sync.js';
import { parse, EXIT, UsageError, type CliIO } from '../io.js';

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} needs a whole number, got ${JSON.stringify(v)}.`);
  return n;
}

export async function sync(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {
    status: { type: 'boolean' },
    json: { type: 'boolean' },
    'fetch-only': { type: 'boolean' },
    retries: { type: 'string' },
    'timeout-ms': { type: 'string' },
  });
  const retries = int(values.retries, 'retries');
  const timeoutMs = int(values['timeout-ms'], 'timeout-ms');
  const p = await loadProject(io.cwd, { env: io.env });
  const { syncMemory, syncStatus } = await import('../../sync/sync.js');
  if (values.status) {
    const s = await syncStatus(p);
    if (values.json) io.out(JSON.stringify(s, null, 2));
    else if (s.mode === 'branch') io.out([msg.status.title, msg.status.branchMode].join('\n'));
    else {
      io.out([
        msg.status.title,
        msg.status.ref(s.ref, s.remote),
        msg.status.local(s.local),
        msg.status.remote(s.remoteTracking),
        msg.status.aheadBehind(s.ahead, s.behind),
        msg.status.lastSync(s.lastSyncAt),
        msg.status.lastAttempt(s.lastAttemptAt, s.lastStatus),
        msg.status.lastError(s.lastError),
      ].join('\n'));
    }
    return EXIT.ok;
  }
  // The handover engine's lock: a sync and a handover in this work tree never interleave.
  const lock = new Lock(p.layout.lockPath);
  await lock.acquire({ waitMs: 20_000 });
  let r;
  try {
    r = await syncMemory(p, { ...(retries === undefined ? {} : { retries }), ...(timeoutMs === undefined ? {} : { timeoutMs }), fetchOnly: !!values['fetch-only'] });
  } finally {
    await lock.releaseLock();
  }
  if (values.json) io.out(JSON.stringify(r, null, 2));
  else if (r.ok) io.out(r.message);
  else io.err(`agent-handover: ${r.message}`);
  if (r.status === 'paused') return EXIT.paused;
  if (r.offline) return EXIT.offline;
  return r.ok ? EXIT.ok : EXIT.failed;
}
