import { describe, expect, test } from 'vitest';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupPathFor, writeUserFile, writeWithoutOurs } from '../../../src/user-files/user-file.js';
import { tempDir } from '../../helpers/repo.js';

describe('user files', () => {
  test('the first change backs up the user bytes; later changes keep that backup', async () => {
    const f = join(tempDir(), 'hook');
    writeFileSync(f, 'mine');
    chmodSync(f, 0o750);
    await writeUserFile(f, 'mine+ours', { current: readFileSync(f), currentHasOurs: false });
    await writeUserFile(f, 'mine+ours2', { current: readFileSync(f), currentHasOurs: true });
    expect(readFileSync(backupPathFor(f), 'utf8')).toBe('mine');
    expect(statSync(f).mode & 0o777).toBe(0o750);
  });
  test('a stale backup is replaced when the file holds nothing of ours', async () => {
    const f = join(tempDir(), 'x');
    writeFileSync(backupPathFor(f), 'stale');
    writeFileSync(f, 'fresh');
    await writeUserFile(f, 'fresh+ours', { current: readFileSync(f), currentHasOurs: false });
    expect(readFileSync(backupPathFor(f), 'utf8')).toBe('fresh');
  });
  test('removal restores the backup bytes, deletes what we created, or writes the result', async () => {
    const d = tempDir();
    const a = join(d, 'a');
    writeFileSync(a, 'x+ours');
    writeFileSync(backupPathFor(a), 'x');
    expect(await writeWithoutOurs(a, 'x\n', { sameAsBackup: (b) => `${b}\n` === 'x\n', deleteFile: false })).toBe('restored');
    expect(readFileSync(a, 'utf8')).toBe('x');
    expect(existsSync(backupPathFor(a))).toBe(false);
    const b = join(d, 'b');
    writeFileSync(b, 'ours');
    expect(await writeWithoutOurs(b, '', { sameAsBackup: () => false, deleteFile: true })).toBe('removed');
    expect(existsSync(b)).toBe(false);
    const c = join(d, 'c');
    writeFileSync(c, 'y+ours');
    expect(await writeWithoutOurs(c, 'y2', { sameAsBackup: () => false, deleteFile: false })).toBe('updated');
    expect(readFileSync(c, 'utf8')).toBe('y2');
  });
});
