import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { debugOn } from '../../../src/io/debug.js';
import { git } from '../../../src/git/git.js';
import { HandoverEngine } from '../../../src/engine/engine.js';
import { Step } from '../../../src/engine/step.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

const BIN = resolve('dist/cli.js');
// agent-handover:<scope> +<since start>ms <what> (<took> ms)
const LINE = /^agent-handover:(git|step|run) \+\d+ms (.+?)(?: \((\d+\.\d) ms\))?$/;
const lines = (stderr: string) => stderr.split('\n').map((l) => LINE.exec(l)).filter((m): m is RegExpExecArray => m !== null);

describe('AGENT_HANDOVER_DEBUG', () => {
  const saved = process.env.AGENT_HANDOVER_DEBUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.AGENT_HANDOVER_DEBUG;
    else process.env.AGENT_HANDOVER_DEBUG = saved;
    vi.restoreAllMocks();
  });

  it('is on for any value but empty and 0', () => {
    expect([undefined, '', '0', '1', 'yes'].map((v) => debugOn(v === undefined ? {} : { AGENT_HANDOVER_DEBUG: v }))).toEqual([false, false, false, true, true]);
  });

  it('names each git call with its arguments, folder, exit code and time, and each engine step with its outcome and time', async () => {
    const repo = makeTempRepo();
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    process.env.AGENT_HANDOVER_DEBUG = '1';
    await git(repo.dir, ['rev-parse', '--verify', 'HEAD']);
    await git(repo.dir, ['cat-file', '-e', 'nonexistent'], { okCodes: [128] });
    const engine = new HandoverEngine({ checkpoint: join(tempDir(), 'checkpoint.json'), pauseFiles: [], steps: [new Step('first', async () => undefined), new Step('second', async () => false)] });
    await engine.run({ session: 's1' });
    delete process.env.AGENT_HANDOVER_DEBUG;
    await git(repo.dir, ['rev-parse', 'HEAD']);
    const got = lines(written.join(''));
    expect(got.map((m) => [m[1], m[2]])).toEqual([
      ['git', `git rev-parse --verify HEAD in ${repo.dir}: exit 0`],
      ['git', `git cat-file -e nonexistent in ${repo.dir}: exit 128`],
      ['run', 'engine lock acquired'],
      ['step', expect.stringMatching(/^first \(run \S+, attempt 1\): done$/)],
      ['step', expect.stringMatching(/^second \(run \S+, attempt 1\): failed: step second reported failure$/)],
    ]);
    for (const m of got) expect(m[3], m[0]).toBeDefined();
  });

  it('a real handover (the bin, a separate process) traces its git calls and every step it ran; nothing without the variable', () => {
    const repo = makeTempRepo();
    const run = (env: NodeJS.ProcessEnv, session: string) => spawnSync(process.execPath, [BIN, 'run', '--session', session, '--note', 'debug trace'], { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });
    const traced = run({ AGENT_HANDOVER_DEBUG: '1' }, 'dbg-1');
    expect(traced.status, traced.stderr).toBe(0);
    const got = lines(traced.stderr);
    const gitCalls = got.filter((m) => m[1] === 'git').map((m) => m[2]!);
    expect(gitCalls.length).toBeGreaterThan(0);
    for (const c of gitCalls) expect(c).toMatch(new RegExp(`^git \\S+.* in ${repo.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*: exit -?\\d+$`));
    const checkpoint = join(repo.dir, '.agent-handover', 'checkpoint.json');
    expect(existsSync(checkpoint)).toBe(true);
    const steps = Object.keys((JSON.parse(readFileSync(checkpoint, 'utf8')) as { steps: Record<string, string> }).steps);
    expect(steps.length).toBeGreaterThan(2);
    const traced1 = got.filter((m) => m[1] === 'step').map((m) => m[2]!.split(' ')[0]);
    expect(traced1).toEqual(steps);
    const quiet = run({}, 'dbg-2');
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/^agent-handover:(git|step|run) /m);
  });
});
