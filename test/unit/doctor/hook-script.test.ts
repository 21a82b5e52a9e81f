import { describe, expect, test } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookTarget, which } from '../../../src/doctor/hook-script.js';
import { claudeHookCommand } from '../../../src/install/hook-command.js';
import { tempDir } from '../../helpers/repo.js';

describe('hookTarget', () => {
  test('undoes our quoting and expands $CLAUDE_PROJECT_DIR', () => {
    expect(hookTarget(claudeHookCommand('stop', 'dev', ''), '/p q')).toEqual({ script: '/p q/node_modules/agent-handover/dist/hooks/stop.js', mainWorktreeFallback: true });
    // What earlier versions installed still reads.
    expect(hookTarget('node "$CLAUDE_PROJECT_DIR/node_modules/agent-handover/dist/hooks/stop.js"', '/p q')).toEqual({ script: '/p q/node_modules/agent-handover/dist/hooks/stop.js' });
    const root = '/we"ird $HOME `x`/agent-handover';
    expect(hookTarget(claudeHookCommand('stop', 'global', root), '/p')).toEqual({ script: `${root}/dist/hooks/stop.js` });
    expect(hookTarget('node "${CLAUDE_PROJECT_DIR}/x.js"', '/p')).toEqual({ script: '/p/x.js' });
    expect(hookTarget("node '/a b/$x.js'", '/p')).toEqual({ script: '/a b/$x.js' });
  });
  test('the CLI form and unknown shapes', () => {
    expect(hookTarget('npx agent-handover hook stop', '/p')).toEqual({ cli: 'npx agent-handover' });
    expect(hookTarget('agent-handover hook stop', '/p')).toEqual({ cli: 'agent-handover' });
    expect(hookTarget('bash -c "something agent-handover/dist/hooks/x.js"', '/p')).toBeUndefined();
  });
});

describe('which', () => {
  test('finds executables only', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tool'), '');
    expect(which('tool', { PATH: dir })).toBeUndefined();
    chmodSync(join(dir, 'tool'), 0o755);
    expect(which('tool', { PATH: `/nonexistent:${dir}` })).toBe(join(dir, 'tool'));
  });
});
