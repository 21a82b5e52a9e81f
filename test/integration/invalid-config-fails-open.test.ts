import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempRepo, tempDir } from '../helpers/repo.js';
import { copyTranscript, FIXTURES_SKIP, HAVE_FIXTURES, hook, noteMeta } from '../helpers/cli-io.js';

const logOf = (dir: string) => (existsSync(join(dir, '.agent-handover', 'log')) ? readFileSync(join(dir, '.agent-handover', 'log'), 'utf8') : '');

describe.skipIf(!HAVE_FIXTURES)(`a typo in .agent-handover.yml (${HAVE_FIXTURES ? 'real transcript' : FIXTURES_SKIP})`, () => {
  it('hooks run with the defaults, SessionStart says so in one line (file:line and the fix), and the log says it once', async () => {
    const repo = makeTempRepo();
    writeFileSync(join(repo.dir, '.agent-handover.yml'), 'tag: handover\ngti:\n  comit: false\n');
    const transcript = copyTranscript(tempDir());
    const start = await hook('session-start', { session_id: 'typo-1', cwd: repo.dir, source: 'startup', transcript_path: transcript }, repo.dir);
    const context = JSON.parse(start.stdout!).hookSpecificOutput.additionalContext as string;
    const first = context.split('\n')[0]!;
    expect(first).toContain('.agent-handover.yml is invalid, so hooks run with the defaults');
    expect(first).toMatch(/\.agent-handover\.yml:2:1: gti: unknown key "gti"/);
    expect(first).toContain('Edit ');
    for (let i = 0; i < 2; i++) expect(await hook('stop', { session_id: 'typo-1', cwd: repo.dir, transcript_path: transcript }, repo.dir)).toEqual({ exitCode: 0 });
    expect(noteMeta(repo.dir, 'typo-1')).toMatchObject({ status: 'active' });
    // The defaults include shared mode: the handover commits to the memory ref, not to the user's branch.
    expect(repo.git('log', '-1', '--format=%s', 'refs/heads/agent-handover/memory').trim()).toBe('agent-handover: stop typo-1');
    expect(repo.git('log', '-1', '--format=%s', 'HEAD').trim()).not.toMatch(/^agent-handover/);
    expect(logOf(repo.dir).match(/the configuration is invalid; hooks run with the defaults/g)).toHaveLength(1);
  });
});
