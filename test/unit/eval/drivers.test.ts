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
    expect(JSON.parse(d.run('SessionStart', { session_id: 's1', transcript_path: '/t', cwd: '/c', source: 'startup' }).stdout)).toMatchObject({ sessionId: 's1', transcriptPath: '/t', cwd: '/c', source: 'startup' });
  });

  it('read the context from JSON envelopes or plain stdout', () => {
    const d = hookDriver('claude-code', project({ '.claude/settings.json': claude }, []));
    expect(d.contextOf(JSON.stringify({ hookSpecificOutput: { additionalContext: 'A' } }))).toBe('A');
    expect(d.contextOf(JSON.stringify({ additionalContext: 'B' }))).toBe('B');
    expect(d.contextOf('plain text')).toBe('plain text');
    expect(d.contextOf('')).toBe('');
  });
});
