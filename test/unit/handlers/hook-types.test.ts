import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { resolveProjectDir, type HookInput } from '../../../src/handlers/hook-types.js';
import { tempDir } from '../../helpers/repo.js';

const input = (payloadCwd: string | undefined, env: NodeJS.ProcessEnv, cwd: string): HookInput => ({ payload: payloadCwd === undefined ? {} : { cwd: payloadCwd }, env, cwd, args: [] });

describe('resolveProjectDir: the project is the agent\'s project variable', () => {
  it('a payload cwd inside the project narrows it; outside, or missing, it is ignored with the reason', () => {
    const project = tempDir();
    const sub = join(project, 'pkg');
    mkdirSync(sub);
    const other = tempDir();
    const env = { CLAUDE_PROJECT_DIR: project };
    expect(resolveProjectDir(input(sub, env, '/'))).toEqual({ dir: sub });
    expect(resolveProjectDir(input(project, env, '/'))).toEqual({ dir: project });
    const foreign = resolveProjectDir(input(other, env, '/'));
    expect(foreign.dir).toBe(project);
    expect(foreign.ignored).toContain(`ignored the payload's cwd ${other}`);
    const missing = resolveProjectDir(input(join(other, 'no', 'such'), env, '/'));
    expect(missing.dir).toBe(project);
    expect(missing.ignored).toContain('does not exist');
    // A relative cwd that climbs out is outside too.
    expect(resolveProjectDir(input('..', env, '/')).dir).toBe(project);
  });

  it('Gemini and Factory name the project their own way; without any variable the payload cwd (if it exists) or the process folder', () => {
    const project = tempDir();
    const other = tempDir();
    expect(resolveProjectDir(input(other, { GEMINI_PROJECT_DIR: project }, '/')).dir).toBe(project);
    expect(resolveProjectDir(input(other, { FACTORY_PROJECT_DIR: project }, '/')).dir).toBe(project);
    expect(resolveProjectDir(input(other, {}, project))).toEqual({ dir: other });
    expect(resolveProjectDir(input(join(other, 'gone'), {}, project)).dir).toBe(project);
    expect(resolveProjectDir(input(undefined, {}, project))).toEqual({ dir: project });
  });
});
