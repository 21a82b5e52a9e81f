import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * What a hook command of ours runs: the script path after `node` (quotes undone, $CLAUDE_PROJECT_DIR
 * expanded), or the `agent-handover` CLI. Undefined when the command has another shape.
 */
export function hookTarget(command: string, projectDir: string): { script: string; mainWorktreeFallback?: true } | { cli: string } | undefined {
  // The devDependency form: f="<script>"; [ -f "$f" ] || f=<main worktree's copy>; … exec node "$f"
  const launcher = /^\s*f="((?:[^"\\]|\\.)*)";.*--git-common-dir.*exec node "\$f"/.exec(command);
  if (launcher) return { script: expand(launcher[1]!, projectDir), mainWorktreeFallback: true };
  // The guarded absolute form: f="<script>"; [ -f "$f" ] && exec node "$f"; exit 0
  const guarded = /^\s*f="((?:[^"\\]|\\.)*)";\s*\[ -f "\$f" \] && exec node "\$f"/.exec(command);
  if (guarded) return { script: expand(guarded[1]!, projectDir) };
  const node = /^\s*(?:exec\s+)?node\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/.exec(command);
  // A single-quoted path is taken as it is: sh expands nothing inside single quotes.
  if (node) return { script: node[2] ?? expand(node[1] ?? node[3] ?? '', projectDir) };
  const cli = /^\s*(npx\s+(?:--no-install\s+)?)?agent-handover\s+hook\s/.exec(command);
  if (cli) return { cli: cli[1] ? 'npx agent-handover' : 'agent-handover' };
  return undefined;
}

/** A path from inside sh double quotes: escapes undone, $CLAUDE_PROJECT_DIR expanded. */
function expand(quoted: string, projectDir: string): string {
  return quoted.replace(/\\([\\"$`])/g, '$1').replace(/\$\{CLAUDE_PROJECT_DIR\}|\$CLAUDE_PROJECT_DIR\b/g, projectDir);
}

export function which(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}
