import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../../helpers/repo.js';
import { cli } from '../../helpers/cli-io.js';
import { COMMANDS } from '../../../src/cli/commands-table.js';
import { COMMAND_EXITS, exitCodeMarkdown } from '../../../src/cli/exit-codes.js';
import { commandHelp } from '../../../src/messages/help.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('agent-handover main()', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j prints the help with every command and the exit codes, exit 0', async (args) => {
    const r = await cli(process.cwd(), args);
    expect(r.code).toBe(0);
    for (const c of ['run', 'check', 'status', 'note', 'context', 'regenerate', 'compact', 'pause', 'unpause', 'init', 'install-hooks', 'hook']) expect(r.out).toMatch(new RegExp(`^ +(\\w+ \\| )?${c}\\b`, 'm'));
    expect(r.out).toContain('--help');
    expect(r.err).toBe('');
  });

  it('the command table, the help texts and the exit-code table name the same commands', () => {
    expect(Object.keys(commandHelp).sort()).toEqual([...Object.keys(COMMANDS), 'help'].sort());
    expect(Object.keys(COMMAND_EXITS).sort()).toEqual(Object.keys(commandHelp).sort());
  });

  it("the README's exit-code table is the one in code", () => {
    const readme = readFileSync('README.md', 'utf8');
    const m = /<!-- exit-codes:start -->\n([\s\S]*?)\n<!-- exit-codes:end -->/.exec(readme);
    expect(m?.[1]).toBe(exitCodeMarkdown());
  });

  it.each(Object.keys(commandHelp))('`%s --help` and `help` of it print its usage and exit codes, exit 0', async (c) => {
    const repo = makeTempRepo();
    const a = await cli(repo.dir, [c, '--help']);
    const b = await cli(repo.dir, ['help', c]);
    for (const r of [a, b]) {
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`Usage: agent-handover ${c}`);
      expect(r.out).toMatch(/Exit codes: 0 /);
      expect(r.err).toBe('');
    }
    expect(a.out).toBe(b.out);
    // Asking for help writes nothing.
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('');
  });

  it.each([
    [['stauts'], 'status'],
    [['instal-hooks'], 'install-hooks'],
    [['help', 'contxt'], 'context'],
  ])('an unknown command %j names the nearest one, exit 64', async (args, near) => {
    const r = await cli(process.cwd(), args);
    expect(r.code).toBe(64);
    expect(r.err).toContain(`Did you mean \`${near}\`?`);
  });

  it.each([
    [['context', '--budjet', '900'], '--budget'],
    [['run', '--dryrun'], '--dry-run'],
    [['hook', 'sesion-start'], 'session-start'],
  ])('%j names the nearest match, exit 64, nothing on stdout', async (args, near) => {
    const repo = makeTempRepo();
    const r = await cli(repo.dir, args);
    expect(r.code).toBe(64);
    expect(r.err).toContain(`Did you mean \`${near}\`?`);
    expect(r.err).toContain(`agent-handover ${args[0]} --help`);
    expect(r.out).toBe('');
  });

  it('`hook <unknown>` with an agent payload on stdin fails open: exit 0, logged', async () => {
    const repo = makeTempRepo();
    const { fakeIO } = await import('../../helpers/cli-io.js');
    const { main } = await import('../../../src/cli/main.js');
    const io = fakeIO(repo.dir, {}, JSON.stringify({ session_id: 's', cwd: repo.dir, hook_event_name: 'SessionStart' }));
    expect(await main(['hook', 'sesion-start'], io)).toBe(0);
    expect(readFileSync(`${repo.dir}/.agent-handover/log`, 'utf8')).toContain('sesion-start');
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const r = await cli(process.cwd(), [flag]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('an unknown command is a usage error (64) naming it, on stderr only', async () => {
    const repo = makeTempRepo();
    const r = await cli(repo.dir, ['frobnicate']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('"frobnicate"');
    expect(r.err).toContain('--help');
    expect(r.out).toBe('');
  });

  it.each([
    ['check', '--nope'],
    ['status', '--bogus'],
    ['run', '--frob'],
    ['run', 'positional'],
    ['note', '--kind', 'rumour', 'text'],
    ['note'],
    ['context', '--budget', 'ten'],
    ['context', '--budget', '50'],
    ['context', '--budget', '499'],
    ['context', '--budget', '10001'],
    ['compact', '--older-than', '-3'],
    ['pause', 'extra'],
    ['init', '--force'],
    ['hook'],
  ])('usage error %j -> 64 with a message and no output', async (...args) => {
    const repo = makeTempRepo();
    const r = await cli(repo.dir, args);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/^agent-handover: /);
    expect(r.out).toBe('');
  });

  it('a usage error writes nothing into the project', async () => {
    const repo = makeTempRepo();
    await cli(repo.dir, ['run', '--note', 'a', '--note-file', 'b']);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('');
  });
});
