import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir } from '../helpers/repo.js';
import { cli, copyTranscript, hook, CLAUDE_FIXTURES, FIXTURES_SKIP, HAVE_FIXTURES } from '../helpers/cli-io.js';
import { openProjectIndex } from '../../src/recall/recall.js';
import { loadProject } from '../../src/project/project.js';
import { CAPTURES, QUERIES } from '../fixtures/recall-queries.js';

describe.skipIf(!HAVE_FIXTURES)(`recall quality over the fixtures' memory (${HAVE_FIXTURES ? 'fixtures present' : FIXTURES_SKIP})`, () => {
  it('finds the labelled item in the top 5 for at least 90% of the hand-written queries', async () => {
    const repo = makeTempRepo();
    const t = tempDir();
    for (const f of readdirSync(CLAUDE_FIXTURES).filter((x) => x.endsWith('.jsonl')).sort()) {
      const session = f.replace(/\.jsonl$/, '');
      for (const c of CAPTURES.filter((x) => x.session === session)) expect((await cli(repo.dir, ['note', '--kind', c.kind, '--session', session, c.text])).code).toBe(0);
      await hook('stop', { session_id: session, cwd: repo.dir, transcript_path: copyTranscript(t, f), stop_hook_active: false }, repo.dir);
    }
    // The index the recall command opens: the project's memory folder (.agent-handover/memory in shared mode, the default).
    const p = await loadProject(repo.dir);
    expect(p.layout.memoryDir).toBe(join(repo.dir, '.agent-handover', 'memory'));
    const { index: idx } = openProjectIndex(p);
    const rows: string[] = [];
    let found = 0;
    let rr = 0;
    for (const q of QUERIES) {
      const hits = idx.search(q.query, { limit: 10 });
      const rank = hits.findIndex((h) => h.session === q.session && h.kind === q.kind && h.text.includes(q.contains)) + 1;
      if (rank >= 1 && rank <= 5) found += 1;
      if (rank >= 1) rr += 1 / rank;
      rows.push(`${rank || '-'}\t${q.query}`);
    }
    // An exact id returns that very item.
    const decision = idx.search('single pass redaction', { kind: 'decision' })[0]!;
    expect(idx.search(decision.id)[0]).toMatchObject({ id: decision.id, kind: 'decision' });
    idx.close();
    const recallAt5 = found / QUERIES.length;
    const mrr = rr / QUERIES.length;
    console.log(`recall quality: ${QUERIES.length} queries, recall@5 ${recallAt5.toFixed(3)}, MRR ${mrr.toFixed(3)}\n${rows.join('\n')}`);
    expect(QUERIES.length).toBeGreaterThanOrEqual(30);
    expect(recallAt5).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
