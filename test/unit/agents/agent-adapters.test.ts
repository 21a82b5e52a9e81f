// What each adapter maps: the agent's payload onto the fields our handlers read, and the context
// onto the envelope the agent reads at session start. Payloads are the captured Copilot ones
// (../shared/fixtures/hooks/copilot) and, for agents with no capture, the documented shapes.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTERS, adapterFor } from '../../../src/agents/registry.js';
import { AGENT_NAMES } from '../../../src/agents/adapter.js';
import { budgetFor } from '../../../src/agents/budget.js';
import { AGENT_KEYS } from '../../../src/config/schema.js';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { runHandler } from '../../../src/hooks/run-handler.js';
import { tempDir } from '../../helpers/repo.js';

const COPILOT = join(process.cwd(), '..', 'shared', 'fixtures', 'hooks', 'copilot');
const captured = (name: string) => JSON.parse(readFileSync(join(COPILOT, name), 'utf8')) as Record<string, unknown>;

describe.skipIf(!existsSync(COPILOT))('Copilot CLI payloads (captured)', () => {
  test('sessionStart: camelCase id and cwd; the transcript is found from the session id under $COPILOT_HOME', () => {
    const p = captured('sessionStart-input-extracted-from-v1.0.74-events.json');
    const home = tempDir();
    const events = join(home, 'session-state', String(p.sessionId), 'events.jsonl');
    mkdirSync(join(events, '..'), { recursive: true });
    writeFileSync(events, '');
    const m = ADAPTERS.copilot.mapPayload(p, { COPILOT_HOME: home });
    expect(m).toMatchObject({ session_id: p.sessionId, cwd: p.cwd, source: 'new', transcript_path: events });
  });

  test('agentStop: transcriptPath and stop_hook_active; sessionEnd: reason', () => {
    const stop = ADAPTERS.copilot.mapPayload(captured('agentStop-input-extracted-from-v1.0.74-events.json'), {});
    expect(stop).toMatchObject({ session_id: '70b173ed-7b83-485a-b71a-5adb0591db07', transcript_path: expect.stringMatching(/events\.jsonl$/), stop_hook_active: false });
    expect(ADAPTERS.copilot.mapPayload(captured('sessionEnd-input-extracted-from-v1.0.64-1-events.json'), {})).toMatchObject({ reason: 'complete' });
  });
});

describe('documented payloads', () => {
  test('Cursor: conversation_id when there is no session_id, the first workspace root as cwd', () => {
    const m = ADAPTERS.cursor.mapPayload({ conversation_id: 'c-1', generation_id: 'g', hook_event_name: 'sessionStart', workspace_roots: ['/w/app', '/w/lib'], transcript_path: '/t.jsonl' }, {});
    expect(m).toMatchObject({ session_id: 'c-1', cwd: '/w/app', transcript_path: '/t.jsonl' });
  });

  test('Cline: taskId is the session, workspaceRoots the folder, the task history is found under ~/.cline', () => {
    const home = tempDir();
    const file = join(home, '.cline', 'data', 'tasks', '1764590000000', 'api_conversation_history.json');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '[]');
    const m = ADAPTERS.cline.mapPayload({ taskId: '1764590000000', hookName: 'TaskResume', workspaceRoots: ['/w/app'], taskStart: { task: 'x' } }, { HOME: home });
    expect(m).toMatchObject({ session_id: '1764590000000', cwd: '/w/app', source: 'resume', transcript_path: file });
  });

  test("Gemini, Droid: the agent's project variable names the project", () => {
    expect(ADAPTERS.gemini.mapPayload({ session_id: 's', cwd: '/w/app/sub' }, { GEMINI_PROJECT_DIR: '/w/app' })).toMatchObject({ cwd: '/w/app' });
    expect(ADAPTERS.droid.mapPayload({ session_id: 's', cwd: '/w/app/sub' }, { FACTORY_PROJECT_DIR: '/w/app' })).toMatchObject({ cwd: '/w/app' });
    expect(ADAPTERS.codex.mapPayload({ session_id: 's', cwd: '/w/app' }, {})).toMatchObject({ cwd: '/w/app' });
  });
});

// The fields each envelope may carry, as the tests read them.
type Out = { hookSpecificOutput: { additionalContext: string }; continue?: boolean; additional_context?: string; additionalContext?: string; cancel?: boolean; contextModification?: string };

