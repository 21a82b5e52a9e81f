import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { HandoverEngine } from '../../../src/engine/engine.js';
import { Step } from '../../../src/engine/step.js';
import { describe, expect, it } from 'vitest';
import { HandoverError, ValidationError } from '../../../src/errors.js';
import { customStepAsStep, OUTPUT_TAIL_BYTES, runCustomStep, stepAppliesTo, type CustomStepSpec } from '../../../src/pipeline/custom-step.js';
import type { StepContext } from '../../../src/engine/step.js';
import { tempDir } from '../../helpers/repo.js';
import { REQUIRE_SHIM } from '../../../scripts/lib/require-shim.mjs';

const spec = (over: Partial<CustomStepSpec>): CustomStepSpec => ({ name: 't', run: 'true', timeout: 30, env: {}, retries: 0, ...over });
const ctxFor = (root: string, over: Partial<Parameters<typeof runCustomStep>[1]> = {}) => ({
  root,
  factsPath: join(root, 'facts.json'),
  event: 'stop',
  runId: 'run-1',
  attempt: 1,
  ...over,
});

/** Alive and not a zombie (a container's PID 1 may never reap the orphans we kill). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}
const readPid = (file: string) => Number(readFileSync(file, 'utf8').trim());

describe('runCustomStep', () => {
  it('runs a string with sh -c and reports success and output', async () => {
    const root = tempDir();
    const r = await runCustomStep(spec({ run: 'echo hello && echo oops >&2' }), ctxFor(root));
    expect(r).toMatchObject({ ok: true, code: 0, signal: null, timedOut: false, tries: 1 });
    expect(r.output).toContain('hello');
    expect(r.output).toContain('oops');
  });

  it('runs an array as argv without a shell', async () => {
    const root = tempDir();
    const r = await runCustomStep(spec({ run: [process.execPath, '-e', 'console.log(process.argv[1])', '$HOME; echo x'] }), ctxFor(root));
    expect(r.ok).toBe(true);
    expect(r.output.trim()).toBe('$HOME; echo x');
  });

  it('a non-zero exit is a failed result with the code', async () => {
    const r = await runCustomStep(spec({ run: 'echo bad; exit 3' }), ctxFor(tempDir()));
    expect(r).toMatchObject({ ok: false, code: 3, timedOut: false });
    expect(r.output).toContain('bad');
  });

  it('a command that does not exist is a failed result, not a throw', async () => {
    const r = await runCustomStep(spec({ run: ['definitely-not-a-command-ah'] }), ctxFor(tempDir()));
    expect(r).toMatchObject({ ok: false, code: null });
    expect(r.output).toMatch(/could not start the command: .*ENOENT/);
  });

  it('an argv the OS cannot take (empty, NUL byte) is a failed result, not a throw', async () => {
    expect(await runCustomStep(spec({ run: [] }), ctxFor(tempDir()))).toMatchObject({ ok: false, code: null });
    expect(await runCustomStep(spec({ run: ['echo', 'a\u0000b'] }), ctxFor(tempDir()))).toMatchObject({ ok: false, code: null });
  });

  it('the step sees the facts file, event, run id, attempt, its own env and the process env', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'facts.json'), '{"commits":2}');
    process.env.AH_TEST_INHERITED = 'inherited';
    try {
      const r = await runCustomStep(
        spec({
          name: 'envcheck',
          run: 'cat "$AGENT_HANDOVER_FACTS" > seen.txt; printf "\\n%s|%s|%s|%s|%s|%s\\n" "$AGENT_HANDOVER_EVENT" "$AGENT_HANDOVER_RUN_ID" "$AGENT_HANDOVER_ATTEMPT" "$AGENT_HANDOVER_STEP" "$FOO" "$AH_TEST_INHERITED" >> seen.txt',
          env: { FOO: 'bar', AGENT_HANDOVER_EVENT: 'spoofed' },
        }),
        ctxFor(root, { event: 'session_end', runId: 'r-42', attempt: 2 }),
      );
      expect(r.ok).toBe(true);
      expect(readFileSync(join(root, 'seen.txt'), 'utf8')).toBe('{"commits":2}\nsession_end|r-42|2|envcheck|bar|inherited\n');
    } finally {
      delete process.env.AH_TEST_INHERITED;
    }
  });

  it('does not pass a git hook GIT_DIR / GIT_INDEX_FILE on to the step', async () => {
    const root = tempDir();
    process.env.GIT_INDEX_FILE = '/nonexistent/index';
    try {
      const r = await runCustomStep(spec({ run: 'echo "[${GIT_INDEX_FILE:-unset}]"' }), ctxFor(root));
      expect(r.output.trim()).toBe('[unset]');
    } finally {
      delete process.env.GIT_INDEX_FILE;
    }
  });

  it('a timeout kills the whole process group: the sleep and the child it started', async () => {
    const root = tempDir();
    const r = await runCustomStep(spec({ run: 'sleep 30 & echo $! > child.pid; echo started; sleep 30', timeout: 1 }), ctxFor(root, { killGraceMs: 200 }));
    expect(r).toMatchObject({ ok: false, timedOut: true });
    expect(r.output).toContain('started');
    expect(r.output).toContain('timed out after 1s');
    expect(await gone(readPid(join(root, 'child.pid')))).toBe(true);
  });

  it('a step that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
    const root = tempDir();
    const r = await runCustomStep(
      spec({ run: [process.execPath, '-e', "process.on('SIGTERM',()=>{});require('fs').writeFileSync('self.pid',String(process.pid));console.log('ready');setInterval(()=>{},1000)"], timeout: 1 }),
      ctxFor(root, { killGraceMs: 200 }),
    );
    expect(r).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL' });
    expect(await gone(readPid(join(root, 'self.pid')))).toBe(true);
  });

  it('a background child that keeps the pipes open does not hold the step', async () => {
    const root = tempDir();
    const r = await runCustomStep(spec({ run: 'sleep 30 & echo $! > bg.pid; echo done' }), ctxFor(root));
    const pid = readPid(join(root, 'bg.pid'));
    try {
      expect(r).toMatchObject({ ok: true, code: 0 });
      expect(r.output).toContain('done');
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('runs the command once per call, whatever `retries` says: the engine tries again, at the next handover', async () => {
    const root = tempDir();
    const r = await runCustomStep(spec({ run: 'echo x >> tries; exit 7', retries: 2 }), ctxFor(root));
    expect(r).toMatchObject({ ok: false, code: 7, tries: 1 });
    expect(readFileSync(join(root, 'tries'), 'utf8')).toBe('x\n');
  });

  it('a later attempt first ends what an earlier attempt of the same step left running (its hook was SIGKILLed)', async () => {
    const root = tempDir();
    const marks = { AGENT_HANDOVER_RUN_ID: 'run-1', AGENT_HANDOVER_STEP: 't', AGENT_HANDOVER_ROOT: resolve(root) };
    const left = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore', env: { ...process.env, ...marks } });
    // Another run's copy of the same step is not ours to end.
    const other = spawn('sh', ['-c', 'sleep 30'], { detached: true, stdio: 'ignore', env: { ...process.env, ...marks, AGENT_HANDOVER_RUN_ID: 'run-0' } });
    try {
      for (let i = 0; i < 100 && !existsSync(`/proc/${left.pid}/environ`); i++) await new Promise((res) => setTimeout(res, 20));
      const r = await runCustomStep(spec({ run: 'true' }), ctxFor(root, { attempt: 2 }));
      expect(r).toMatchObject({ ok: true, tries: 1 });
      expect(r.leftovers).toBeGreaterThanOrEqual(1);
      expect(await gone(left.pid!)).toBe(true);
      expect(alive(other.pid!)).toBe(true);
    } finally {
      for (const c of [left, other]) {
        try {
          process.kill(-c.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });

  it('keeps only a bounded tail of the output', async () => {
    const r = await runCustomStep(spec({ run: [process.execPath, '-e', "process.stdout.write('é'.repeat(50000)+'THE-END')"] }), ctxFor(tempDir()));
    expect(r.ok).toBe(true);
    expect(Buffer.byteLength(r.output)).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
    expect(r.output.endsWith('THE-END')).toBe(true);
    expect(r.output).not.toContain('\uFFFD');
  });

  it('runs in cwd inside the root', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'docs'));
    const r = await runCustomStep(spec({ run: 'pwd', cwd: 'docs' }), ctxFor(root));
    expect(r.output.trim()).toBe(join(root, 'docs'));
  });

  it('refuses a cwd that escapes the root, by .. or by a symlink, and runs nothing', async () => {
    const root = tempDir();
    const outside = tempDir();
    symlinkSync(outside, join(root, 'link'));
    await expect(runCustomStep(spec({ run: 'touch ran', cwd: '../' }), ctxFor(root))).rejects.toBeInstanceOf(ValidationError);
    await expect(runCustomStep(spec({ run: 'touch ran', cwd: 'link' }), ctxFor(root))).rejects.toBeInstanceOf(ValidationError);
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('a cwd that does not exist is a failed result', async () => {
    const r = await runCustomStep(spec({ run: 'true', cwd: 'missing' }), ctxFor(tempDir()));
    expect(r).toMatchObject({ ok: false, tries: 0 });
    expect(r.output).toContain('does not exist');
  });
});

describe('customStepAsStep', () => {
  const stepCtx = (runDir: string, event?: string): StepContext => ({
    runId: 'r1',
    startedAt: '2026-08-01T00:00:00.000Z',
    tag: 'handover',
    session: 's1',
    runDir,
    attempt: 1,
    meta: event ? { event } : {},
  });

  it('passes runDir/facts.json and succeeds', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'facts.json'), 'F');
    const step = customStepAsStep(spec({ name: 'docs', run: 'cat "$AGENT_HANDOVER_FACTS" > got' }), root);
    expect(step.name).toBe('docs');
    expect(await step.run(stepCtx(root, 'stop'))).toBe(true);
    expect(readFileSync(join(root, 'got'), 'utf8')).toBe('F');
  });

  it('is done without running for an event outside `when:`', async () => {
    const root = tempDir();
    const step = customStepAsStep(spec({ run: 'touch ran', when: ['session_end'] }), root);
    expect(await step.run(stepCtx(root, 'stop'))).toBe(true);
    expect(existsSync(join(root, 'ran'))).toBe(false);
    expect(stepAppliesTo({ when: ['session_end'] }, 'session_end')).toBe(true);
    expect(stepAppliesTo({}, 'anything')).toBe(true);
  });

  it('throws a typed error with the output tail when the command fails, so the step stays pending', async () => {
    const root = tempDir();
    const step = customStepAsStep(spec({ name: 'docs', run: 'echo broken-build; exit 2' }), root);
    const err = await Promise.resolve(step.run(stepCtx(root))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoverError);
    expect((err as HandoverError).code).toBe('CUSTOM_STEP_FAILED');
    expect((err as HandoverError).message).toContain('exit code 2');
    expect((err as HandoverError).message).toContain('broken-build');
  });
});

describe('custom steps under the checkpointed engine', () => {
  const counter = (root: string, name: string) => new Step(name, () => void appendFileSync(join(root, 'log'), `${name}\n`));

  it('a failed custom step stays pending and runs again on resume; done steps do not re-run', async () => {
    const root = tempDir();
    const docs = customStepAsStep(spec({ name: 'docs', run: 'echo "docs $AGENT_HANDOVER_ATTEMPT" >> log; [ -f fixed ]' }), root);
    const engine = () => new HandoverEngine({ steps: [counter(root, 'a'), docs, counter(root, 'b')], checkpoint: join(root, 'state/checkpoint.json') });
    const first = await engine().run({ meta: { event: 'stop' } });
    expect(first).toMatchObject({ status: 'failed', failedStep: 'docs', ran: ['a'] });
    expect(first.checkpoint?.steps).toMatchObject({ a: 'done', docs: 'pending', b: 'pending' });
    writeFileSync(join(root, 'fixed'), '');
    const second = await engine().run();
    expect(second).toMatchObject({ status: 'completed', resumed: true, ran: ['docs', 'b'], skipped: ['a'] });
    expect(readFileSync(join(root, 'log'), 'utf8')).toBe('a\ndocs 1\ndocs 2\nb\n');
  });

  it('a custom step whose handover process is killed mid-way resumes in the next run', async () => {
    const root = tempDir();
    const driver = join(root, 'driver.mjs');
    const src = resolve('src');
    await build({
      stdin: {
        contents: `
          import { appendFileSync } from 'node:fs';
          import { join } from 'node:path';
          import { HandoverEngine } from ${JSON.stringify(join(src, 'engine/engine.ts'))};
          import { Step } from ${JSON.stringify(join(src, 'engine/step.ts'))};
          import { customStepAsStep } from ${JSON.stringify(join(src, 'pipeline/custom-step.ts'))};
          const root = process.argv[2];
          const docs = customStepAsStep({ name: 'docs', run: 'echo $$ > step.pid; echo start >> log; [ -f fixed ] || sleep 30; echo end >> log', timeout: 60, env: {}, retries: 0 }, root);
          const a = new Step('a', () => void appendFileSync(join(root, 'log'), 'a\\n'));
          await new HandoverEngine({ steps: [a, docs], checkpoint: join(root, 'state/checkpoint.json') }).run({ meta: { event: 'run' } });
        `,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: driver,
      banner: { js: REQUIRE_SHIM },
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [driver, root], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 400 && !(existsSync(join(root, 'log')) && readFileSync(join(root, 'log'), 'utf8').includes('start')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(join(root, 'log'), 'utf8')).toBe('a\nstart\n');
    child.kill('SIGKILL');
    await exited;
    // The step runs in its own process group, so it outlives its SIGKILLed parent, until the next attempt ends it.
    const orphan = readPid(join(root, 'step.pid'));
    expect(alive(orphan)).toBe(true);

    writeFileSync(join(root, 'fixed'), '');
    const docs = customStepAsStep(spec({ name: 'docs', run: 'echo start >> log; [ -f fixed ] || sleep 30; echo end >> log' }), root);
    const a = new Step('a', () => void appendFileSync(join(root, 'log'), 'a\n'));
    const r = await new HandoverEngine({ steps: [a, docs], checkpoint: join(root, 'state/checkpoint.json') }).run();
    expect(r).toMatchObject({ status: 'completed', resumed: true, ran: ['docs'], skipped: ['a'] });
    expect(readFileSync(join(root, 'log'), 'utf8')).toBe('a\nstart\nstart\nend\n');
    expect(await gone(orphan)).toBe(true);
  });

  it('a hook that exits (its deadline, a signal, its end) takes the step\'s whole process group with it', async () => {
    const root = tempDir();
    const driver = join(root, 'driver.mjs');
    await build({
      stdin: {
        contents: `
          import { existsSync, readFileSync } from 'node:fs';
          import { join } from 'node:path';
          import { runCustomStep } from ${JSON.stringify(join(resolve('src'), 'pipeline/custom-step.ts'))};
          const root = process.argv[2];
          void runCustomStep({ name: 'docs', run: 'sleep 30 & echo $! > child.pid; echo $$ > step.pid; wait', timeout: 60, env: {}, retries: 0 }, { root, factsPath: join(root, 'facts.json'), event: 'stop', runId: 'r', attempt: 1 });
          const t = setInterval(() => { if (existsSync(join(root, 'step.pid')) && readFileSync(join(root, 'step.pid'), 'utf8').trim()) { clearInterval(t); process.exit(0); } }, 20);
        `,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: driver,
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [driver, root], { stdio: 'ignore' });
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(await gone(readPid(join(root, 'step.pid')))).toBe(true);
    expect(await gone(readPid(join(root, 'child.pid')))).toBe(true);
  });
});
