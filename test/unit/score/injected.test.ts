import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutFor } from '../../../src/config/layout.js';
import { KEEP_SESSIONS, readInjected, recordInjected, scoreDir, type InjectedRecord } from '../../../src/score/injected.js';
import { tempDir } from '../../helpers/repo.js';

const record = (session: string): InjectedRecord => ({ version: 1, session, agent: 'claude-code', at: '2026-12-01T10:00:00.000Z', of: 'before', sections: ['request'], chars: 10, files: [], failing: [], tasks: [], followups: [] });

describe('the injected-context records', () => {
  it('keep the first context a session was shown', async () => {
    const layout = layoutFor(tempDir());
    await recordInjected(layout, record('s-1'));
    await recordInjected(layout, { ...record('s-1'), chars: 99 });
    expect((await readInjected(layout, 's-1'))?.chars).toBe(10);
  });

  it(`are kept for the last ${KEEP_SESSIONS} sessions only, with their score files`, async () => {
    const layout = layoutFor(tempDir());
    const dir = scoreDir(layout);
    mkdirSync(dir, { recursive: true });
    const old = Date.now() / 1000 - 10_000;
    for (let i = 0; i < KEEP_SESSIONS + 5; i++) {
      writeFileSync(join(dir, `old-${i}.injected.json`), JSON.stringify(record(`old-${i}`)) + '\n');
      writeFileSync(join(dir, `old-${i}.score.json`), '{}\n');
      utimesSync(join(dir, `old-${i}.injected.json`), old + i, old + i);
    }
    await recordInjected(layout, record('newest'));
    const left = readdirSync(dir).filter((n) => n.endsWith('.injected.json'));
    expect(left).toHaveLength(KEEP_SESSIONS);
    expect(left).toContain('newest.injected.json');
    // The six oldest went, their score files with them; the next one stayed.
    for (let i = 0; i < 6; i++) expect(existsSync(join(dir, `old-${i}.injected.json`)) || existsSync(join(dir, `old-${i}.score.json`))).toBe(false);
    expect(existsSync(join(dir, 'old-6.injected.json')) && existsSync(join(dir, 'old-6.score.json'))).toBe(true);
  });
});
