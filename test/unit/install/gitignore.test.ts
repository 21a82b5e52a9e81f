import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installGitignore, uninstallGitignore } from '../../../src/install/gitignore.js';
import { tempDir } from '../../helpers/repo.js';

describe('.gitignore lines', () => {
  test('added once, removed exactly (file without a final newline)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), 'dist/\n# build\nout');
    expect((await installGitignore(dir, false)).action).toBe('updated');
    const text = readFileSync(join(dir, '.gitignore'), 'utf8');
    expect(text).toBe('dist/\n# build\nout\n# agent-handover: machine-local state and install backups\n.agent-handover/\n*.agent-handover.bak\n');
    expect((await installGitignore(dir, false)).action).toBe('unchanged');
    writeFileSync(join(dir, '.gitignore'), `${text}user-added-later\n`);
    expect((await uninstallGitignore(dir, false, false)).action).toBe('updated');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('dist/\n# build\nout\nuser-added-later\n');
  });
  test('restored byte for byte from the backup when ours was the only change', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), 'out');
    await installGitignore(dir, false);
    expect((await uninstallGitignore(dir, false, false)).action).toBe('restored');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('out');
  });
  test('a user line that already ignores the folder is respected', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), '/.agent-handover\n');
    await installGitignore(dir, false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('/.agent-handover\n# agent-handover: machine-local state and install backups\n*.agent-handover.bak\n');
  });
  test('created when missing, deleted again; kept when asked', async () => {
    const dir = tempDir();
    expect((await installGitignore(dir, true)).action).toBe('would-create');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
    expect((await installGitignore(dir, false)).action).toBe('created');
    expect((await uninstallGitignore(dir, false, true)).action).toBe('skipped');
    expect((await uninstallGitignore(dir, false, false)).action).toBe('removed');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });
});
