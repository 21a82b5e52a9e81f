import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHook } from '../../../src/hooks/run-hook.js';
import { appendLog, readLogTail } from '../../../src/io/log.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

const logOf = (dir: string) => {
  const f = join(dir, '.agent-handover', 'log');
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};

describe('runHook: hooks fail open', () => {
  it('an unknown event: exit 0, no output, one log line naming it', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const out = await runHook('frobnicate', '{}', { cwd: repo.dir, env: process.env });
    expect(out).toEqual({ exitCode: 0 });
    expect(logOf(repo.dir)).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z \[frobnicate\] unknown hook event "frobnicate"\n$/);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });

  it.each([
    ['garbage', 'not json at all {', 'stdin is not JSON'],
    ['an array', '[1,2]', 'stdin JSON is not an object'],
    ['empty stdin', '', 'empty stdin'],
  ])('%s on stdin for stop: exit 0 and the problem in the log', async (_what, stdin, problem) => {
    const repo = makeTempRepo({ mode: 'branch' });
    const out = await runHook('stop', stdin, { cwd: repo.dir, env: process.env });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBeUndefined();
    expect(logOf(repo.dir)).toContain(`[stop] bad payload: ${problem}`);
  });

  it('the log goes to the project of $CLAUDE_PROJECT_DIR when the payload has no cwd, from a sub-folder too', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const elsewhere = tempDir();
    await runHook('nope', 'x', { cwd: elsewhere, env: { ...process.env, CLAUDE_PROJECT_DIR: join(repo.dir) } });
    expect(logOf(repo.dir)).toContain('[nope] unknown hook event');
    expect(existsSync(join(elsewhere, '.agent-handover'))).toBe(false);
  });

  it('a broken config fails open: every hook runs with the defaults and exits 0, the log names the error and the file once', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('.agent-handover.yml', 'ask_mode: [not, a, boolean\n');
    for (const event of ['session-start', 'stop', 'session-end', 'pre-compact', 'post-compact']) {
      const out = await runHook(event, JSON.stringify({ session_id: 's1', cwd: repo.dir }), { cwd: repo.dir, env: { ...process.env, AGENT_HANDOVER_NO_DETACH: '1' } });
      expect(out.exitCode, event).toBe(0);
      if (event === 'session-start') expect(JSON.parse(out.stdout!).hookSpecificOutput.additionalContext).toMatch(/^agent-handover: \.agent-handover\.yml is invalid, so hooks run with the defaults: .*\.agent-handover\.yml:\d+:\d+: /);
      else expect(out.stdout, event).toBeUndefined();
    }
    const log = logOf(repo.dir);
    expect(log.match(/the configuration is invalid; hooks run with the defaults/g)).toHaveLength(1);
    expect(log).toContain(join(repo.dir, '.agent-handover.yml'));
    expect(log).not.toMatch(/step \w+ failed/);
  });

  it('a step that fails inside the Stop handler: exit 0, the log names the step and its error', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'memory'), 'a file where the folder goes\n');
    const out = await runHook('stop', JSON.stringify({ session_id: 's2', cwd: repo.dir }), { cwd: repo.dir, env: process.env });
    expect(out).toEqual({ exitCode: 0 });
    expect(logOf(repo.dir)).toMatch(/\[stop\] (Error: )?stop: step session_note failed: .*memory/);
  });

  it('under PAUSE even the log is not written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    expect(await runHook('frobnicate', 'garbage', { cwd: repo.dir, env: process.env })).toEqual({ exitCode: 0 });
    expect(await runHook('stop', 'garbage', { cwd: repo.dir, env: process.env })).toEqual({ exitCode: 0 });
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
  });

  it('a project folder where no log can be written (a file) still exits 0', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    expect(await runHook('frobnicate', '{}', { cwd: file, env: { ...process.env, CLAUDE_PROJECT_DIR: file } })).toEqual({ exitCode: 0 });
    expect(await runHook('stop', '{}', { cwd: file, env: { ...process.env, CLAUDE_PROJECT_DIR: file } })).toEqual({ exitCode: 0 });
  });
});

describe('hook log', () => {
  it('stays bounded (256 KB) when far more is written, and keeps the newest entries', async () => {
    const dir = tempDir();
    const path = join(dir, '.agent-handover', 'log');
    const filler = 'x'.repeat(1000);
    const total = 700; // ~700 KB written in all
    let maxSize = 0;
    for (let i = 0; i < total; i++) {
      await appendLog(path, 'stop', `entry ${String(i).padStart(4, '0')} ${filler}`);
      maxSize = Math.max(maxSize, statSync(path).size);
    }
    expect(maxSize).toBeLessThanOrEqual(256 * 1024);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(`entry ${String(total - 1).padStart(4, '0')}`);
    expect(text).not.toContain('entry 0000 ');
    // Whole entries only: the file starts at an entry and every line is one.
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const lines = text.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^\S+Z \[stop\] entry \d{4} x+$/);
    // The newest entries are contiguous up to the last one written.
    const nums = lines.map((l) => Number(/entry (\d{4})/.exec(l)![1]));
    expect(nums).toEqual(nums.map((_, i) => nums[0]! + i));
    expect(readLogTail(path, 2).map((l) => /entry (\d{4})/.exec(l)![1])).toEqual([String(total - 2).padStart(4, '0'), String(total - 1).padStart(4, '0')]);
  });

  it('multi-line messages are indented so each entry stays one record', async () => {
    const path = join(tempDir(), 'log');
    await appendLog(path, 'stop', 'first line\nsecond line');
    expect(readFileSync(path, 'utf8')).toMatch(/\[stop\] first line\n {4}second line\n$/);
    expect(readLogTail(path, 5)).toHaveLength(1);
  });
});
