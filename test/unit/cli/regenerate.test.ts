import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../../helpers/repo.js';
import { cli, snapshotTree } from '../../helpers/cli-io.js';

const STATE = ['memory', 'layer2', 'current-state.md'];

describe('agent-handover regenerate', () => {
  it('resolves a real merge conflict in current-state.md: no markers left, both sides\' sessions listed', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.git('checkout', '-q', '-b', 'other');
    expect((await cli(repo.dir, ['run', '--session', 'on-other'])).code).toBe(0);
    repo.git('checkout', '-q', 'main');
    expect((await cli(repo.dir, ['run', '--session', 'on-main'])).code).toBe(0);
    // No merge drivers registered here (install-hooks does that): git leaves conflict markers.
    let merged = true;
    try {
      repo.git('merge', '-q', '--no-edit', 'other');
    } catch {
      merged = false;
    }
    expect(merged).toBe(false);
    const conflicted = readFileSync(join(repo.dir, ...STATE), 'utf8');
    expect(conflicted).toMatch(/^<<<<<<< /m);

    const r = await cli(repo.dir, ['regenerate']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Regenerated ${join(repo.dir, ...STATE)}.`);
    const text = readFileSync(join(repo.dir, ...STATE), 'utf8');
    expect(text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(text).toMatch(/^---\n/);
    expect(text).toContain('on-main');
    expect(text).toContain('on-other');
    // The resolution can be committed as is.
    repo.git('add', 'memory');
    repo.git('commit', '-q', '--no-edit');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('rebuilds a deleted current-state.md from the notes', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await cli(repo.dir, ['note', '--kind', 'decision', 'Keep the CLI dependency-free'], { CLAUDE_CODE_SESSION_ID: 'rg-1' });
    await cli(repo.dir, ['run', '--session', 'rg-1']);
    const before = readFileSync(join(repo.dir, ...STATE), 'utf8');
    rmSync(join(repo.dir, ...STATE));
    expect((await cli(repo.dir, ['regenerate'])).code).toBe(0);
    const after = readFileSync(join(repo.dir, ...STATE), 'utf8');
    expect(after).toContain('Keep the CLI dependency-free');
    // Derived: the same notes and git state give the same body (front matter may carry the clock).
    expect(after.replace(/^---[\s\S]*?\n---\n/, '')).toBe(before.replace(/^---[\s\S]*?\n---\n/, ''));
  });

  it('works on a project with no notes', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['regenerate'])).code).toBe(0);
    expect(readFileSync(join(repo.dir, ...STATE), 'utf8')).toContain('No session notes yet.');
  });

  it('under PAUSE: exit 4 and nothing written', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    const r = await cli(repo.dir, ['regenerate']);
    expect(r.code).toBe(4);
    expect(snapshotTree(repo.dir)).toEqual(before);
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
  });
});
