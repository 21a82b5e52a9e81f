import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeTempRepo } from '../../helpers/repo.js';
import { loadProject } from '../../../src/project/project.js';
import { repairSecret } from '../../../src/pipeline/repair-secret.js';

describe('repairSecret', () => {
  it('redacts a refused memory file in place, keeps the rest, and leaves files outside memory/ or without the secret alone', async () => {
    // Shared mode (the default): the memory folder is the view, .agent-handover/memory.
    const repo = makeTempRepo();
    const p = await loadProject(repo.dir);
    const mem = relative(repo.dir, p.layout.memoryDir);
    expect(mem).toBe(join('.agent-handover', 'memory'));
    const token = `ghp_${'Z9y8X7w6V5'.repeat(3)}qrstuv`;
    const state = join(mem, 'layer2', 'current-state.md');
    repo.write(state, `# Current state\n\nkey ${token} here\n`);
    const fix = await repairSecret(p, join(repo.dir, state));
    expect(fix).toEqual({ path: state, how: 'redacted', kinds: ['github-token'] });
    const text = readFileSync(join(repo.dir, state), 'utf8');
    expect(text).toBe('# Current state\n\nkey [REDACTED:github-token] here\n');
    // Already clean: nothing to repair here.
    expect(await repairSecret(p, join(repo.dir, state))).toBeUndefined();
    // memory/ is not the memory folder in shared mode: a file there is the user's.
    repo.write('memory/layer2/current-state.md', `key ${token}\n`);
    expect(await repairSecret(p, join(repo.dir, 'memory/layer2/current-state.md'))).toBeUndefined();
    expect(readFileSync(join(repo.dir, 'memory/layer2/current-state.md'), 'utf8')).toContain(token);
    // Not ours: never rewritten.
    writeFileSync(join(repo.dir, 'notes.md'), `key ${token}\n`);
    expect(await repairSecret(p, join(repo.dir, 'notes.md'))).toBeUndefined();
    expect(await repairSecret(p, join(p.layout.memoryDir, '..', 'notes.md'))).toBeUndefined();
    expect(readFileSync(join(repo.dir, 'notes.md'), 'utf8')).toContain(token);
  });

  it('branch mode: memory/ is the memory folder', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const p = await loadProject(repo.dir);
    const token = `ghp_${'Z9y8X7w6V5'.repeat(3)}qrstuv`;
    repo.write('memory/layer2/current-state.md', `# Current state\n\nkey ${token} here\n`);
    expect(await repairSecret(p, join(repo.dir, 'memory/layer2/current-state.md'))).toEqual({ path: 'memory/layer2/current-state.md', how: 'redacted', kinds: ['github-token'] });
    expect(readFileSync(join(repo.dir, 'memory/layer2/current-state.md'), 'utf8')).toBe('# Current state\n\nkey [REDACTED:github-token] here\n');
  });
});
