import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo } from '../helpers/repo.js';
import { loadProject } from '../../src/pipeline/project.js';
import { runHandover } from '../../src/pipeline/run-handover.js';

describe('every deferral is one line in the log', () => {
  it('index.lock held: the handover completes with its commit deferred, says so once, and the next one commits', async () => {
    const repo = makeTempRepo();
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    const p = await loadProject(repo.dir);
    expect((await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'busy-1' })).result.status).toBe('completed');
    const log = readFileSync(p.layout.logPath, 'utf8');
    expect(log.match(/\[stop\] commit of session busy-1's memory deferred \(the notes are written; the next handover commits them\)/g)).toHaveLength(1);
    rmSync(lock);
    expect((await runHandover(p, { event: 'stop', agent: 'claude-code', session: 'busy-1' })).result.status).toBe('completed');
    expect(repo.git('status', '--porcelain', '--', 'memory').trim()).toBe('');
    expect(readFileSync(p.layout.logPath, 'utf8')).toBe(log);
  });
});
