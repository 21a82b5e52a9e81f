import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo } from '../helpers/repo.js';
import { loadProject } from '../../src/project/project.js';
import { runHandover } from '../../src/pipeline/run-handover.js';

describe('every deferral is one line in the log', () => {
  it('branch mode, index.lock held: the handover completes with its commit deferred, says so once, and the next one commits', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    const p = await loadProject(repo.dir);
    const head = repo.git('rev-parse', 'HEAD').trim();
    expect((await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'busy-1' })).result.status).toBe('completed');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    const log = readFileSync(p.layout.logPath, 'utf8');
    expect(log.match(/\[stop\] commit of session busy-1's memory deferred \(the notes are written; the next handover commits them\)/g)).toHaveLength(1);
    rmSync(lock);
    expect((await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'busy-1' })).result.status).toBe('completed');
    expect(repo.git('rev-parse', 'HEAD').trim()).not.toBe(head);
    expect(repo.git('status', '--porcelain', '--', 'memory').trim()).toBe('');
    expect(readFileSync(p.layout.logPath, 'utf8')).toBe(log);
  });

  it('shared mode (the default) never touches the user\'s index: index.lock held, the handover still commits to the memory ref and logs no deferral', async () => {
    const repo = makeTempRepo();
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    const p = await loadProject(repo.dir);
    expect((await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'busy-2' })).result.status).toBe('completed');
    expect(repo.git('log', '-1', '--format=%s', 'refs/heads/agent-handover/memory').trim()).toBe('agent-handover: stop busy-2');
    expect(existsSync(lock)).toBe(true);
    const log = existsSync(p.layout.logPath) ? readFileSync(p.layout.logPath, 'utf8') : '';
    expect(log).not.toMatch(/deferred/);
  });
});
