import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDeadPrivateIndexes } from '../../../src/git/private-index.js';
import { makeTempRepo } from '../../helpers/repo.js';
import { loadProject } from '../../../src/project/project.js';
import { publishShared } from '../../../src/sync/shared-ref.js';

/** A pid that existed and is gone now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('removeDeadPrivateIndexes', () => {
  it('removes the copies and locks of dead processes, keeps live ones and anything not ours', async () => {
    const repo = makeTempRepo();
    const gitDir = join(repo.dir, '.git');
    const dead = deadPid();
    const names = {
      deadBranch: `agent-handover-index-${dead}-0123456789ab`,
      deadShared: `agent-handover-memory-index-${dead}-0123456789ab`,
      deadLock: `agent-handover-memory-index-${dead}-0123456789ab.lock`,
      live: `agent-handover-index-${process.pid}-0123456789ab`,
      user: 'index-backup',
    };
    for (const n of Object.values(names)) writeFileSync(join(gitDir, n), 'x');
    expect((await removeDeadPrivateIndexes(gitDir)).sort()).toEqual([names.deadBranch, names.deadLock, names.deadShared].sort());
    expect(existsSync(join(gitDir, names.live))).toBe(true);
    expect(existsSync(join(gitDir, names.user))).toBe(true);
    expect(existsSync(join(gitDir, 'index'))).toBe(true);
  });

  it('the next publish clears what a killed one left', async () => {
    const repo = makeTempRepo();
    const left = join(repo.dir, '.git', `agent-handover-memory-index-${deadPid()}-0123456789ab`);
    writeFileSync(left, 'x'.repeat(1000));
    const p = await loadProject(repo.dir);
    await publishShared(p, 'agent-handover: nothing yet');
    expect(existsSync(left)).toBe(false);
  });
});