describe('session-start envelopes', () => {
  const ctx = 'line one\n"quoted" line two';
  test.each([
    ['claude-code', (o: Out) => o.hookSpecificOutput.additionalContext],
    ['codex', (o: Out) => o.hookSpecificOutput.additionalContext],
    ['gemini', (o: Out) => o.hookSpecificOutput.additionalContext],
    ['droid', (o: Out) => o.hookSpecificOutput.additionalContext],
    ['opencode', (o: Out) => o.hookSpecificOutput.additionalContext],
    ['cursor', (o: Out) => (expect(o.continue).toBe(true), o.additional_context)],
    ['copilot', (o: Out) => o.additionalContext],
    ['cline', (o: Out) => (expect(o.cancel).toBe(false), o.contextModification)],
  ] as const)('%s', (name, pick) => {
    const out = adapterFor(name).startOutput(ctx);
    expect(out.includes('\n')).toBe(false); // one line: Cline reads a single JSON line
    expect(pick(JSON.parse(out) as Out)).toBe(ctx);
  });

  test('agents that parse stdout as JSON get JSON even when a hook fails or has nothing to say', async () => {
    for (const [agent, expected] of [['gemini', '{}'], ['cline', '{"cancel":false}'], ['codex', undefined], ['claude-code', undefined]] as const) {
      const failing = await runHandler('stop', '{"session_id":"s"}', { cwd: tempDir(), env: {}, args: ['--agent', agent] }, async () => {
        throw new Error('boom');
      });
      expect(failing.stdout).toBe(expected);
      const unknown = await runHandler('no-such-event', '{}', { cwd: tempDir(), env: {}, args: [`--agent=${agent}`] }, undefined);
      expect(unknown.stdout).toBe(expected);
    }
  });

  test('--agent is taken out of the arguments and handed to the handler, with the payload mapped', async () => {
    let seen: { agent?: string; args: string[]; session?: string } | undefined;
    await runHandler('stop', JSON.stringify({ sessionId: 'cp-1', cwd: '/x' }), { cwd: '/', env: {}, args: ['--agent', 'copilot', '--worker', 'f'] }, async (input) => {
      seen = { ...(input.agent ? { agent: input.agent } : {}), args: input.args, ...(input.payload.session_id ? { session: input.payload.session_id } : {}) };
      return { exitCode: 0 };
    });
    expect(seen).toEqual({ agent: 'copilot', args: ['--worker', 'f'], session: 'cp-1' });
  });
});

describe('budgets', () => {
  test('each agent within its cap; context.agents overrides; Claude Code keeps context.budget', () => {
    const c = DEFAULT_CONFIG;
    expect(budgetFor(c, ADAPTERS['claude-code'])).toBe(8000);
    expect(budgetFor(c, ADAPTERS.codex)).toBe(7000); // ~2,500 tokens = ~10,000 UTF-8 bytes, with room for non-ASCII
    expect(budgetFor(c, ADAPTERS.copilot)).toBe(2000); // repeated every turn
    expect(budgetFor({ context: { budget: 1500 } }, ADAPTERS.codex)).toBe(1500);
    expect(budgetFor({ context: { budget: 8000, agents: { copilot: 900 } } }, ADAPTERS.copilot)).toBe(900);
  });

  test('the config schema knows every agent', () => {
    expect([...AGENT_KEYS]).toEqual([...AGENT_NAMES]);
  });
});

describe('through the hook runner and the config file', () => {
  test('`hook session-start --agent copilot` answers in the Copilot envelope and records the session as Copilot\'s', async () => {
    const { makeTempRepo } = await import('../../helpers/repo.js');
    const { runHook } = await import('../../../src/hooks/run-hook.js');
    const { readSessionState } = await import('../../../src/session/session-state.js');
    const { layoutFor } = await import('../../../src/config/layout.js');
    const repo = makeTempRepo();
    const out = await runHook('session-start', JSON.stringify({ sessionId: 'cp-9', cwd: repo.dir, source: 'new', timestamp: 1 }), { cwd: repo.dir, env: { ...repo.env }, args: ['--agent', 'copilot'] });
    const parsed = JSON.parse(out.stdout!) as { additionalContext: string };
    expect(parsed.additionalContext).toMatch(/^# Project memory/);
    expect((await readSessionState(layoutFor(repo.dir), 'cp-9'))?.agent).toBe('copilot');
  });

  test('context.agents in .agent-handover.yml sets one agent\'s budget; an unknown agent there is an error that names it', async () => {
    const { parseConfig } = await import('../../../src/config/parse.js');
    const c = parseConfig('context:\n  budget: 6000\n  agents:\n    copilot: 1500\n', '.agent-handover.yml');
    expect(budgetFor(c, ADAPTERS.copilot)).toBe(1500);
    expect(budgetFor(c, ADAPTERS.codex)).toBe(6000);
    expect(() => parseConfig('context:\n  agents:\n    copilt: 1500\n', '.agent-handover.yml')).toThrow(/copilt/);
  });
});

describe('logs found when the payload has no path', () => {
  test('Codex: transcript_path null, the rollout found by the thread id in the recent day folders', () => {
    const home = tempDir();
    const id = '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const now = new Date();
    const day = join(home, '.codex', 'sessions', String(now.getFullYear()), String(now.getMonth() + 1).padStart(2, '0'), String(now.getDate()).padStart(2, '0'));
    mkdirSync(day, { recursive: true });
    const file = join(day, `rollout-2026-11-30T10-00-00-${id}.jsonl`);
    writeFileSync(file, '');
    expect(ADAPTERS.codex.mapPayload({ session_id: id, transcript_path: null }, { HOME: home }).transcript_path).toBe(file);
    expect(ADAPTERS.codex.mapPayload({ session_id: 'other', transcript_path: null }, { HOME: home }).transcript_path).toBeNull();
  });

  test('Cursor: no transcript_path, the agent transcript found by the conversation id', () => {
    const home = tempDir();
    const file = join(home, '.cursor', 'projects', 'Users-me-app', 'agent-transcripts', 'conv-1', 'conv-1.jsonl');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    expect(ADAPTERS.cursor.mapPayload({ conversation_id: 'conv-1', workspace_roots: ['/w'] }, { HOME: home }).transcript_path).toBe(file);
  });
});
