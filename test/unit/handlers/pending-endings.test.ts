import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo } from '../../helpers/repo.js';
import { hook, noteMeta } from '../../helpers/cli-io.js';

describe('recorded session endings', () => {
  it('a torn record does not keep the next SessionStart from finishing the others: it is removed with one log line', async () => {
    const repo = makeTempRepo();
    const dir = join(repo.dir, '.agent-handover', 'pending-end');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'aaa-torn.json'), '{"session_id": "torn-1", "transcript_pa');
    writeFileSync(join(dir, 'bbb-ok.json'), JSON.stringify({ session_id: 'ended-ok', reason: 'clear', cwd: repo.dir }));
    const out = await hook('session-start', { session_id: 'next', cwd: repo.dir, source: 'startup' }, repo.dir);
    expect(out.exitCode).toBe(0);
    expect(existsSync(join(dir, 'aaa-torn.json'))).toBe(false);
    expect(existsSync(join(dir, 'bbb-ok.json'))).toBe(false);
    expect(noteMeta(repo.dir, 'ended-ok')).toMatchObject({ status: 'ended' });
    expect(readFileSync(join(repo.dir, '.agent-handover', 'log'), 'utf8')).toMatch(/\[session-end\] the recorded session ending .*aaa-torn\.json has no readable session id; it was removed/);
  });
});
