import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';
import { cli, CLAUDE_FIXTURES, FIXTURES_SKIP, HAVE_FIXTURES, hook, snapshotTree } from '../../helpers/cli-io.js';

// v2.0.26: 41 lines with file edits at lines 31 and 39, so a split after line 35 gives two turns that each edit.
const FIXTURE = 'v2.0.26-plan-mode-askuserquestion.jsonl';
const SPLIT = 35;

/** A growing transcript: the first turn now, `nextTurn()` appends the second. */
function growingTranscript(): { path: string; nextTurn(): void } {
  const lines = readFileSync(join(CLAUDE_FIXTURES, FIXTURE), 'utf8').split('\n').filter(Boolean);
  const path = join(tempDir(), 'session.jsonl');
  writeFileSync(path, lines.slice(0, SPLIT).join('\n') + '\n');
  return { path, nextTurn: () => appendFileSync(path, lines.slice(SPLIT).join('\n') + '\n') };
}

async function setup(askMode: boolean): Promise<{ repo: TempRepo; t: ReturnType<typeof growingTranscript>; stop: (extra?: Record<string, unknown>) => ReturnType<typeof hook> }> {
  const repo = makeTempRepo();
  repo.write('.agent-handover.yml', `ask_mode: ${askMode}\n`);
  repo.commitAll('config');
  const t = growingTranscript();
  await hook('session-start', { session_id: 'ask-1', cwd: repo.dir, source: 'startup', transcript_path: t.path }, repo.dir);
  const stop = (extra: Record<string, unknown> = {}) => hook('stop', { session_id: 'ask-1', cwd: repo.dir, transcript_path: t.path, stop_hook_active: false, ...extra }, repo.dir);
  return { repo, t, stop };
}

function decision(stdout: string | undefined): { decision: string; reason: string } | undefined {
  return stdout ? (JSON.parse(stdout) as { decision: string; reason: string }) : undefined;
}

describe.skipIf(!HAVE_FIXTURES)(`ask mode (${HAVE_FIXTURES ? FIXTURE : FIXTURES_SKIP})`, () => {
  it('a turn that edited files with nothing captured since: the Stop blocks once with a reason naming `agent-handover note`', async () => {
    const { repo, stop } = await setup(true);
    const out = await stop();
    expect(out.exitCode).toBe(0);
    const d = decision(out.stdout);
    expect(d?.decision).toBe('block');
    expect(d?.reason).toMatch(/changed \d+ file\(s\)/);
    expect(d?.reason).toContain('agent-handover note --kind decision|gotcha|followup');
    expect(Object.keys(JSON.parse(out.stdout!) as object).sort()).toEqual(['decision', 'reason']);
    // The handover itself still happened.
    expect((await cli(repo.dir, ['check'])).code).toBe(2);
  });

  it('stop_hook_active (the retry after a block): no block', async () => {
    const { stop } = await setup(true);
    const out = await stop({ stop_hook_active: true });
    expect(out).toEqual({ exitCode: 0 });
  });

  it('a capture after the ask: the next editing turn does not block; without one it asks again', async () => {
    const { repo, t, stop } = await setup(true);
    expect(decision((await stop()).stdout)?.decision).toBe('block');
    expect((await cli(repo.dir, ['note', '--kind', 'decision', 'Plan mode stays read-only'], { CLAUDE_CODE_SESSION_ID: 'ask-1' })).code).toBe(0);
    t.nextTurn();
    expect(await stop()).toEqual({ exitCode: 0 });
  });

  it('an editing turn with no capture after an earlier ask: asks again (only stop_hook_active stops a repeat)', async () => {
    const { t, stop } = await setup(true);
    expect(decision((await stop()).stdout)?.decision).toBe('block');
    t.nextTurn();
    expect(decision((await stop()).stdout)?.decision).toBe('block');
  });

  it('a turn that edited nothing: no block', async () => {
    const { stop } = await setup(true);
    await stop({ stop_hook_active: true }); // reads the first turn
    expect(await stop()).toEqual({ exitCode: 0 }); // nothing new in the transcript
  });

  it('a capture made during the turn (before the Stop): no block', async () => {
    const { repo, stop } = await setup(true);
    await cli(repo.dir, ['note', '--kind', 'gotcha', 'AskUserQuestion needs plan mode off'], { CLAUDE_CODE_SESSION_ID: 'ask-1' });
    expect(await stop()).toEqual({ exitCode: 0 });
  });

  it('under PAUSE: no block and nothing written', async () => {
    const { repo, stop } = await setup(true);
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const before = snapshotTree(repo.dir);
    expect(await stop()).toEqual({ exitCode: 0 });
    expect(snapshotTree(repo.dir)).toEqual(before);
  });

  it('ask_mode: false (the default) never blocks', async () => {
    const { t, stop } = await setup(false);
    expect(await stop()).toEqual({ exitCode: 0 });
    t.nextTurn();
    expect(await stop()).toEqual({ exitCode: 0 });
  });
});
