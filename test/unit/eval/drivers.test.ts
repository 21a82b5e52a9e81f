import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookDriver } from '../../../scripts/lib/eval/drivers.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project folder with the given files, whose install-hooks "succeeds" for the listed agents. */
function project(files: Record<string, unknown>, installs: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ah-eval-drv-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules')); // hooks run from there, as in the replay
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), JSON.stringify(content));
  }
  const cli = (...args: string[]) => ({ status: args[1] === '--agent' && !installs.includes(args[2]!) ? 2 : 0 });
  return { dir, env: { ...process.env }, cli };
}

const nested = (events: string[], command: (e: string) => string, timeout = 5) => ({ hooks: Object.fromEntries(events.map((e) => [e, [{ hooks: [{ type: 'command', command: command(e), timeout }] }]])) });
const claude = nested(['SessionStart', 'Stop', 'SessionEnd'], (e) => `echo claude-${e}`);

describe('eval hook drivers', () => {
  it('drive an agent through the Claude Code hooks until its native hooks are installed', () => {
    const p = project({ '.claude/settings.json': claude }, []);
    const d = hookDriver('codex', p);
    expect(d.name).toBe('codex via claude-code hooks');
    expect(d.run('Stop', { session_id: 's' }).stdout.trim()).toBe('claude-Stop');
    expect(d.transcriptPath('/h', 'abc')).toContain('/h/.codex/sessions/');
  });

  it('switch to the native hooks once install-hooks --agent writes their config', () => {
    const p = project({ '.claude/settings.json': claude, '.codex/hooks.json': nested(['SessionStart', 'Stop', 'SessionEnd'], (e) => `echo codex-${e}`) }, ['codex']);
    const d = hookDriver('codex', p);
    expect(d.name).toBe('codex');
    expect(d.run('SessionStart', { session_id: 's' }).stdout.trim()).toBe('codex-SessionStart');
    const g = hookDriver('gemini', project({ '.claude/settings.json': claude, '.gemini/settings.json': nested(['SessionStart', 'AfterAgent', 'SessionEnd'], (e) => `cat; echo gemini-${e}`, 5000) }, ['gemini']));
    // Gemini's timeouts are in milliseconds: 5000 is five seconds, not 83 minutes.
    expect(g.run('Stop', { session_id: 's' }).stdout).toContain('"hook_event_name":"AfterAgent"');
  });

  it('send each agent only the payload fields it sends (Codex validates strictly)', () => {
    const cat = nested(['SessionStart', 'Stop', 'SessionEnd'], () => 'cat');
    const payload = { session_id: 's', transcript_path: '/t', cwd: '/c', stop_hook_active: false, turn_id: '3', last_assistant_message: 'Done.' };
    const codex = hookDriver('codex', project({ '.claude/settings.json': cat, '.codex/hooks.json': cat }, ['codex']));
    expect(JSON.parse(codex.run('Stop', payload).stdout)).toEqual({ session_id: 's', cwd: '/c', hook_event_name: 'Stop', transcript_path: '/t', model: 'gpt-5-codex', permission_mode: 'default', stop_hook_active: false, last_assistant_message: 'Done.', turn_id: '3' });
    const claudeOnly = hookDriver('claude-code', project({ '.claude/settings.json': cat }, []));
    expect(JSON.parse(claudeOnly.run('Stop', payload).stdout)).toEqual({ session_id: 's', transcript_path: '/t', cwd: '/c', hook_event_name: 'Stop', stop_hook_active: false });
  });

  it('send Copilot its camelCase dialect from .github/hooks', () => {
    const hooks = { version: 1, hooks: { sessionStart: [{ type: 'command', bash: 'cat', timeoutSec: 5 }], agentStop: [{ type: 'command', bash: 'cat' }], sessionEnd: [{ type: 'command', bash: 'cat' }] } };
    const d = hookDriver('copilot', project({ '.claude/settings.json': claude, '.github/hooks/agent-handover.json': hooks }, ['copilot']));
    expect(d.name).toBe('copilot');
    // Field for field what Copilot CLI sends (../shared/fixtures/hooks/copilot/*-input-extracted-*.json).
    const start = JSON.parse(d.run('SessionStart', { session_id: 's1', transcript_path: '/t', cwd: '/c', source: 'startup' }).stdout);
    expect(Object.keys(start).sort()).toEqual(['cwd', 'sessionId', 'source', 'timestamp']);
    expect(start).toMatchObject({ sessionId: 's1', cwd: '/c', source: 'new' });
    expect(JSON.parse(d.run('Stop', { session_id: 's1', transcript_path: '/t', cwd: '/c', stop_hook_active: false }).stdout)).toMatchObject({ sessionId: 's1', transcriptPath: '/t', stopReason: 'end_turn', stop_hook_active: false });
    const end = JSON.parse(d.run('SessionEnd', { session_id: 's1', transcript_path: '/t', cwd: '/c', reason: 'prompt_input_exit' }).stdout);
    expect(Object.keys(end).sort()).toEqual(['cwd', 'reason', 'sessionId', 'timestamp']);
    expect(end.reason).toBe('complete');
  });

  it('drive OpenCode through the plugin it loads: session.created and the system transform at start, session.idle per turn, no session end', () => {
    // A plugin that answers what OpenCode asks it, and shows what it was given.
    const plugin = `export const P = async ({ client, directory }) => ({
  event: async ({ event }) => {
    if (event.type === 'session.idle') {
      const res = await client.session.messages({ path: { id: event.properties.sessionID } });
      process.stderr.write('idle ' + event.properties.sessionID + ' ' + res.data.length);
    }
    if (event.type === 'session.created') process.stderr.write('created ' + event.properties.info.id + ' in ' + directory);
  },
  'experimental.chat.system.transform': async (input, output) => { output.system.push('context for ' + input.sessionID); },
});\n`;
    const p = project({ '.claude/settings.json': claude }, ['opencode']);
    mkdirSync(join(p.dir, '.opencode/plugins'), { recursive: true });
    writeFileSync(join(p.dir, '.opencode/plugins/agent-handover.js'), plugin);
    const exported = join(p.dir, 'export.json');
    writeFileSync(exported, JSON.stringify({ info: {}, messages: [{ info: { role: 'user' }, parts: [] }, { info: { role: 'assistant' }, parts: [] }] }));
    const d = hookDriver('opencode', p);
    expect(d.name).toBe('opencode');
    expect(d.has('SessionEnd')).toBe(false);
    const start = d.run('SessionStart', { session_id: 's2', transcript_path: exported, cwd: p.dir });
    expect(start.stderr).toBe(`created s2 in ${p.dir}`);
    expect(d.contextOf(start.stdout)).toBe('context for s2');
    expect(d.run('Stop', { session_id: 's2', transcript_path: exported, cwd: p.dir }).stderr).toBe('idle s2 2');
  });

  it('read the context from JSON envelopes or plain stdout', () => {
    const d = hookDriver('claude-code', project({ '.claude/settings.json': claude }, []));
    expect(d.contextOf(JSON.stringify({ hookSpecificOutput: { additionalContext: 'A' } }))).toBe('A');
    expect(d.contextOf(JSON.stringify({ additionalContext: 'B' }))).toBe('B');
    expect(d.contextOf('plain text')).toBe('plain text');
    expect(d.contextOf('')).toBe('');
  });
});
