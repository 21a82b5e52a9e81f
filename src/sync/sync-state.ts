import { join } from 'node:path';
import { readIfExists, writeFileAtomic } from '../io/atomic.js';
import type { Layout } from '../config/layout.js';

/** What `sync --status` reports between runs: .agent-handover/sync.json (per work tree). */
export interface SyncRecord {
  lastAttemptAt?: string;
  lastStatus?: string;
  /** The last sync that reached the remote (or found it had nothing to exchange). */
  lastSuccessAt?: string;
  lastError?: string;
  local?: string;
  remote?: string;
}

export function syncStatePath(layout: Layout): string {
  return join(layout.stateDir, 'sync.json');
}

export async function readSyncRecord(layout: Layout): Promise<SyncRecord> {
  try {
    const text = await readIfExists(syncStatePath(layout));
    return text ? (JSON.parse(text) as SyncRecord) : {};
  } catch {
    // A damaged record only loses history for --status; the next sync rewrites it.
    return {};
  }
}

export async function recordSync(layout: Layout, entry: { at: string; status: string; ok: boolean; error?: string; local?: string; remote?: string }): Promise<void> {
  const next: SyncRecord = { ...(await readSyncRecord(layout)), lastAttemptAt: entry.at, lastStatus: entry.status };
  if (entry.ok) {
    next.lastSuccessAt = entry.at;
    delete next.lastError;
  } else if (entry.error) next.lastError = entry.error;
  if (entry.local) next.local = entry.local;
  if (entry.remote) next.remote = entry.remote;
  await writeFileAtomic(syncStatePath(layout), `${JSON.stringify(next, null, 2)}\n`);
}
