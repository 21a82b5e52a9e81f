import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateRepo, locateRepoOnDisk, locateRepoWithGit } from '../../../src/git/locate-repo.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

/** The fast answer must be git's answer, whenever it gives one. */
async function sameAsGit(cwd: string): Promise<void> {
  const fast = locateRepoOnDisk(cwd);
  expect(fast).toBeDefined();
  expect(fast).toEqual(await locateRepoWithGit(cwd));
}

describe('locateRepo', () => {
  it('a plain repository, from its top and from a subfolder', async () => {
    const r = makeTempRepo();
    r.write('src/deep/x.txt', 'x');
    await sameAsGit(r.dir);
    await sameAsGit(join(r.dir, 'src', 'deep'));
  });

  it('a linked worktree: its own git dir, the main repository as the common dir', async () => {
    const r = makeTempRepo();
    const wt = join(tempDir(), 'wt');
    r.git('worktree', 'add', '-q', '-b', 'side', wt);
    await sameAsGit(wt);
    expect(locateRepoOnDisk(wt)!.commonDir).toBe(join(r.dir, '.git'));
  });

  it('a submodule (its config sets core.worktree): git answers, and the answer is the submodule', async () => {
    const sub = makeTempRepo();
    const r = makeTempRepo();
    r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub');
    const at = join(r.dir, 'vendor', 'sub');
    expect(locateRepoOnDisk(at)).toBeUndefined();
    expect(await locateRepo(at)).toEqual(await locateRepoWithGit(at));
    expect((await locateRepo(at))!.top).toBe(at);
  });

  it('a path through a symbolic link resolves to the real folder, as git does', async () => {
    const r = makeTempRepo();
    const link = join(tempDir(), 'link');
    symlinkSync(r.dir, link);
    await sameAsGit(link);
  });

  it('a stray empty .git folder in a sub-folder is passed over, as git passes over it', async () => {
    const r = makeTempRepo();
    const sub = join(r.dir, 'packages', 'app');
    mkdirSync(join(sub, '.git'), { recursive: true });
    await sameAsGit(sub);
    expect(locateRepoOnDisk(sub)!.top).toBe(r.dir);
  });

  it('no repository: undefined from both', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'a'));
    expect(locateRepoOnDisk(join(d, 'a'))).toBeUndefined();
    expect(await locateRepo(join(d, 'a'))).toBeUndefined();
  });

  it('core.worktree in the config: the disk reader steps aside and git answers', async () => {
    const r = makeTempRepo();
    const elsewhere = tempDir();
    appendFileSync(join(r.dir, '.git', 'config'), `[core]\n\tworktree = ${elsewhere}\n`);
    expect(locateRepoOnDisk(r.dir)).toBeUndefined();
    const viaGit = await locateRepo(r.dir);
    expect(viaGit).toEqual(await locateRepoWithGit(r.dir));
  });
});
