import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadConfig } from '../../../src/config/load.js';
import { layoutFromConfig } from '../../../src/config/layout.js';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { tempDir } from '../../helpers/repo.js';

describe('loadConfig', () => {
  it('no file: the defaults, with no source', async () => {
    const root = tempDir();
    const c = await loadConfig(root);
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.source).toBeUndefined();
    c.steps.pop(); // a fresh copy: the caller may change it
    expect(DEFAULT_CONFIG.steps).toHaveLength(5);
  });

  it('reads .agent-handover.yml at the root', async () => {
    const root = tempDir();
    writeFileSync(join(root, '.agent-handover.yml'), 'tag: team\ngit:\n  push: true\n');
    const c = await loadConfig(root);
    expect(c.tag).toBe('team');
    expect(c.git).toEqual({ ...DEFAULT_CONFIG.git, push: true });
    expect(c.source).toBe(join(root, '.agent-handover.yml'));
  });

  it('an invalid file throws a ConfigError naming the absolute file, line and column', async () => {
    const root = tempDir();
    writeFileSync(join(root, '.agent-handover.yml'), 'tag: ok\ncontext:\n  budget: 20\n');
    const err = await loadConfig(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CONFIG_INVALID');
    expect((err as ConfigError).message).toContain(`${join(root, '.agent-handover.yml')}:3:11: context.budget: must be from 500 to 10000 (got 20)`);
  });

  it('--config F: relative to the root, and a missing explicit file is an error', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'cfg'));
    writeFileSync(join(root, 'cfg/ci.yml'), 'ask_mode: true\n');
    expect((await loadConfig(root, { path: 'cfg/ci.yml' })).askMode).toBe(true);
    const err = await loadConfig(root, { path: 'cfg/nope.yml' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe(join(root, 'cfg/nope.yml'));
  });

  it('an unreadable config (a folder in its place) is a ConfigError, not a crash', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.agent-handover.yml'));
    await expect(loadConfig(root)).rejects.toBeInstanceOf(ConfigError);
  });

  it('does not statically import ajv or yaml, so a hook without a config never loads them', () => {
    const seen = new Set<string>();
    const heavy: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/^\s*(?:import|export)\s(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
        else if (/^(ajv|yaml)(\/|$)/.test(spec)) heavy.push(`${file} -> ${spec}`);
      }
    };
    walk(resolve('src/config/load.ts'));
    expect(seen.size).toBeGreaterThan(2);
    expect(heavy).toEqual([]);
    expect(readFileSync('src/config/parse.ts', 'utf8')).toMatch(/from 'yaml'/); // the walker does see real imports
  });
});

describe('layoutFromConfig', () => {
  it('resolves memory, checkpoint and pause files against the root and ~', () => {
    const root = tempDir();
    const env = { HOME: process.env.HOME } as NodeJS.ProcessEnv;
    const l = layoutFromConfig(root, { ...structuredClone(DEFAULT_CONFIG), memoryRoot: 'docs/mem', checkpoint: 'state/cp.json', pauseFiles: ['STOP', '~/x/PAUSE'], source: join(root, 'c.yml') }, env);
    // Shared mode (the default): the readable copy lives in our own folder, never over a user folder of that name.
    expect(l.memoryDir).toBe(join(root, '.agent-handover', 'docs/mem'));
    const branch = structuredClone(DEFAULT_CONFIG);
    branch.git.mode = 'branch';
    expect(layoutFromConfig(root, { ...branch, memoryRoot: 'docs/mem' }, env).memoryDir).toBe(join(root, 'docs/mem'));
    expect(l.checkpointPath).toBe(join(root, 'state/cp.json'));
    expect(l.pauseFiles).toEqual([join(root, 'STOP'), join(process.env.HOME!, 'x/PAUSE')]);
    expect(l.configPath).toBe(join(root, 'c.yml'));
  });

  it('keeps $AGENT_HANDOVER_PAUSE and $AGENT_HANDOVER_CHECKPOINT working', () => {
    const root = tempDir();
    const l = layoutFromConfig(root, structuredClone(DEFAULT_CONFIG), { AGENT_HANDOVER_PAUSE: 'P2', AGENT_HANDOVER_CHECKPOINT: 'cp2.json' });
    expect(l.pauseFiles).toContain(join(root, 'P2'));
    expect(l.checkpointPath).toBe(join(root, 'cp2.json'));
  });
});
