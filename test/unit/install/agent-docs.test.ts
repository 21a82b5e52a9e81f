import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentDocsBlock, installAgentDocs, uninstallAgentDocs } from '../../../src/install/agent-docs.js';
import { tempDir } from '../../helpers/repo.js';

describe('CLAUDE.md / AGENTS.md block', () => {
  test('tells the agent where the state is and how to record notes', () => {
    const block = agentDocsBlock('dev');
    expect(block).toMatch(/^<!-- agent-handover:start -->\n[\s\S]*<!-- agent-handover:end -->\n$/);
    expect(block).toContain('memory/layer2/current-state.md');
    expect(block).toContain('npx agent-handover note --kind decision|gotcha|followup "text"');
    expect(block).toContain('npx agent-handover note --kind done <id>');
    expect(agentDocsBlock('global')).toContain('`agent-handover note --kind done <id>`');
  });
  test('appended to existing files only, idempotent, refreshed in place, removed exactly', async () => {
    const dir = tempDir();
    for (const original of ['# Rules\n\nBe brief.\n', '# Rules', '']) {
      writeFileSync(join(dir, 'AGENTS.md'), original);
      const r = await installAgentDocs(dir, 'dev', false);
      expect(r.actions.map((a) => a.action)).toEqual(['updated']);
      expect(existsSync(join(dir, 'CLAUDE.md'))).toBe(false);
      const text = readFileSync(join(dir, 'AGENTS.md'), 'utf8');
      expect((await installAgentDocs(dir, 'dev', false)).actions[0]!.action).toBe('unchanged');
      expect((await installAgentDocs(dir, 'global', false)).actions[0]!.detail).toMatch(/refreshed/);
      expect(readFileSync(join(dir, 'AGENTS.md'), 'utf8')).toBe(text.replace(/npx agent-handover/g, 'agent-handover'));
      await uninstallAgentDocs(dir, false);
      expect(readFileSync(join(dir, 'AGENTS.md'), 'utf8')).toBe(original);
    }
  });
  test('without a backup, removal still takes out exactly the block and its blank line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'CLAUDE.md'), `# Rules\n\n${agentDocsBlock('dev')}\nMore rules.\n`.replace(`\n\n<!--`, '\n\n<!--'));
    await uninstallAgentDocs(dir, false);
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe('# Rules\n\nMore rules.\n');
  });
  test('no doc file: nothing written, the block offered', async () => {
    const dir = tempDir();
    const r = await installAgentDocs(dir, 'dev', false);
    expect(r.actions).toEqual([]);
    expect(r.messages[0]).toContain('<!-- agent-handover:start -->');
  });
});
