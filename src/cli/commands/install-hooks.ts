import { fileURLToPath } from 'node:url';
import { locateRepo } from '../../git/locate-repo.js';
import { findPackageRoot } from '../../install/hook-command.js';
import { installAgents, uninstallAgents } from '../../agents/install-agents.js';
import type { SettingsScope } from '../../install/claude-settings.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

const OPTIONS = {
  agent: { type: 'string' },
  scope: { type: 'string' },
  'no-git-hooks': { type: 'boolean' },
  'no-pre-push': { type: 'boolean' },
  'no-mcp': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

export function packageRootOrThrow(): string {
  const root = findPackageRoot(fileURLToPath(import.meta.url));
  if (!root) throw new UsageError('Cannot locate the agent-handover package folder; reinstall it (npm i -D agent-handover).');
  return root;
}

async function common(args: string[], io: CliIO, fn: typeof installAgents): Promise<number> {
  const { values } = parse(args, OPTIONS);
  const scope = values.scope as SettingsScope | undefined;
  if (scope !== undefined && !['project', 'local', 'user'].includes(scope)) throw new UsageError(`--scope must be project, local or user; got ${JSON.stringify(scope)}.`);
  // Hooks belong to the project, whichever of its folders the command was run from.
  const top = (await locateRepo(io.cwd))?.top ?? io.cwd;
  const report = await fn({
    projectDir: top,
    packageRoot: packageRootOrThrow(),
    // auto (default), all, or agent names separated by commas: src/agents/install-agents.ts.
    ...(values.agent !== undefined ? { agents: values.agent } : {}),
    ...(scope ? { scope } : {}),
    gitHooks: !values['no-git-hooks'],
    ...(values['no-pre-push'] ? { prePush: false } : {}),
    mcp: !values['no-mcp'],
    dryRun: !!values['dry-run'],
    env: io.env,
    ...(io.env.HOME ? { homeDir: io.env.HOME } : {}),
  });
  for (const a of report.actions) {
    io.out(`${a.action.padEnd(13)} ${a.target}${a.detail ? `: ${a.detail}` : ''}`);
    if (a.diff && a.action.startsWith('would-')) io.out(a.diff.replace(/^/gm, '    '));
  }
  for (const m of report.messages) io.out(m);
  return EXIT.ok;
}

export const installHooksCommand = (args: string[], io: CliIO) => common(args, io, installAgents);
export const uninstallHooksCommand = (args: string[], io: CliIO) => common(args, io, uninstallAgents);
