// Every agent, end to end, against the packed package installed as a devDependency: install-hooks
// --agent all on top of other tools' real configs, each agent's hooks run as that agent runs them
// (its shell, folder, env, payload, timeout unit), a session replayed from that agent's log (real
// where one exists, hand-made from the docs where none does), and the next session's start gets
// the context in that agent's envelope. One memory: every note says which agent wrote it.
// Uninstall then restores every config file byte for byte.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileScopedRepo, frontmatter, installedProject, type InstalledProject } from '../helpers/installed-project.js';
import { agentHook } from '../helpers/agent-hooks.js';
import { readSessionLog } from '../../src/session/read-session-log.js';

const SHARED = join(process.cwd(), '..', 'shared', 'fixtures');
const T = join(SHARED, 'transcripts');
const HAND = join(process.cwd(), 'test', 'fixtures', 'agents');
const skip = !existsSync(T) || !existsSync(join(SHARED, 'hooks'));
if (skip) console.warn(`e2e-agents skipped: ${SHARED} (../shared/fixtures/) is absent`);

const PRE_EXISTING: Record<string, string> = {
  '.codex/hooks.json': 'codex/beads-codex-plugin-hooks.json',
  '.gemini/settings.json': 'gemini/entire-cli-gemini-settings.json',
  '.cursor/hooks.json': 'cursor/claude-mem-cursor-hooks.json',
  '.github/hooks/entire.json': 'copilot/oh-my-posh-entire-github-hooks.json',
};

function place(from: string, to: string): string {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return to;
}

/** Files under the agents' folders and .git/info/exclude, with their bytes. */
function agentFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'base64'));
    }
  };
  for (const f of ['.codex', '.gemini', '.cursor', '.github', '.clinerules', '.opencode', '.factory']) walk(join(dir, f));
  out.set('.git/info/exclude', readFileSync(join(dir, '.git', 'info', 'exclude'), 'base64'));
  return out;
}

async function someRequestIn(agent: string, log: string, context: string): Promise<void> {
  const { facts } = await readSessionLog(agent, log);
  const flat = context.replace(/\s+/g, ' ');
  expect(facts.requests.length).toBeGreaterThan(0);
  expect(facts.requests.some((r) => flat.includes(r.replace(/\s+/g, ' ').slice(0, 30))), `a request of ${log} in:\n${context}`).toBe(true);
}

/** The context names the session and its agent on one line (the session's heading). */
function namesAgent(context: string, session: string, agent: string): void {
  expect(context.split('\n').some((l) => l.includes(session) && new RegExp(`\\b${agent}\\b`).test(l.replace(session, ''))), `${session} by ${agent} in:\n${context}`).toBe(true);
}

function lastSessionNote(p: InstalledProject, session: string): Record<string, string> {
  const note = p.notes().find((n) => n.endsWith(`-${session}.md`));
  expect(note, `note of ${session}`).toBeDefined();
  return frontmatter(p.read(note!));
}

