import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpoint } from '../../../src/engine/checkpoint.js';
import { makeTempRepo } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';
import { checkExitCode } from '../../../src/cli/exit-codes.js';
import { loadProject } from '../../../src/project/project.js';

async function seed(path: string, status: 'in_progress' | 'completed'): Promise<void> {
  const cp = new Checkpoint(path);
  const data = await cp.begin({ runId: 'r-1', startedAt: '2026-08-01T10:00:00.000Z', tag: 'handover', session: 's1', steps: ['collect', 'session_note', 'publish'] });
  data.steps.collect = 'done';
  if (status === 'completed') {
    for (const k of Object.keys(data.steps)) data.steps[k] = 'done';
    data.status = 'completed';
    data.finished_at = '2026-08-01T10:00:01.000Z';
  }
  await cp.write(data);
}

describe('agent-handover check', () => {
  it('0 when no handover ever ran (and writes nothing)', async () => {
    const repo = makeTempRepo();
    const r = await cli(repo.dir, ['check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/clean/);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('');
  });

  it('1 RESUME for an interrupted run, naming the pending steps', async () => {
    const repo = makeTempRepo();
    await seed(join(repo.dir, '.agent-handover', 'checkpoint.json'), 'in_progress');
    const r = await cli(repo.dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('RESUME');
    expect(r.out).toContain('session_note, publish');
    expect(r.out).not.toContain('collect');
  });

  it('in a sub-folder with a stray empty .git, check and the hooks see the same project and state', async () => {
    const repo = makeTempRepo();
    await seed(join(repo.dir, '.agent-handover', 'checkpoint.json'), 'in_progress');
    const sub = join(repo.dir, 'packages', 'app');
    mkdirSync(join(sub, '.git'), { recursive: true });
    // What every hook does first: the project around its folder, then that project's checkpoint.
    const p = await loadProject(sub);
    expect(p.root).toBe(repo.dir);
    const hookView = checkExitCode(await new Checkpoint(p.layout.checkpointPath).status());
    const r = await cli(sub, ['check']);
    expect(hookView).toBe(1);
    expect(r.code).toBe(hookView);
    expect(r.out).toContain('RESUME');
  });

  it('2 for a completed run; --quiet prints nothing', async () => {
    const repo = makeTempRepo();
    await seed(join(repo.dir, '.agent-handover', 'checkpoint.json'), 'completed');
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
    const q = await cli(repo.dir, ['check', '-q']);
    expect(q).toEqual({ code: 2, out: '', err: '' });
  });

  it('2 for an abandoned run, saying so: the bound let later handovers go on', async () => {
    const repo = makeTempRepo();
    const path = join(repo.dir, '.agent-handover', 'checkpoint.json');
    await seed(path, 'completed');
    const cp = new Checkpoint(path);
    const data = (await cp.read())!;
    await cp.write({ ...data, abandoned: { step: 'publish', reason: 'gpg failed' } });
    const r = await cli(repo.dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('was abandoned at 2026-08-01T10:00:01.000Z after its step publish failed');
  });

  it('works from a sub-folder of the work tree', async () => {
    const repo = makeTempRepo();
    await seed(join(repo.dir, '.agent-handover', 'checkpoint.json'), 'in_progress');
    mkdirSync(join(repo.dir, 'src', 'deep'), { recursive: true });
    expect((await cli(join(repo.dir, 'src', 'deep'), ['check'])).code).toBe(1);
  });

  it.each([
    ['garbage', 'not json {'],
    ['an array', '[]'],
    ['a bad status', JSON.stringify({ version: 1, run_id: 'r', status: 'weird', started_at: '2026-08-01T00:00:00Z', tag: 't', session: 's', steps: {}, step_info: {}, meta: {} })],
    ['an empty file', ''],
  ])('3 for %s: stderr names the file and the fix, never RESUME or clean', async (_what, text) => {
    const repo = makeTempRepo();
    const path = join(repo.dir, '.agent-handover', 'checkpoint.json');
    mkdirSync(join(repo.dir, '.agent-handover'));
    writeFileSync(path, text);
    const r = await cli(repo.dir, ['check']);
    expect(r.code).toBe(3);
    expect(r.err).toContain(path);
    expect(r.err).toMatch(/Fix: .*mv /);
    expect(r.out).toBe('');
  });

  it('3 for a checkpoint that is a folder (unreadable)', async () => {
    const repo = makeTempRepo();
    const path = join(repo.dir, '.agent-handover', 'checkpoint.json');
    mkdirSync(path, { recursive: true });
    const r = await cli(repo.dir, ['check']);
    expect(r.code).toBe(3);
    expect(r.err).toContain(path);
  });

  describe('which checkpoint: --checkpoint > $AGENT_HANDOVER_CHECKPOINT > config > default', () => {
    async function fourCheckpoints() {
      const repo = makeTempRepo();
      const paths = { flag: join(repo.dir, 'flag.json'), env: join(repo.dir, 'env.json'), config: join(repo.dir, 'cfg', 'config.json'), def: join(repo.dir, '.agent-handover', 'checkpoint.json') };
      await seed(paths.flag, 'completed'); // 2
      await seed(paths.env, 'in_progress'); // 1
      mkdirSync(join(repo.dir, 'cfg'));
      writeFileSync(paths.config, '{ broken'); // 3
      await seed(paths.def, 'completed'); // 2, but told apart from flag below by removing it
      writeFileSync(join(repo.dir, '.agent-handover.yml'), 'checkpoint: cfg/config.json\n');
      return { repo, paths };
    }

    it('the flag wins over everything', async () => {
      const { repo } = await fourCheckpoints();
      expect((await cli(repo.dir, ['check', '--checkpoint', 'flag.json'], { AGENT_HANDOVER_CHECKPOINT: 'env.json' })).code).toBe(2);
    });

    it('the variable wins over the config and the default', async () => {
      const { repo } = await fourCheckpoints();
      expect((await cli(repo.dir, ['check'], { AGENT_HANDOVER_CHECKPOINT: 'env.json' })).code).toBe(1);
    });

    it('the config wins over the default', async () => {
      const { repo, paths } = await fourCheckpoints();
      const r = await cli(repo.dir, ['check']);
      expect(r.code).toBe(3);
      expect(r.err).toContain(paths.config);
    });

    it('the default when nothing else is given', async () => {
      const { repo } = await fourCheckpoints();
      writeFileSync(join(repo.dir, '.agent-handover.yml'), 'tag: other\n');
      expect((await cli(repo.dir, ['check'])).code).toBe(2);
    });

    it('a flag path that does not exist is clean (0), not a fall-through to the default', async () => {
      const { repo } = await fourCheckpoints();
      expect((await cli(repo.dir, ['check', '--checkpoint', 'nowhere.json'])).code).toBe(0);
    });
  });
});

describe('agent-handover check with a broken .agent-handover.yml', () => {
  it('3, never 1: the checkpoint cannot be located; stderr names the config file, line and fix', async () => {
    const repo = makeTempRepo();
    await seed(join(repo.dir, '.agent-handover', 'checkpoint.json'), 'completed');
    writeFileSync(join(repo.dir, '.agent-handover.yml'), 'git: [commit\n');
    const r = await cli(repo.dir, ['check']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('.agent-handover.yml');
    expect(r.err).toMatch(/Fix: /);
  });
});
