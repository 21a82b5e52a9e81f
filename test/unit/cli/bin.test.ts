import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { makeTempRepo } from '../../helpers/repo.js';
import { Checkpoint } from '../../../src/engine/checkpoint.js';

const BIN = resolve('dist/cli.js');

describe('the agent-handover bin (dist/cli.js, a thin shim over main())', () => {
  it('answers like main() called in-process: same exit code and output', async () => {
    const repo = makeTempRepo();
    for (const args of [['--version'], ['check'], ['nonsense']]) {
      const a = spawnSync(process.execPath, [BIN, ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(args, { cwd: repo.dir, env: repo.env, out: (t) => out.push(t), err: (t) => err.push(t), readStdin: async () => '' });
      expect({ status: a.status, stdout: a.stdout.trim() }, args.join(' ')).toEqual({ status: code, stdout: out.join('\n').trim() });
      expect(a.stderr.trim(), args.join(' ')).toBe(err.join('\n').trim());
    }
  });

  it('a reader that stops early (| head) ends the command quietly', () => {
    const repo = makeTempRepo();
    // The reader is gone before the CLI writes a byte: the write fails with EPIPE.
    const r = spawnSync('sh', ['-c', `(sleep 0.2; "${process.execPath}" "${BIN}" --help 2>"$0"; echo "exit $?" >"$0.code") | true`, join(repo.dir, 'err.txt')], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(repo.dir, 'err.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(repo.dir, 'err.txt.code'), 'utf8').trim()).toBe('exit 0');
  });

  it('the bin is what the package declares, an ES module with no CommonJS bundle beside it', async () => {
    const pkg = (await import('../../../package.json', { with: { type: 'json' } })).default as { bin: Record<string, string>; type: string };
    expect(pkg.bin['agent-handover']).toBe('dist/cli.js');
    expect(pkg.type).toBe('module');
    expect(existsSync(BIN)).toBe(true);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    for (const old of ['agent-handover.cjs', 'cli-bundle.cjs', 'hooks/agent-hooks.cjs', 'hooks/package.json']) expect(existsSync(resolve('dist', old)), old).toBe(false);
  });

  it('`check` without a config runs from dist/check.js alone; with a config, or other flags, it is the whole CLI', async () => {
    // A copy of the bin and the check bundle with no dist/core.js beside them: what loads core fails.
    const repo = makeTempRepo();
    const dist = join(repo.dir, '..', 'pkg', 'dist');
    mkdirSync(dist, { recursive: true });
    for (const f of ['cli.js', 'check.js']) copyFileSync(resolve('dist', f), join(dist, f));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(dist, 'cli.js'), ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(run('check')).toMatchObject({ status: 0, stderr: '' });
    expect(run('check').stdout).toMatch(/clean/);
    const cp = new Checkpoint(join(repo.dir, '.agent-handover', 'checkpoint.json'));
    await cp.write(await cp.begin({ runId: 'r-1', startedAt: '2026-08-01T10:00:00.000Z', tag: 'handover', session: 's1', steps: ['collect', 'publish'] }));
    expect(run('check', '--quiet')).toMatchObject({ status: 1, stdout: '', stderr: '' });
    expect(run('check').stdout).toMatch(/RESUME/);
    for (const args of [['check', '--checkpoint', 'x.json'], ['check', '--help'], ['status']]) {
      expect(run(...args).stderr, args.join(' ')).toMatch(/core\.js/);
    }
    writeFileSync(join(repo.dir, '.agent-handover.yml'), 'version: 1\n');
    expect(run('check').stderr).toMatch(/core\.js/);
  });
});
