import { describe, expect, test } from 'vitest';
import { Ajv } from 'ajv';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { claudeSettingsPath, installClaudeSettings, readClaudeSettings, SettingsError, uninstallClaudeSettings } from '../../../src/install/claude-settings.js';
import { claudeHookCommand, isOurCommand, ourClaudeHooks } from '../../../src/install/hook-command.js';
import { backupPathFor } from '../../../src/user-files/user-file.js';
import { tempDir } from '../../helpers/repo.js';

const SHARED = resolve(process.cwd(), '../shared');
const hasShared = existsSync(join(SHARED, 'schemas', 'claude-code-settings.schema.json'));
if (!hasShared) console.warn(`skipping schema checks: ${join(SHARED, 'schemas')} (the shared folder ../shared) is absent`);

function settingsValidator() {
  // The SchemaStore file uses editor-only keywords (allowTrailingCommas) and `format: uri`.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', true);
  return ajv.compile(JSON.parse(readFileSync(join(SHARED, 'schemas', 'claude-code-settings.schema.json'), 'utf8')));
}

const wanted = ourClaudeHooks((s) => claudeHookCommand(s, 'dev', ''));
const isOurs = (c: unknown) => isOurCommand(c);

const USER_FILE = `{
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "permissions": {
        "allow": ["Bash(npm test)"]
    },
    "hooks": {
        "Stop": [
            {
                "hooks": [
                    { "type": "command", "command": "say done", "timeout": 5 }
                ]
            }
        ]
    },
    "env": { "FOO": "1" }
}
`;

function setup(content?: string): string {
  const dir = tempDir();
  const file = claudeSettingsPath('project', dir, '/nonexistent-home');
  if (content !== undefined) {
    mkdirSync(join(dir, '.claude'));
    writeFileSync(file, content);
  }
  return file;
}

describe('claudeSettingsPath', () => {
  test('one path per scope', () => {
    expect(claudeSettingsPath('project', '/p', '/h')).toBe('/p/.claude/settings.json');
    expect(claudeSettingsPath('local', '/p', '/h')).toBe('/p/.claude/settings.local.json');
    expect(claudeSettingsPath('user', '/p', '/h')).toBe('/h/.claude/settings.json');
  });
});

