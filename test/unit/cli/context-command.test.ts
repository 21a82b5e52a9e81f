import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';
import { notePath, noteText } from '../../fixtures/memory-notes.js';

/** `n` layer1 notes, each with a decision and an open follow-up, far more than any budget holds. */
function manyNotes(repo: TempRepo, n: number): void {
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const at = `2026-07-${day}T10:${String(i % 60).padStart(2, '0')}:00.000Z`;
    const session = `s${String(i).padStart(4, '0')}`;
    const file = join(repo.dir, 'memory', notePath(session, at.slice(0, 10)));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, noteText(session, at, `the work item number ${i} with a reasonably long description of what happened`));
  }
}

describe('agent-handover context', () => {
  it('on a project with no memory: the title and where the state lives, exit 0', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await cli(repo.dir, ['context']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('# Project memory (agent-handover)');
    expect(r.out).toContain('Branch main');
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });

  it('the default budget is 8000 characters, and a cut says what was left out and where', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    manyNotes(repo, 300);
    const r = await cli(repo.dir, ['context']);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThanOrEqual(8000);
    expect(r.out.length).toBeGreaterThan(6000); // the budget is used, not wasted
    expect(r.out).toMatch(/\d+ more items \(.*follow-ups.*\) are in memory\/layer2\/current-state\.md and memory\/layer1/);
  });

  it.each([[500], [2000], [5000]])('--budget %i is respected', async (budget) => {
    const repo = makeTempRepo({ mode: 'branch' });
    manyNotes(repo, 120);
    const r = await cli(repo.dir, ['context', '--budget', String(budget)]);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThanOrEqual(budget);
    expect(r.out).toMatch(/more item/);
  });

  it('context.budget in the config is the default; --budget overrides it', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    manyNotes(repo, 120);
    repo.write('.agent-handover.yml', 'git:\n  mode: branch\ncontext:\n  budget: 3000\n');
    const byConfig = await cli(repo.dir, ['context']);
    expect(byConfig.out.length).toBeLessThanOrEqual(3000);
    expect(byConfig.out.length).toBeGreaterThan(2000);
    expect((await cli(repo.dir, ['context', '--budget', '6000'])).out.length).toBeGreaterThan(3000);
  });

  it('open follow-ups come first: even a small budget shows the newest ones with their ids', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    manyNotes(repo, 40);
    const r = await cli(repo.dir, ['context', '--budget', '1200']);
    expect(r.out).toContain('## Open follow-ups');
    expect(r.out).toMatch(/Follow up on the work item number \d+ .*f-s00\d\d/);
    expect(r.out).not.toContain('## Recent sessions');
  });

  it('open follow-ups captured with `note` appear after the next run', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await cli(repo.dir, ['note', '--kind', 'followup', 'Document the retry policy'], { CLAUDE_CODE_SESSION_ID: 'ctx-1' });
    await cli(repo.dir, ['run', '--session', 'ctx-1']);
    const r = await cli(repo.dir, ['context']);
    expect(r.out).toMatch(/## Open follow-ups[\s\S]*Document the retry policy/);
  });

  it('an interrupted handover is said first', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'memory'), 'file in the way\n');
    expect((await cli(repo.dir, ['run', '--session', 'ctx-2'])).code).toBe(1);
    const r = await cli(repo.dir, ['context']);
    expect(r.out).toMatch(/## Interrupted handover[\s\S]*session ctx-2\) was interrupted/);
  });
});

describe('context outside a git repository', () => {
  it('says it is not a repository, never "detached HEAD"', async () => {
    const { tempDir } = await import('../../helpers/repo.js');
    const dir = tempDir();
    const r = await cli(dir, ['context'], { GIT_CEILING_DIRECTORIES: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Not a git repository');
    expect(r.out).not.toContain('detached HEAD');
  });
});
