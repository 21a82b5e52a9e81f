import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ranOf } from '../helpers/installed-project.js';

describe('the e2e helpers, when a hook exits before reading its payload', () => {
  it('report the exit (EPIPE on the payload write is the process\'s choice, not a test failure)', () => {
    // 4 MB is far more than a pipe holds, so the write outlives the process that never reads it.
    const r = spawnSync('sh', ['-c', 'exit 3'], { input: 'x'.repeat(4 * 1024 * 1024), encoding: 'utf8' });
    expect((r.error as NodeJS.ErrnoException | undefined)?.code).toBe('EPIPE');
    expect(ranOf(r).status).toBe(3);
  });

  it('still throw when the process could not start at all', () => {
    expect(() => ranOf(spawnSync('/nonexistent/agent-handover-hook', [], { encoding: 'utf8' }))).toThrow(/ENOENT/);
  });
});
