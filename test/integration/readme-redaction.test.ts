import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../helpers/repo.js';
import { cli, filesUnder } from '../helpers/cli-io.js';
import { ALNUM, generator } from '../fixtures/secrets-corpus.js';

/** The README's "Secrets" section: its config block works as written. */
describe('README: adding a kind of secret with redaction.extra_patterns', () => {
  it('the example config redacts the custom kinds (a capture group redacts the group only) and keeps allowed values', async () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Secrets'), readme.indexOf('\n## ', readme.indexOf('## Secrets') + 5));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toContain('extra_patterns');
    const repo = makeTempRepo();
    repo.write('.agent-handover.yml', yaml!);
    const token = 'itk_' + generator(99)(ALNUM, 32);
    const note = `deploy uses ${token}, the door PIN=482913 and the sample EXAMPLE_KEY_123`;
    const run = await cli(repo.dir, ['run', '--session', 'readme-redaction', '--note', note]);
    expect(run.code).toBe(0);
    // The example config keeps the default (shared) mode: the readable copy is .agent-handover/memory/
    // and the commits go to the memory ref, so both are read.
    const view = join(repo.dir, '.agent-handover', 'memory');
    const memory = filesUnder(view).map((f) => readFileSync(join(view, f), 'utf8')).join('\n');
    const committed = repo.git('log', '--all', '-p');
    expect(repo.git('log', '--format=%s', 'refs/heads/agent-handover/memory')).toContain('agent-handover: ');
    for (const text of [memory, committed]) {
      expect(text).toContain('deploy uses [REDACTED:internal-token], the door PIN=[REDACTED:db-pin]');
      expect(text).toContain('EXAMPLE_KEY_123');
      expect(text).not.toContain(token);
      expect(text).not.toContain('482913');
    }
  });
});