describe('install and uninstall on a settings file', () => {
  test('merges into a hand-formatted file; second run byte-identical; uninstall restores byte for byte', async () => {
    const file = setup(USER_FILE);
    const first = await installClaudeSettings(file, wanted, isOurs, false);
    expect(first.action).toBe('updated');
    const installed = readFileSync(file, 'utf8');
    expect(installed).toContain('        "Stop": [');
    expect(installed).toContain('say done');
    expect(readFileSync(backupPathFor(file), 'utf8')).toBe(USER_FILE);
    const second = await installClaudeSettings(file, wanted, isOurs, false);
    expect(second.action).toBe('unchanged');
    expect(readFileSync(file, 'utf8')).toBe(installed);
    const removed = await uninstallClaudeSettings(file, isOurs, false);
    expect(removed.action).toBe('restored');
    expect(readFileSync(file, 'utf8')).toBe(USER_FILE);
    expect(existsSync(backupPathFor(file))).toBe(false);
  });

  test('uninstall keeps what the user changed after install, and takes only our hooks out', async () => {
    const file = setup(USER_FILE);
    await installClaudeSettings(file, wanted, isOurs, false);
    const value = JSON.parse(readFileSync(file, 'utf8'));
    value.model = 'sonnet';
    writeFileSync(file, `${JSON.stringify(value, null, 4)}\n`);
    expect((await uninstallClaudeSettings(file, isOurs, false)).action).toBe('updated');
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after).toEqual({ ...JSON.parse(USER_FILE), model: 'sonnet' });
  });

  test('a file install created is removed again, with the .claude folder it made', async () => {
    const file = setup();
    expect((await installClaudeSettings(file, wanted, isOurs, false)).action).toBe('created');
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"hooks": \{\n[\s\S]*\n\}\n$/);
    expect((await uninstallClaudeSettings(file, isOurs, false)).action).toBe('removed');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(file, '..'))).toBe(false);
  });

  test('user left {"hooks": {}}: restored exactly', async () => {
    const original = '{"hooks":{}}';
    const file = setup(original);
    await installClaudeSettings(file, wanted, isOurs, false);
    await uninstallClaudeSettings(file, isOurs, false);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  test('invalid JSON: a clear error naming the file and the fix, nothing written', async () => {
    const bad = '{ "hooks": { "Stop": [ } ';
    const file = setup(bad);
    const err = await installClaudeSettings(file, wanted, isOurs, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as SettingsError).code).toBe('SETTINGS_INVALID');
    expect((err as SettingsError).path).toBe(file);
    expect((err as SettingsError).message).toContain(file);
    expect((err as SettingsError).hint).toMatch(/Fix the JSON/);
    expect(readFileSync(file, 'utf8')).toBe(bad);
    expect(existsSync(backupPathFor(file))).toBe(false);
    await expect(uninstallClaudeSettings(file, isOurs, false)).rejects.toBeInstanceOf(SettingsError);
  });

  test('a hooks value of the wrong shape is refused, nothing written', async () => {
    const file = setup('{"hooks": []}\n');
    await expect(installClaudeSettings(file, wanted, isOurs, false)).rejects.toThrow(/cannot be edited safely/);
    expect(readFileSync(file, 'utf8')).toBe('{"hooks": []}\n');
  });

  test('dry run writes nothing and shows the diff', async () => {
    const file = setup(USER_FILE);
    const r = await installClaudeSettings(file, wanted, isOurs, true);
    expect(r.action).toBe('would-update');
    expect(r.diff).toContain('+');
    expect(r.diff).toContain('dist/hooks/stop.js');
    expect(readFileSync(file, 'utf8')).toBe(USER_FILE);
    expect(existsSync(backupPathFor(file))).toBe(false);
    const none = setup();
    expect((await installClaudeSettings(none, wanted, isOurs, true)).action).toBe('would-create');
    expect(existsSync(join(none, '..'))).toBe(false);
  });

  test.skipIf(!hasShared)('the result validates against the Claude Code settings schema', async () => {
    const validate = settingsValidator();
    for (const content of [undefined, USER_FILE, '{}']) {
      const file = setup(content);
      await installClaudeSettings(file, wanted, isOurs, false);
      const ok = validate((await readClaudeSettings(file))!.value);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  test.skipIf(!hasShared)('the schema check can fail: a hook without a command is rejected', () => {
    const validate = settingsValidator();
    expect(validate({ hooks: { Stop: [{ hooks: [{ type: 'command', timeout: 1 }] }] } })).toBe(false);
  });
});

describe('edits in place: the rest of the file keeps its bytes', () => {
  const COMPACT = '{"permissions":{"allow":["Bash(npm test)","Read"]},"hooks":{"Stop":[{"hooks":[{"type":"command","command":"say done"}]}]},"env":{"A":"1"}}';
  const COMMENTED = `{
  // my permissions, keep them tidy
  "permissions": { "allow": ["Bash(npm test)", "Read"] },
  /* hooks I wrote myself */
  "hooks": {
    "Stop": [{ "hooks": [{ "type": "command", "command": "say done" }] }]
  },
  "env": { "A": "1" }, // trailing comment
}
`;
  const TABS = '{\r\n\t"model": "opus",\r\n\t"env": {"A": "1"}\r\n}';

  test.each([
    ['a compact one-line file', COMPACT],
    ['a commented file with a trailing comma', COMMENTED],
    ['tabs, CRLF and no final newline', TABS],
  ])('%s: what was there stays byte for byte; uninstall without the backup gives the same bytes back', async (_, content) => {
    const file = setup(content);
    await installClaudeSettings(file, wanted, isOurs, false);
    const after = readFileSync(file, 'utf8');
    expect(after).not.toBe(content);
    // Every line of the user's file that had nothing of ours is still there, unchanged.
    const userLines = content.split(/\r?\n/).filter((l) => l.includes('permissions') || l.includes('//') || l.includes('/*') || l.includes('"model"'));
    if (content !== COMPACT) for (const l of userLines) expect(after).toContain(l);
    else {
      expect(after).not.toContain('\n');
      expect(after.startsWith('{"permissions":{"allow":["Bash(npm test)","Read"]},"hooks":{"Stop":[{"hooks":[{"type":"command","command":"say done"}]}')).toBe(true);
    }
    if (content === TABS) expect(after.split('\r\n').length).toBeGreaterThan(3);
    const v = (await readClaudeSettings(file))!.value as { hooks: Record<string, unknown[]> };
    expect(Object.keys(v.hooks).sort()).toEqual(['PostCompact', 'PreCompact', 'SessionEnd', 'SessionStart', 'Stop']);
    // A second run writes nothing.
    expect((await installClaudeSettings(file, wanted, isOurs, false)).action).toBe('unchanged');
    expect(readFileSync(file, 'utf8')).toBe(after);
    // Without the backup, uninstall still takes out exactly what install put in.
    const { rmSync } = await import('node:fs');
    rmSync(backupPathFor(file), { force: true });
    await uninstallClaudeSettings(file, isOurs, false);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  test('uninstall after the user edited the file keeps the edit, removes only ours, and deletes the stale backup', async () => {
    const file = setup(COMMENTED);
    await installClaudeSettings(file, wanted, isOurs, false);
    const edited = readFileSync(file, 'utf8').replace('"env": { "A": "1" }', '"env": { "A": "2" }');
    writeFileSync(file, edited);
    const r = await uninstallClaudeSettings(file, isOurs, false);
    expect(r.detail).toMatch(/later edits kept/);
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED.replace('"env": { "A": "1" }', '"env": { "A": "2" }'));
    expect(existsSync(backupPathFor(file))).toBe(false);
  });
});
