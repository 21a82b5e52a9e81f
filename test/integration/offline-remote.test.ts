import { describe, expect, it } from 'vitest';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { publishShared } from '../../src/sync/shared-ref.js';
import { syncMemory, syncStatus } from '../../src/sync/sync.js';
import { sync as syncCommand } from '../../src/cli/commands/sync.js';
import type { CliIO } from '../../src/cli/io.js';
import { sharedClones, writeNote, userState } from '../fixtures/shared-clones.js';

function io(cwd: string): CliIO & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { cwd, env: process.env, out: (t) => outText.push(t), err: (t) => errText.push(t), readStdin: async () => '', outText, errText };
}

describe('an unreachable remote', () => {
  it('handovers still land locally, sync reports offline, and the next sync sends everything', async () => {
    const { clones: [ca, cb], bare } = sharedClones(2);
    const a = await ca!.project();
    const b = await cb!.project();
    await writeNote(a, 'before', '2026-08-01T10:00:00Z');
    await publishShared(a, 'before', { scan: false });
    expect((await syncMemory(a)).status).toBe('synced');
    const before = userState(ca!);

    renameSync(bare, `${bare}.away`);
    await writeNote(a, 'while-offline', '2026-08-02T10:00:00Z');
    const published = await publishShared(a, 'offline', { scan: false });
    expect(published.status).toBe('committed');
    const r = await syncMemory(a);
    expect(r).toMatchObject({ ok: false, offline: true, status: 'offline' });
    expect(r.error).toBeTruthy();
    const st = await syncStatus(a);
    expect(st.ahead).toBe(1);
    expect(st.lastError).toBeTruthy();
    expect(st.lastSyncAt).toBeTruthy();
    const cli = io(ca!.dir);
    expect(await syncCommand([], cli)).toBe(2);
    expect(cli.errText.join('\n')).toMatch(/unreachable/);

    renameSync(`${bare}.away`, bare);
    const back = await syncMemory(a);
    expect(back).toMatchObject({ ok: true, status: 'synced', pushed: true });
    const after = await syncStatus(a);
    expect(after).toMatchObject({ ahead: 0, behind: 0 });
    expect(after.lastError).toBeUndefined();
    expect((await syncMemory(b)).ok).toBe(true);
    expect(existsSync(join(cb!.dir, '.agent-handover/memory/layer1/2026-08/handover-2026-08-02-while-offline.md'))).toBe(true);
    expect(userState(ca!)).toEqual(before);

    const status = io(ca!.dir);
    expect(await syncCommand(['--status', '--json'], status)).toBe(0);
    expect(JSON.parse(status.outText.join(''))).toMatchObject({ mode: 'shared', ahead: 0, behind: 0 });
  });

  it('no remote at all: memory stays local and sync says so without throwing', async () => {
    const { clones: [c] } = sharedClones(1);
    c!.git('remote', 'remove', 'origin');
    const p = await c!.project();
    await writeNote(p, 'solo', '2026-08-01T10:00:00Z');
    const r = await syncMemory(p);
    expect(r).toMatchObject({ ok: false, status: 'no-remote' });
    expect(c!.git('ls-tree', '-r', '--name-only', 'refs/heads/agent-handover/memory')).toContain('solo');
  });

  it('a remote without the memory ref yet gets it on the first sync', async () => {
    const { clones: [c], bare } = sharedClones(1);
    const p = await c!.project();
    await writeNote(p, 'first', '2026-08-01T10:00:00Z');
    expect(await syncMemory(p)).toMatchObject({ ok: true, pushed: true });
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('git', ['ls-tree', '-r', '--name-only', 'refs/heads/agent-handover/memory'], { cwd: bare, encoding: 'utf8' })).toContain('first');
  });
});
