import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';
import { initTemplate } from '../../../src/config/init-template.js';

describe('agent-handover init', () => {
  it('writes the commented template once, at the top of the work tree', async () => {
    const repo = makeTempRepo();
    mkdirSync(join(repo.dir, 'pkg', 'sub'), { recursive: true });
    const r = await cli(join(repo.dir, 'pkg', 'sub'), ['init']);
    expect(r.code).toBe(0);
    const path = join(repo.dir, '.agent-handover.yml');
    expect(r.out).toBe(`Wrote ${path}. Every key is documented in it.`);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(initTemplate());
    expect(text).toMatch(/^# /m);
    expect(text).toContain('ask_mode: false');
    // The written file is a valid config that commands accept.
    expect((await cli(repo.dir, ['status', '--json'])).code).toBe(0);
  });

  it('a second run leaves the file (even one the user edited) unchanged', async () => {
    const repo = makeTempRepo();
    await cli(repo.dir, ['init']);
    const path = join(repo.dir, '.agent-handover.yml');
    writeFileSync(path, 'tag: mine\n');
    const r = await cli(repo.dir, ['init']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${path} exists already; left unchanged.`);
    expect(readFileSync(path, 'utf8')).toBe('tag: mine\n');
  });

  it('outside a git repository: writes into the current folder', async () => {
    const dir = tempDir();
    expect((await cli(dir, ['init'])).code).toBe(0);
    expect(readFileSync(join(dir, '.agent-handover.yml'), 'utf8')).toBe(initTemplate());
  });
});
