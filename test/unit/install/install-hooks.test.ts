import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { installHooks } from '../../../src/install/install-hooks.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

describe('installHooks report', () => {
  test('one action per file, in order: settings, git hook, local exclude, pre-push hook, .gitignore, merge drivers', async () => {
    const repo = makeTempRepo();
    const r = await installHooks({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: {} });
    expect(r.actions.map((a) => [a.target, a.action])).toEqual([
      [join(repo.dir, '.claude', 'settings.json'), 'created'],
      [join(repo.dir, '.git', 'hooks', 'post-commit'), 'created'],
      [join(repo.dir, '.git', 'info', 'exclude'), 'updated'],
      [join(repo.dir, '.git', 'hooks', 'pre-push'), 'created'],
      [join(repo.dir, '.gitignore'), 'created'],
      [join(repo.dir, '.gitattributes'), 'created'],
      [join(repo.dir, '.mcp.json'), 'created'],
    ]);
    for (const a of r.actions) expect(a.detail).not.toBe('');
  });

  test('branch mode: no pre-push hook (memory travels with the branch), and the report says why', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const r = await installHooks({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: {} });
    expect(r.actions.map((a) => a.target)).not.toContain(join(repo.dir, '.git', 'hooks', 'pre-push'));
    expect(r.messages.join('\n')).toContain('git.mode is "branch"');
  });
});
