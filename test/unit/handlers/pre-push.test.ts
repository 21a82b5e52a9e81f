import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPrePush, prePushBlock, prePushTarget, uninstallPrePush } from '../../../src/install/pre-push.js';
import { prePushHook } from '../../../src/handlers/pre-push.js';
import { PRE_PUSH_GUARD } from '../../../src/install/hook-command.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

const spec = { kind: 'dev' as const, globalScript: '/nowhere/dist/hooks/pre-push.js' };

describe('pre-push hook', () => {
  it('the block is silent, reads none of git\'s stdin, never fails the push, and steps aside under its own guard', () => {
    const block = prePushBlock('dev', spec.globalScript);
    expect(block).toContain('</dev/null || true');
    expect(block).toContain(`if [ -z "\${${PRE_PUSH_GUARD}:-}" ]; then`);
    // Found from the work tree each time: no absolute path in a devDependency install.
    expect(block).not.toContain('/nowhere');
    const repo = makeTempRepo();
    const script = join(repo.dir, 'hook.sh');
    writeFileSync(script, `set -eu\n${block}echo after\n`);
    // No package installed, set -eu (husky's way): the hook still goes on and exits 0.
    const r = spawnSync('sh', [script, 'origin', 'url'], { cwd: repo.dir, encoding: 'utf8', input: 'refs/heads/main 1 refs/heads/main 0\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('after\n');
  });

  it('plain: created executable with a shebang; chained after a user hook; removed again, leaving theirs', async () => {
    const repo = makeTempRepo();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    expect((await installPrePush(repo.dir, spec, false)).action.action).toBe('created');
    expect(readFileSync(file, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    expect((await installPrePush(repo.dir, spec, false)).action.action).toBe('unchanged');
    expect(await uninstallPrePush(repo.dir, false)).toMatchObject({ action: 'removed' });
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, '#!/bin/sh\necho theirs\n', { mode: 0o755 });
    expect((await installPrePush(repo.dir, spec, false)).action.action).toBe('updated');
    expect(readFileSync(file, 'utf8')).toMatch(/^#!\/bin\/sh\necho theirs\n# >>> agent-handover pre-push >>>/);
    await uninstallPrePush(repo.dir, false);
    expect(readFileSync(file, 'utf8')).toBe('#!/bin/sh\necho theirs\n');
  });

  it('husky: .husky/pre-push beside .husky/post-commit; lefthook: a pre-push command in its config', async () => {
    const husky = makeTempRepo();
    mkdirSync(join(husky.dir, '.husky', '_'), { recursive: true });
    husky.git('config', 'core.hooksPath', '.husky/_');
    expect((await prePushTarget(husky.dir)).file).toBe(join(husky.dir, '.husky', 'pre-push'));
    await installPrePush(husky.dir, spec, false);
    expect(readFileSync(join(husky.dir, '.husky', 'pre-push'), 'utf8').startsWith('# >>> agent-handover pre-push >>>')).toBe(true);

    const lefthook = makeTempRepo();
    lefthook.write('lefthook.yml', 'pre-commit:\n  commands:\n    lint:\n      run: npm run lint\n');
    await installPrePush(lefthook.dir, spec, false);
    const yml = readFileSync(join(lefthook.dir, 'lefthook.yml'), 'utf8');
    expect(yml).toContain('lint:');
    expect(yml).toMatch(/pre-push:\n\s+commands:\n\s+agent-handover:\n\s+run: /);
    await uninstallPrePush(lefthook.dir, false);
    expect(readFileSync(join(lefthook.dir, 'lefthook.yml'), 'utf8')).not.toContain('pre-push');
  });

  it('the hook itself does nothing under the guard (our own push), outside a repository, or without an entry script', async () => {
    const dir = tempDir();
    await expect(prePushHook(['origin'], dir, {}, undefined)).resolves.toBeUndefined();
    const repo = makeTempRepo();
    await expect(prePushHook(['origin'], repo.dir, { [PRE_PUSH_GUARD]: '1' }, '/does/not/exist.js')).resolves.toBeUndefined();
    expect(existsSync(join(repo.dir, '.agent-handover'))).toBe(false);
    expect(execFileSync('git', ['for-each-ref'], { cwd: repo.dir, encoding: 'utf8' })).not.toContain('agent-handover');
  });
});
