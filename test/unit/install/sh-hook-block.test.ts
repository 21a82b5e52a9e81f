import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BLOCK_END, BLOCK_START, findBlock, foreignInterpreter, hasEarlyExit, isEmptyHook, postCommitBlock, postCommitOneLiner, withBlock, withoutBlock,
} from '../../../src/install/sh-hook-block.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

function fakePostCommit(root: string, marker: string): string {
  const js = join(root, 'dist', 'hooks', 'post-commit.js');
  mkdirSync(join(root, 'dist', 'hooks'), { recursive: true });
  // Prints and exits non-zero on purpose: the block must swallow both.
  writeFileSync(js, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'ran\\n');\nconsole.log('noise');\nprocess.exit(3);\n`);
  writeFileSync(join(root, 'package.json'), '{"name":"agent-handover","type":"module"}');
  return js;
}

describe('the post-commit block', () => {
  test('dev: runs the project copy under sh -eu, prints nothing, never fails', () => {
    const repo = makeTempRepo();
    const marker = join(tempDir(), 'marker');
    fakePostCommit(join(repo.dir, 'node_modules', 'agent-handover'), marker);
    const script = `set -eu\n${postCommitBlock('dev', '')}echo after\n`;
    const out = execFileSync('sh', ['-c', script], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(out).toBe('after\n');
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
  });
  test('dev: silent no-op when the package is missing or outside a repo', () => {
    const script = `set -eu\n${postCommitBlock('dev', '')}echo after\n`;
    expect(execFileSync('sh', ['-c', script], { cwd: tempDir(), encoding: 'utf8' })).toBe('after\n');
  });
  test("global: a path with spaces and quotes", () => {
    const root = join(tempDir(), "it's a dir");
    const marker = join(tempDir(), 'marker');
    const js = fakePostCommit(root, marker);
    execFileSync('sh', ['-c', `set -eu\n${postCommitBlock('global', js)}`], { cwd: tempDir() });
    execFileSync('sh', ['-c', postCommitOneLiner('global', js)], { cwd: tempDir() });
    expect(readFileSync(marker, 'utf8')).toBe('ran\nran\n');
  });
  test('one-liner for hook managers is relative to the work tree top', () => {
    const repo = makeTempRepo();
    const marker = join(tempDir(), 'marker');
    fakePostCommit(join(repo.dir, 'node_modules', 'agent-handover'), marker);
    execFileSync('sh', ['-c', postCommitOneLiner('dev', '')], { cwd: repo.dir });
    expect(existsSync(marker)).toBe(true);
  });
});

describe('editing hook text', () => {
  const block = postCommitBlock('dev', '');
  test('a new hook gets a shebang (plain) or none (husky)', () => {
    expect(withBlock(undefined, block, { shebang: true })).toBe(`#!/bin/sh\n${block}`);
    expect(withBlock(undefined, block, { shebang: false })).toBe(block);
    expect(isEmptyHook(withoutBlock(withBlock(undefined, block, { shebang: true })))).toBe(true);
  });
  test('appending to a foreign hook and removing again gives it back (plus a final newline when it lacked one)', () => {
    for (const foreign of ['#!/bin/bash\necho hi\n', '#!/bin/sh\necho hi']) {
      const joined = withBlock(foreign, block, { shebang: true });
      expect(joined.startsWith(foreign)).toBe(true);
      expect(withBlock(joined, block, { shebang: true })).toBe(joined);
      const back = withoutBlock(joined);
      expect(back === foreign || back === `${foreign}\n`).toBe(true);
      expect(isEmptyHook(back)).toBe(false);
    }
  });
  test('an older block is replaced in place', () => {
    const old = `#!/bin/sh\necho a\n${BLOCK_START} old\nnode x\n${BLOCK_END}\necho b\n`;
    const next = withBlock(old, block, { shebang: true });
    expect(next).toBe(`#!/bin/sh\necho a\n${block}echo b\n`);
    expect(findBlock(next)).toBeDefined();
  });
  test('interpreters we cannot append sh to, and early exits', () => {
    expect(foreignInterpreter('#!/usr/bin/env python3\nprint(1)\n')).toBe('#!/usr/bin/env python3');
    expect(foreignInterpreter('#!/usr/bin/perl\n')).toBe('#!/usr/bin/perl');
    for (const sh of ['#!/bin/sh\n', '#!/usr/bin/env bash\n', '#!/bin/zsh -e\n', 'echo no shebang\n', '#!/usr/bin/env -S bash -e\n']) expect(foreignInterpreter(sh)).toBeUndefined();
    expect(hasEarlyExit('#!/bin/sh\nexec lefthook run post-commit\n')).toBe(true);
    expect(hasEarlyExit('#!/bin/sh\nif x; then\n  exit 1\nfi\n')).toBe(false);
  });
});
