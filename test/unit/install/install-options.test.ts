import { describe, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCi, planInstall } from '../../../src/install/install-options.js';
import { tempDir } from '../../helpers/repo.js';

describe('planInstall', () => {
  test('dev for the project copy, global otherwise and always for user scope', () => {
    const project = tempDir();
    const pkg = join(project, 'node_modules', 'agent-handover');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"agent-handover"}');
    expect(planInstall({ projectDir: project, packageRoot: pkg }).kind).toBe('dev');
    expect(planInstall({ projectDir: project, packageRoot: pkg, scope: 'user' }).kind).toBe('global');
    expect(planInstall({ projectDir: project, packageRoot: tempDir() }).kind).toBe('global');
  });
  test('recognises the exact commands of a checkout not named agent-handover', () => {
    const plan = planInstall({ projectDir: tempDir(), packageRoot: '/src/checkout' });
    expect(plan.isOurs(plan.wanted[0]!.hook.command)).toBe(true);
    expect(plan.isOurs('node "/src/other/dist/hooks/stop.js"')).toBe(false);
  });
  test('rejects agents it cannot install for', () => {
    expect(() => planInstall({ projectDir: '.', packageRoot: '.', agent: 'codex' as 'claude-code' })).toThrow(/Unsupported agent/);
  });
});

describe('isCi', () => {
  test('CI=true/1 yes; unset, empty, 0, false no', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    for (const v of [undefined, '', '0', 'false', 'FALSE']) expect(isCi({ CI: v })).toBe(false);
  });
});
