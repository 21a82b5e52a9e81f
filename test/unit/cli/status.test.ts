import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';

interface StatusJson {
  root: string;
  checkpoint: string;
  run: { state: string; runId?: string; session?: string; tag?: string; steps?: { name: string; state: string; attempts: number; lastError?: string }[]; lastError?: string; error?: string; fix?: string };
  paused: string | null;
  memory: { layer1: number; layer2: number; layer3: number };
}

async function statusJson(dir: string): Promise<{ code: number; json: StatusJson }> {
  const r = await cli(dir, ['status', '--json']);
  return { code: r.code, json: JSON.parse(r.out) as StatusJson };
}

describe('agent-handover status', () => {
  it('--json on a fresh repository: no run, not paused, no memory', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    const { code, json } = await statusJson(repo.dir);
    expect(code).toBe(0);
    expect(json.root).toBe(repo.dir);
    expect(json.checkpoint).toBe(join(repo.dir, '.agent-handover', 'checkpoint.json'));
    expect(json.run).toEqual({ state: 'none' });
    expect(json.paused).toBeNull();
    expect(json.memory).toEqual({ layer1: 0, layer2: 0, layer3: 0 });
  });

  it('after a completed run: every step done once, memory counted', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    expect((await cli(repo.dir, ['run', '--session', 'st-1'])).code).toBe(0);
    const { code, json } = await statusJson(repo.dir);
    expect(code).toBe(0);
    expect(json.run.state).toBe('completed');
    expect(json.run.session).toBe('st-1');
    expect(json.run.tag).toBe('handover');
    expect(json.run.steps?.map((s) => s.name)).toEqual(['collect', 'session_note', 'current_state', 'compact', 'publish']);
    for (const s of json.run.steps ?? []) expect(s).toMatchObject({ state: 'done', attempts: 1 });
    expect(json.run.lastError).toBeUndefined();
    expect(json.memory).toEqual({ layer1: 1, layer2: 1, layer3: 0 });
  });

  it('a failed step: in_progress, its attempts and last error, at run level too', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'memory'), 'a file where the memory folder should be\n');
    expect((await cli(repo.dir, ['run', '--session', 'st-2'])).code).toBe(1);
    expect((await cli(repo.dir, ['run', '--session', 'st-2'])).code).toBe(1);
    const { code, json } = await statusJson(repo.dir);
    expect(code).toBe(0);
    expect(json.run.state).toBe('in_progress');
    const steps = Object.fromEntries((json.run.steps ?? []).map((s) => [s.name, s]));
    expect(steps.collect).toMatchObject({ state: 'done', attempts: 1 });
    expect(steps.session_note).toMatchObject({ state: 'pending', attempts: 2 });
    expect(steps.session_note?.lastError).toMatch(/memory/);
    expect(steps.publish).toMatchObject({ state: 'pending', attempts: 0 });
    expect(json.run.lastError).toBe(steps.session_note?.lastError);
    // The human form says the same.
    const text = await cli(repo.dir, ['status']);
    expect(text.out).toMatch(/session_note \(pending, attempts 2\): .*memory/);
    rmSync(join(repo.dir, 'memory'));
  });

  it('PAUSE is reported (and status writes nothing while paused)', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const { json } = await statusJson(repo.dir);
    expect(json.paused).toBe(join(repo.dir, 'PAUSE'));
    expect((await cli(repo.dir, ['status'])).out).toMatch(/PAUSE: +\S*PAUSE/);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('?? PAUSE\n');
  });

  it('an unreadable checkpoint: exit 3, state unreadable with the error and the fix', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    mkdirSync(join(repo.dir, '.agent-handover'));
    writeFileSync(join(repo.dir, '.agent-handover', 'checkpoint.json'), '{"version":1');
    const r = await cli(repo.dir, ['status', '--json']);
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out) as StatusJson;
    expect(json.run.state).toBe('unreadable');
    expect(json.run.error).toContain('checkpoint.json');
    expect(json.run.fix).toMatch(/mv /);
    const text = await cli(repo.dir, ['status']);
    expect(text.code).toBe(3);
    expect(text.out).toContain('Fix:');
  });
});

describe('agent-handover status with a broken .agent-handover.yml', () => {
  it('still prints JSON with the defaults, names the config error, and exits 3', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    writeFileSync(join(repo.dir, '.agent-handover.yml'), 'context:\n  budget: 3\n');
    const r = await cli(repo.dir, ['status', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out) as { configError: { error: string; fix: string }; run: { state: string } };
    expect(j.configError.error).toMatch(/context\.budget/);
    expect(j.run.state).toBe('none');
  });
});