describe.skipIf(skip)('every agent, installed and driven as it drives its hooks', () => {
  let repo: ReturnType<typeof fileScopedRepo>;
  let p: InstalledProject;
  let before: Map<string, string>;

  beforeAll(() => {
    repo = fileScopedRepo();
    p = installedProject({ repo });
    for (const [rel, fixture] of Object.entries(PRE_EXISTING)) place(join(SHARED, 'hooks', fixture), join(p.dir, rel));
    for (const d of ['.clinerules', '.opencode', '.factory']) mkdirSync(join(p.dir, d), { recursive: true });
    before = agentFiles(p.dir);
    const r = p.installHooks(['--agent', 'all']);
    expect(r.stdout).toMatch(/Codex CLI: .*\/hooks/);
  });
  afterAll(() => repo?.dispose());

  test('Codex CLI: real rollout, hooks from a subfolder, hookSpecificOutput.additionalContext; SessionEnd inside its 3 s', async () => {
    const log = place(join(T, 'codex', 'v0.140.0-tui-update-plan-apply-patch-failing-rg-commit-pending-call.jsonl'), join(p.home, '.codex', 'sessions', '2026', '11', '30', 'rollout-2026-11-30T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl'));
    mkdirSync(join(p.dir, 'src'), { recursive: true });
    const at = { cwd: join(p.dir, 'src') };
    const base = { cwd: p.dir, model: 'gpt-5.1-codex', permission_mode: 'default' };
    const start = agentHook(p.dir, p.env, 'codex', 'SessionStart');
    const first = start.run({ ...base, session_id: 'codex-s1', transcript_path: log, hook_event_name: 'SessionStart', source: 'startup' }, at);
    expect(first.status).toBe(0);
    JSON.parse(first.stdout);
    const stop = agentHook(p.dir, p.env, 'codex', 'Stop').run({ ...base, session_id: 'codex-s1', transcript_path: log, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: null }, at);
    expect(stop.status).toBe(0);
    expect(stop.stdout).toBe('');
    const end = agentHook(p.dir, p.env, 'codex', 'SessionEnd');
    expect(end.timeout).toBeLessThanOrEqual(3);
    const ended = end.run({ ...base, session_id: 'codex-s1', transcript_path: log, hook_event_name: 'SessionEnd', reason: 'exit' }, at);
    expect(ended.signal).toBeNull();
    expect(ended.status).toBe(0);
    expect(lastSessionNote(p, 'codex-s1').agent).toBe('codex');
    const next = JSON.parse(start.run({ ...base, session_id: 'codex-s2', transcript_path: null, hook_event_name: 'SessionStart', source: 'startup' }, at).stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    expect(next.hookSpecificOutput.hookEventName).toBe('SessionStart');
    const ctx = next.hookSpecificOutput.additionalContext;
    namesAgent(ctx, 'codex-s1', 'codex');
    expect(Buffer.byteLength(ctx) / 4).toBeLessThan(2500);
    await someRequestIn('codex', log, ctx);
  });

  test('Gemini CLI: JSONL (hand-made) and JSON (real) sessions, ms timeouts, pure JSON on stdout for every hook', async () => {
    const chats = join(p.home, '.gemini', 'tmp', 'e2e-project', 'chats');
    const jsonl = place(join(HAND, 'gemini-session.handmade.jsonl'), join(chats, 'session-2026-11-20T10-00-9f3c2a1e.jsonl'));
    const json = place(join(T, 'gemini', 'v0.23.0-session-shell-write-read.json'), join(chats, 'session-2025-10-01T09-00-5a6b7c8d.json'));
    const start = agentHook(p.dir, p.env, 'gemini', 'SessionStart');
    expect(start.timeout).toBe(10_000);
    const after = agentHook(p.dir, p.env, 'gemini', 'AfterAgent');
    for (const [id, log] of [['gemini-j1', json], ['gemini-l1', jsonl]] as const) {
      const payload = { session_id: id, transcript_path: log, cwd: p.dir, timestamp: '2026-11-20T10:00:00.000Z' };
      const s = start.run({ ...payload, hook_event_name: 'SessionStart', source: 'startup' });
      JSON.parse(s.stdout);
      const a = after.run({ ...payload, hook_event_name: 'AfterAgent', prompt: 'x', prompt_response: 'y', stop_hook_active: false });
      expect(a.status).toBe(0);
      expect(JSON.parse(a.stdout)).toEqual({});
      expect(lastSessionNote(p, id).agent).toBe('gemini');
      const next = JSON.parse(start.run({ session_id: `${id}-next`, cwd: p.dir, hook_event_name: 'SessionStart', source: 'startup' }).stdout) as { hookSpecificOutput: { additionalContext: string } };
      namesAgent(next.hookSpecificOutput.additionalContext, id, 'gemini');
      await someRequestIn('gemini', log, next.hookSpecificOutput.additionalContext);
    }
  });

  test('Cursor: hand-made agent transcript, additional_context, and the rules file refreshed at Stop and out of git status', async () => {
    const log = place(join(HAND, 'cursor-agent-transcript.handmade.jsonl'), join(p.home, '.cursor', 'projects', 'e2e', 'agent-transcripts', 'c0ffee00-1111-4222-8333-444455556666', 'c0ffee00-1111-4222-8333-444455556666.jsonl'));
    const common = { conversation_id: 'c0ffee00-1111-4222-8333-444455556666', generation_id: 'g-1', model: 'auto', cursor_version: '3.1.0', workspace_roots: [p.dir], user_email: null, transcript_path: log };
    const start = agentHook(p.dir, p.env, 'cursor', 'sessionStart');
    JSON.parse(start.run({ ...common, hook_event_name: 'sessionStart', session_id: common.conversation_id, is_background_agent: false, composer_mode: 'agent' }).stdout);
    const stop = agentHook(p.dir, p.env, 'cursor', 'stop').run({ ...common, hook_event_name: 'stop', status: 'completed', loop_count: 0 });
    expect(stop.status).toBe(0);
    expect(lastSessionNote(p, common.conversation_id).agent).toBe('cursor');
    const out = JSON.parse(start.run({ ...common, conversation_id: 'c0ffee00-2222', hook_event_name: 'sessionStart', transcript_path: undefined }).stdout) as { continue: boolean; additional_context: string };
    expect(out.continue).toBe(true);
    await someRequestIn('cursor', log, out.additional_context);
    const rules = p.read('.cursor/rules/agent-handover.mdc');
    expect(rules).toMatch(/^---\ndescription: .*\nalwaysApply: true\n---\n/);
    await someRequestIn('cursor', log, rules);
    expect(p.git('status', '--porcelain', '--', '.cursor/rules')).toBe('');
  });

  test('GitHub Copilot CLI: captured payloads, real events.jsonl found from the session id, small top-level additionalContext', async () => {
    const hooks = join(SHARED, 'hooks', 'copilot');
    const id = '4ea18a78-3f3c-4f67-a61e-21fab96427be';
    const log = place(join(T, 'copilot', 'v1.0.95-2-tool-exercise-failing-bash-edit-subagent-resume.jsonl'), join(p.home, '.copilot', 'session-state', id, 'events.jsonl'));
    const payload = (file: string, extra: Record<string, unknown>) => ({ ...(JSON.parse(readFileSync(join(hooks, file), 'utf8')) as Record<string, unknown>), sessionId: id, cwd: p.dir, ...extra });
    const start = agentHook(p.dir, p.env, 'copilot', 'sessionStart');
    JSON.parse(start.run(payload('sessionStart-input-extracted-from-v1.0.74-events.json', {})).stdout);
    const stop = agentHook(p.dir, p.env, 'copilot', 'agentStop').run(payload('agentStop-input-extracted-from-v1.0.74-events.json', { transcriptPath: log }));
    expect(stop.status).toBe(0);
    expect(lastSessionNote(p, id).agent).toBe('copilot');
    const next = JSON.parse(start.run(payload('sessionStart-input-extracted-from-v1.0.74-events.json', { sessionId: '5fb29b89-0000-4000-8000-000000000001' })).stdout) as { additionalContext: string };
    expect(next.additionalContext.length).toBeLessThanOrEqual(2000);
    namesAgent(next.additionalContext, id, 'copilot');
  });

  test('Cline: the executable hooks, task history under ~/.cline (hand-made), {"cancel":false,"contextModification":…} on one line', async () => {
    const task = '1764590000000';
    const log = place(join(HAND, 'cline-api_conversation_history.handmade.json'), join(p.home, '.cline', 'data', 'tasks', task, 'api_conversation_history.json'));
    const payload = (hookName: string, extra: Record<string, unknown> = {}) => ({ taskId: task, hookName, clineVersion: '3.40.0', timestamp: String(Date.now()), workspaceRoots: [p.dir], userId: 'u', ...extra });
    const start = agentHook(p.dir, p.env, 'cline', 'TaskStart').run(payload('TaskStart', { taskStart: { task: 'Migrate the config loader' } }));
    expect(start.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(start.stdout)).toMatchObject({ cancel: false });
    const done = agentHook(p.dir, p.env, 'cline', 'TaskComplete').run(payload('TaskComplete', { taskComplete: {} }));
    expect(JSON.parse(done.stdout)).toEqual({ cancel: false });
    expect(lastSessionNote(p, task).agent).toBe('cline');
    const next = JSON.parse(agentHook(p.dir, p.env, 'cline', 'TaskStart').run(payload('TaskStart', { taskId: '1764590000999' })).stdout) as { cancel: boolean; contextModification: string };
    expect(next.cancel).toBe(false);
    await someRequestIn('cline', log, next.contextModification);
  });

  test('Factory Droid: Claude-compatible hooks with FACTORY_PROJECT_DIR and a hand-made session log', async () => {
    const log = place(join(HAND, 'droid-session.handmade.jsonl'), join(p.home, '.factory', 'sessions', 'droid-hand-1.jsonl'));
    const base = { session_id: 'droid-hand-1', transcript_path: log, cwd: join(p.dir, 'src'), permission_mode: 'default' };
    const start = agentHook(p.dir, p.env, 'droid', 'SessionStart');
    JSON.parse(start.run({ ...base, hook_event_name: 'SessionStart', source: 'startup' }).stdout);
    expect(agentHook(p.dir, p.env, 'droid', 'Stop').run({ ...base, hook_event_name: 'Stop', stop_hook_active: false }).status).toBe(0);
    expect(lastSessionNote(p, 'droid-hand-1').agent).toBe('droid');
    const next = JSON.parse(start.run({ ...base, session_id: 'droid-hand-2', hook_event_name: 'SessionStart', source: 'startup' }).stdout) as { hookSpecificOutput: { additionalContext: string } };
    await someRequestIn('droid', log, next.hookSpecificOutput.additionalContext);
  });

  test('OpenCode: the plugin as OpenCode loads it, a real export as the session, context pushed into output.system', async () => {
    const exported = JSON.parse(readFileSync(join(T, 'opencode', 'v1.14.28-export-bash-failing-tsc-patch-two-turns.json'), 'utf8')) as { messages: unknown[] };
    const client = { session: { messages: async () => ({ data: exported.messages }) } };
    const mod = (await import(pathToFileURL(join(p.dir, '.opencode', 'plugins', 'agent-handover.js')).href)) as { AgentHandover: (ctx: unknown) => Promise<Record<string, (...a: unknown[]) => Promise<void>>> };
    const hooks = await mod.AgentHandover({ client, directory: p.dir, worktree: p.dir, project: {}, $: undefined });
    await hooks.event!({ event: { type: 'session.created', properties: { info: { id: 'ses_e2e1' } } } });
    await hooks.event!({ event: { type: 'session.idle', properties: { sessionID: 'ses_e2e1' } } });
    const record = join(p.dir, '.agent-handover', 'opencode', 'ses_e2e1.jsonl');
    expect(readFileSync(record, 'utf8').trim().split('\n')).toHaveLength(exported.messages.length);
    expect(lastSessionNote(p, 'ses_e2e1').agent).toBe('opencode');
    const output = { system: [] as string[] };
    await hooks['experimental.chat.system.transform']!({ sessionID: 'ses_e2e2', model: {} }, output);
    expect(output.system).toHaveLength(1);
    namesAgent(output.system[0]!, 'ses_e2e1', 'opencode');
    await someRequestIn('opencode', record, output.system[0]!);
    // An OpenCode that calls the transform without a session id gets the latest start's context.
    const bare = { system: [] as string[] };
    await hooks['experimental.chat.system.transform']!({}, bare);
    expect(bare.system).toEqual(output.system);
    // PAUSE: the plugin writes not even its record.
    writeFileSync(join(p.dir, 'PAUSE'), '');
    await hooks.event!({ event: { type: 'session.idle', properties: { sessionID: 'ses_e2e3' } } });
    expect(existsSync(join(p.dir, '.agent-handover', 'opencode', 'ses_e2e3.jsonl'))).toBe(false);
    rmSync(join(p.dir, 'PAUSE'));
  });

  test('one memory: the context lists the sessions of every agent; doctor checks each; uninstall restores every file byte for byte', () => {
    // current-state.md lists the recent sessions, each with its agent.
    const state = p.read(`${p.memoryRel()}/layer2/current-state.md`);
    for (const [agent, session] of [['codex', 'codex-s1'], ['gemini', 'gemini-l1'], ['cursor', 'c0ffee00-1111-4222-8333-444455556666'], ['copilot', '4ea18a78-3f3c-4f67-a61e-21fab96427be'], ['cline', '1764590000000'], ['droid', 'droid-hand-1'], ['opencode', 'ses_e2e1']]) namesAgent(state, session!, agent!);
    const doctor = p.cli(['doctor']);
    for (const agent of ['codex', 'gemini', 'cursor', 'copilot', 'cline', 'opencode', 'droid']) expect(doctor.stdout).toMatch(new RegExp(`ok +agent:${agent}:`));
    expect(p.log(), p.log()).toBe('');
    const r = p.cli(['uninstall-hooks', '--agent', 'all']);
    expect(r.status).toBe(0);
    const after = agentFiles(p.dir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [k, v] of before) expect(after.get(k), k).toBe(v);
  });
});
