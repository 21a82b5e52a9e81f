import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { makeTempRepo, tempDir } from '../helpers/repo.js';

const BIN = resolve('dist/agent-handover.cjs');
const ESM_CLI = resolve('dist/cli.js');

describe('the agent-handover bin (CommonJS, code-cached CLI bundle)', () => {
  it('answers like the ES module CLI, and keeps one compile cache per command', () => {
    const repo = makeTempRepo();
    const cache = tempDir();
    const env = { ...repo.env, XDG_CACHE_HOME: cache };
    const run = (bin: string, args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo.dir, env, encoding: 'utf8' });
    for (const args of [['--version'], ['check'], ['status', '--json'], ['nonsense']]) {
      const a = run(BIN, args);
      const b = run(ESM_CLI, args);
      expect({ status: a.status, stdout: a.stdout, stderr: a.stderr }, args.join(' ')).toEqual({ status: b.status, stdout: b.stdout, stderr: b.stderr });
    }
    expect(run(BIN, ['check']).status).toBe(0);
    const files = readdirSync(join(cache, 'agent-handover', 'v8')).map((f) => f.replace(/^[0-9a-f]+-/, '')).sort();
    expect(files).toEqual(['cli-check.bin', 'cli-nonsense.bin', 'cli-status.bin', 'cli.bin']);
  });

  it('a reader that stops early (| head) ends the command quietly', () => {
    const repo = makeTempRepo();
    // The reader is gone before the CLI writes a byte: the write fails with EPIPE.
    const r = spawnSync('sh', ['-c', `(sleep 0.2; "${process.execPath}" "${BIN}" --help 2>"$0"; echo "exit $?" >"$0.code") | true`, join(repo.dir, 'err.txt')], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(repo.dir, 'err.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(repo.dir, 'err.txt.code'), 'utf8').trim()).toBe('exit 0');
  });

  it('the bin is what the package declares', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { bin: Record<string, string> };
    expect(pkg.bin['agent-handover']).toBe('dist/agent-handover.cjs');
    expect(existsSync(BIN)).toBe(true);
  });
});
