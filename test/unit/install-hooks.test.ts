import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { installHooks } from '../../src/install/install-hooks.js';
import { makeTempRepo, tempDir } from '../helpers/repo.js';

describe('installHooks report', () => {
  test('one action per file, in order: settings, git hook, .gitignore, merge drivers, MCP server', async () => {
    const repo = makeTempRepo();
    const r = await installHooks({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: {} });
    expect(r.actions.map((a) => [a.target, a.action])).toEqual([
      [join(repo.dir, '.claude', 'settings.json'), 'created'],
      [join(repo.dir, '.git', 'hooks', 'post-commit'), 'created'],
      [join(repo.dir, '.gitignore'), 'created'],
      [join(repo.dir, '.gitattributes'), 'created'],
      [join(repo.dir, '.mcp.json'), 'created'],
    ]);
    for (const a of r.actions) expect(a.detail).not.toBe('');
  });
});
