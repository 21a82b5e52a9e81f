import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// In-process library calls inherit process.env: pin identity and HOME so a developer's own git
// config, PAUSE file or agent variables can never change a result.
const home = mkdtempSync(join(tmpdir(), 'ah-home-'));
for (const k of Object.keys(process.env)) if (k.startsWith('GIT_') || k.startsWith('AGENT_HANDOVER') || k.startsWith('CLAUDE')) delete process.env[k];
// CI machines set CI=true, and install-hooks rightly skips git hooks there; the temp repos the
// tests install into are not CI checkouts. Tests of the CI skip pass CI explicitly.
delete process.env.CI;
Object.assign(process.env, {
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test User',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test User',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  // See testGitEnv in helpers/repo.ts: no background refine worker unless a test asks for one.
  AGENT_HANDOVER_REFINE: 'off',
});
