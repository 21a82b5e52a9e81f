import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';
import { KEEP_RUNS, pruneRuns } from '../../../src/pipeline/run-records.js';
import { loadProject } from '../../../src/project/project.js';
import { runHandover } from '../../../src/pipeline/run-handover.js';

describe('runs/ stays bounded', () => {
  it('pruneRuns keeps the newest folders by run id, and always the run in flight', async () => {
    const dir = tempDir();
    const ids = Array.from({ length: 30 }, (_, i) => `20261201T1000${String(i).padStart(2, '0')}-aaaa0000`);
    for (const id of ids) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, 'facts.json'), '{}');
    }
    expect(await pruneRuns(dir, ids[0], 10)).toBe(19);
    expect(readdirSync(dir).sort()).toEqual([ids[0], ...ids.slice(20)].sort());
    expect(await pruneRuns(join(dir, 'missing'), undefined)).toBe(0);
  });

  it(`after many handovers at most ${KEEP_RUNS} run folders are left`, async () => {
    const repo = makeTempRepo();
    const p = await loadProject(repo.dir);
    // Runs left by earlier (killed) processes, older than any new one.
    for (let i = 0; i < 40; i++) mkdirSync(join(p.layout.runsDir, `20200101T0000${String(i).padStart(2, '0')}-dead0000`), { recursive: true });
    for (let i = 0; i < 3; i++) expect((await runHandover(p, { event: 'run', session: `r-${i}`, noCommit: true })).result.status).toBe('completed');
    const left = readdirSync(p.layout.runsDir);
    expect(left.length).toBe(KEEP_RUNS);
    expect(left.filter((n) => !n.startsWith('2020'))).toHaveLength(3);
  });
});
