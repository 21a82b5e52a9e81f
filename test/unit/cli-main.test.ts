import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../helpers/repo.js';
import { cli } from '../helpers/cli-io.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('agent-handover main()', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j prints the help with every command and the exit codes, exit 0', async (args) => {
    const r = await cli(process.cwd(), args);
    expect(r.code).toBe(0);
    for (const c of ['run', 'check', 'status', 'note', 'context', 'regenerate', 'compact', 'pause', 'unpause', 'init', 'install-hooks', 'hook']) expect(r.out).toMatch(new RegExp(`^ +(\\w+ \\| )?${c}\\b`, 'm'));
    expect(r.out).toContain('4 paused');
    expect(r.out).toContain('64 usage');
    expect(r.err).toBe('');
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const r = await cli(process.cwd(), [flag]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('an unknown command is a usage error (64) naming it, on stderr only', async () => {
    const repo = makeTempRepo();
    const r = await cli(repo.dir, ['frobnicate']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('"frobnicate"');
    expect(r.err).toContain('--help');
    expect(r.out).toBe('');
  });

  it.each([
    ['check', '--nope'],
    ['status', '--bogus'],
    ['run', '--frob'],
    ['run', 'positional'],
    ['note', '--kind', 'rumour', 'text'],
    ['note'],
    ['context', '--budget', 'ten'],
    ['context', '--budget', '50'],
    ['compact', '--older-than', '-3'],
    ['pause', 'extra'],
    ['init', '--force'],
    ['hook'],
  ])('usage error %j -> 64 with a message and no output', async (...args) => {
    const repo = makeTempRepo();
    const r = await cli(repo.dir, args);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/^agent-handover: /);
    expect(r.out).toBe('');
  });

  it('a usage error writes nothing into the project', async () => {
    const repo = makeTempRepo();
    await cli(repo.dir, ['run', '--note', 'a', '--note-file', 'b']);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('');
  });
});
