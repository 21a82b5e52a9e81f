import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInfoExclude, excludeLines } from '../../../src/user-files/info-exclude.js';
import { statusArgs } from '../../../src/git/status-args.js';
import { loadProject } from '../../../src/project/project.js';
import { memoryRel } from '../../../src/project/project.js';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { SHARED_VIEW_PARENT } from '../../../src/config/layout.js';
import { makeTempRepo } from '../../helpers/repo.js';

describe('.git/info/exclude', () => {
  it('adds our folder and the PAUSE files inside the work tree once, next to the user\'s own lines, never a tracked file', async () => {
    const repo = makeTempRepo();
    const file = join(repo.dir, '.git', 'info', 'exclude');
    writeFileSync(file, '# mine\n*.log\n');
    const lines = excludeLines(repo.dir, [join(repo.dir, 'PAUSE'), '/elsewhere/PAUSE']);
    expect(lines).toEqual(['/.agent-handover/', '/PAUSE']);
    expect((await ensureInfoExclude(repo.dir, lines)).action).toBe('updated');
    expect((await ensureInfoExclude(repo.dir, lines)).action).toBe('unchanged');
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# mine\n*.log\n')).toBe(true);
    expect(text.match(/^\/PAUSE$/gm)).toHaveLength(1);
    repo.write('PAUSE', '');
    repo.write('.agent-handover/memory/layer2/current-state.md', 'x');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(repo.git('status', '--porcelain', '--', '.gitignore')).toBe('');
  });

  it('a line the user already has counts: nothing is added twice', async () => {
    const repo = makeTempRepo();
    writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.agent-handover\nPAUSE\n');
    expect((await ensureInfoExclude(repo.dir, excludeLines(repo.dir, [join(repo.dir, 'PAUSE')]))).action).toBe('unchanged');
  });

  it('the hooks\' early `git status` uses the exclusions of the default (shared) layout, so its answer is reused', async () => {
    const repo = makeTempRepo();
    const p = await loadProject(repo.dir);
    expect(DEFAULT_CONFIG.git.mode).toBe('shared');
    expect(memoryRel(p)).toBe(`${SHARED_VIEW_PARENT}/${DEFAULT_CONFIG.memoryRoot}`);
    expect(statusArgs([memoryRel(p), '.agent-handover'])).toContain(`:(exclude)${SHARED_VIEW_PARENT}/memory`);
  });
});
