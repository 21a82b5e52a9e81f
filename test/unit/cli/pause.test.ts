import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';

describe('agent-handover pause / unpause', () => {
  it('pause creates PAUSE at the top of the work tree; every writing command then exits 4', async () => {
    const repo = makeTempRepo();
    mkdirSync(join(repo.dir, 'sub'));
    const r = await cli(join(repo.dir, 'sub'), ['pause']);
    expect(r.code).toBe(0);
    const file = join(repo.dir, 'PAUSE');
    expect(r.out).toBe(`Paused: ${file} created. Every entry point now writes nothing. \`agent-handover unpause\` resumes.`);
    expect(readFileSync(file, 'utf8')).toMatch(/^paused by agent-handover pause at \d{4}-/);
    expect((await cli(repo.dir, ['run'])).code).toBe(4);
    expect((await cli(repo.dir, ['note', 'x'], { CLAUDE_CODE_SESSION_ID: 's' })).code).toBe(4);
    expect((await cli(repo.dir, ['regenerate'])).code).toBe(4);
    expect((await cli(repo.dir, ['compact'])).code).toBe(4);
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });

  it('pause twice is fine; status reports it', async () => {
    const repo = makeTempRepo();
    expect((await cli(repo.dir, ['pause'])).code).toBe(0);
    expect((await cli(repo.dir, ['pause'])).code).toBe(0);
    const s = JSON.parse((await cli(repo.dir, ['status', '--json'])).out) as { paused: string | null };
    expect(s.paused).toBe(join(repo.dir, 'PAUSE'));
  });

  it('unpause removes it and runs work again', async () => {
    const repo = makeTempRepo();
    await cli(repo.dir, ['pause']);
    const r = await cli(repo.dir, ['unpause']);
    expect(r).toEqual({ code: 0, out: `Resumed: removed ${join(repo.dir, 'PAUSE')}.`, err: '' });
    expect(existsSync(join(repo.dir, 'PAUSE'))).toBe(false);
    expect((await cli(repo.dir, ['run', '--no-commit'])).code).toBe(0);
  });

  it('unpause when not paused says so', async () => {
    const repo = makeTempRepo();
    expect(await cli(repo.dir, ['unpause'])).toEqual({ code: 0, out: 'Not paused.', err: '' });
  });

  it('unpause names a PAUSE it did not create and leaves it ($AGENT_HANDOVER_PAUSE)', async () => {
    const repo = makeTempRepo();
    const other = join(tempDir(), 'HOLD');
    writeFileSync(other, '');
    await cli(repo.dir, ['pause']);
    const r = await cli(repo.dir, ['unpause'], { AGENT_HANDOVER_PAUSE: other });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Resumed: removed ${join(repo.dir, 'PAUSE')}.`);
    expect(r.out).toContain(`Still paused by ${other}`);
    expect(existsSync(other)).toBe(true);
    expect((await cli(repo.dir, ['run'], { AGENT_HANDOVER_PAUSE: other })).code).toBe(4);
  });

  it('pause_files from the config: pause writes the first one, creating its folder', async () => {
    const repo = makeTempRepo();
    repo.write('.agent-handover.yml', 'pause_files: [.hold/STOP]\n');
    expect((await cli(repo.dir, ['pause'])).code).toBe(0);
    expect(existsSync(join(repo.dir, '.hold', 'STOP'))).toBe(true);
    expect(existsSync(join(repo.dir, 'PAUSE'))).toBe(false);
    expect((await cli(repo.dir, ['run'])).code).toBe(4);
    await cli(repo.dir, ['unpause']);
    expect(existsSync(join(repo.dir, '.hold', 'STOP'))).toBe(false);
  });
});
