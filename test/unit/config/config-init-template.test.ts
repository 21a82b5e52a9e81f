import { describe, expect, it } from 'vitest';
import { initTemplate } from '../../../src/config/init-template.js';
import { parseConfig } from '../../../src/config/parse.js';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { CONFIG_SCHEMA } from '../../../src/config/schema.js';

describe('initTemplate', () => {
  it('parses to exactly DEFAULT_CONFIG', () => {
    const c = parseConfig(initTemplate(), '.agent-handover.yml');
    expect(c.source).toBe('.agent-handover.yml');
    expect({ ...c, source: undefined }).toEqual(DEFAULT_CONFIG);
  });

  it('mentions every top-level key of the schema, so the file documents all of them', () => {
    for (const key of Object.keys(CONFIG_SCHEMA.properties)) expect(initTemplate()).toMatch(new RegExp(`^${key}:`, 'm'));
  });

  it('its commented examples are valid once uncommented', () => {
    // Example lines are commented as `#-` or `#  `; prose comments as `# `. Drop just the `#`.
    const uncommented = initTemplate()
      .replace('extra_patterns: []', 'extra_patterns:')
      .replace(/^( *)#(-| {2})/gm, '$1$2');
    const c = parseConfig(uncommented, 'x.yml');
    expect(c.redaction.extraPatterns).toEqual([{ name: 'internal-token', pattern: 'itk_[A-Za-z0-9]{32}' }]);
    expect(c.steps.map((s) => s.name)).toEqual(['collect', 'session_note', 'current_state', 'compact', 'docs', 'publish', 'sync']);
    expect(c.steps[4]).toEqual({ kind: 'custom', name: 'docs', run: 'npm run docs', timeout: 120, env: { DOCS_MODE: 'quick' }, cwd: 'docs', when: ['stop', 'session_end', 'run'], retries: 0 });
  });
});
