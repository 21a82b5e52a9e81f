import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { uninstallHooks } from '../../../src/install/uninstall-hooks.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

describe('uninstallHooks', () => {
  test('with nothing installed it changes nothing and says so', async () => {
    const repo = makeTempRepo();
    const before = readdirSync(repo.dir);
    const r = await uninstallHooks({ projectDir: repo.dir, packageRoot: tempDir(), homeDir: repo.home, env: {} });
    expect(r.actions.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    expect(readdirSync(repo.dir)).toEqual(before);
  });
});
