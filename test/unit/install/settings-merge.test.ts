import { describe, expect, test } from 'vitest';
import { claudeHookCommand, isOurCommand, ourClaudeHooks } from '../../../src/install/hook-command.js';
import { mergeOurHooks, ourHooksIn, removeOurHooks, SettingsShapeError } from '../../../src/install/settings-merge.js';

const wanted = ourClaudeHooks((s) => claudeHookCommand(s, 'dev', ''));
const isOurs = (c: unknown) => isOurCommand(c);

const userSettings = () => ({
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'prettier --write', timeout: 5 }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
  },
  unknownKey: { keep: [1, 2, 3] },
});

describe('mergeOurHooks', () => {
  test('adds one group per event, keeps everything else and its key order', () => {
    const before = userSettings();
    const merged = mergeOurHooks(before, wanted, isOurs);
    expect(Object.keys(merged)).toEqual(['model', 'permissions', 'hooks', 'unknownKey']);
    const hooks = merged.hooks as Record<string, Array<{ hooks: Array<{ command: string }> }>>;
    expect(Object.keys(hooks)).toEqual(['PostToolUse', 'Stop', 'SessionStart', 'SessionEnd', 'PreCompact', 'PostCompact']);
    expect(hooks.Stop).toHaveLength(2);
    expect(hooks.Stop![0]!.hooks[0]!.command).toBe('say done');
    expect(hooks.Stop![1]!.hooks[0]!.command).toContain('dist/hooks/stop.js');
    expect(hooks.PostToolUse).toEqual(before.hooks.PostToolUse);
    expect(before).toEqual(userSettings());
  });
  test('is idempotent', () => {
    const once = mergeOurHooks(userSettings(), wanted, isOurs);
    expect(mergeOurHooks(once, wanted, isOurs)).toEqual(once);
  });
  test('updates an old command of ours in place, keeping the user additions and dropping duplicates', () => {
    const old = {
      hooks: {
        Stop: [
          { matcher: '', hooks: [{ type: 'command', command: 'node /old/node_modules/agent-handover/dist/hooks/stop.js', statusMessage: 'handover' }, { type: 'command', command: 'say hi' }] },
          { hooks: [{ type: 'command', command: 'npx agent-handover hook stop' }] },
        ],
      },
    };
    const merged = mergeOurHooks(old, wanted, isOurs);
    expect((merged.hooks as Record<string, unknown>).Stop).toEqual([
      { matcher: '', hooks: [{ type: 'command', command: claudeHookCommand('stop', 'dev', ''), statusMessage: 'handover', timeout: 30 }, { type: 'command', command: 'say hi' }] },
    ]);
    expect(ourHooksIn(merged, isOurs)).toHaveLength(5);
  });
  test('refuses shapes it cannot edit safely', () => {
    expect(() => mergeOurHooks([], wanted, isOurs)).toThrow(SettingsShapeError);
    expect(() => mergeOurHooks({ hooks: [] }, wanted, isOurs)).toThrow(SettingsShapeError);
    expect(() => mergeOurHooks({ hooks: { Stop: {} } }, wanted, isOurs)).toThrow(/hooks.Stop/);
  });
});

describe('removeOurHooks', () => {
  test('is the inverse of merge on user settings', () => {
    expect(removeOurHooks(mergeOurHooks(userSettings(), wanted, isOurs), isOurs)).toEqual(userSettings());
  });
  test('prunes what our removal emptied, or leaves empty containers when asked not to prune', () => {
    const merged = mergeOurHooks({ a: 1 }, wanted, isOurs);
    expect(removeOurHooks(merged, isOurs, 'all')).toEqual({ a: 1 });
    expect(removeOurHooks(merged, isOurs, 'events')).toEqual({ a: 1, hooks: {} });
    expect(removeOurHooks(merged, isOurs, 'groups')).toEqual({ a: 1, hooks: { SessionStart: [], Stop: [], SessionEnd: [], PreCompact: [], PostCompact: [] } });
  });
  test('never prunes containers the user left empty', () => {
    expect(removeOurHooks({ hooks: {} }, isOurs)).toEqual({ hooks: {} });
    expect(removeOurHooks({ hooks: { Stop: [] } }, isOurs)).toEqual({ hooks: { Stop: [] } });
  });
});
