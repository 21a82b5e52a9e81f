import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import { exampleContext } from '../../helpers/example-context.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('README: What the next session is told', () => {
  it('shows the context the code derives from docs/examples/memory, byte for byte', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- context-example:start -->\n````markdown\n([\s\S]*?)````\n<!-- context-example:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const produced = await exampleContext(join(ROOT, 'docs/examples/memory'), join(tempDir(), 'index.json'));
    expect(block).toBe(produced);
    expect(readFileSync(join(ROOT, 'docs/examples/context.md'), 'utf8')).toBe(produced);
    // It leads with the work, as the section says.
    const order = ['## Last session on', '**Last request:**', '**Files changed:**', '**Failed commands**', '**Stated in the session**', '**Agent\u2019s last message:**', '## Open follow-ups', '## Recent decisions', '## Gotchas', '## Uncommitted work'];
    const at = order.map((h) => produced.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(produced.length).toBeLessThanOrEqual(8000);
  });
});
