import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_NAME } from '../io/package-root.js';

export { PACKAGE_NAME, findPackageRoot } from '../io/package-root.js';

/** Set in our own push's environment: the hook it triggers does nothing (no recursion). */
export const PRE_PUSH_GUARD = 'AGENT_HANDOVER_PRE_PUSH';

/** Claude Code events we hook, the entry script each runs and its explicit timeout in seconds. */
export const CLAUDE_HOOK_EVENTS = [
  { event: 'SessionStart', script: 'session-start', timeout: 10 },
  { event: 'Stop', script: 'stop', timeout: 30 },
  // Claude's SessionEnd budget is 1.5 s shared by all hooks; ours hands heavy work to a detached process.
  { event: 'SessionEnd', script: 'session-end', timeout: 2 },
  { event: 'PreCompact', script: 'pre-compact', timeout: 10 },
  { event: 'PostCompact', script: 'post-compact', timeout: 10 },
] as const;

export type ClaudeHookEvent = (typeof CLAUDE_HOOK_EVENTS)[number]['event'];

/** 'dev': the package sits in <project>/node_modules; 'global': anywhere else (absolute paths). */
export type InstallKind = 'dev' | 'global';

export interface HookCommandCommand {
  type: 'command';
  command: string;
  timeout: number;
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Same package as <project>/node_modules/agent-handover (symlinks resolved, so pnpm counts too). */
export function installKind(projectDir: string, packageRoot: string): InstallKind {
  const local = real(join(projectDir, 'node_modules', PACKAGE_NAME));
  return local !== undefined && local === real(packageRoot) ? 'dev' : 'global';
}

/** Quotes a path for use inside double quotes in sh: \ " $ and ` lose their meaning. */
export function shDoubleQuote(s: string): string {
  return `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** Quotes for sh single quotes: nothing inside is special except the quote itself. */
export function shSingleQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command Claude Code runs for one event. A devDependency install is found through
 * $CLAUDE_PROJECT_DIR; a linked worktree (which has no node_modules of its own) falls back to the
 * main worktree's install next to the repository's common git folder; with neither, the command
 * does nothing and exits 0 (`agent-handover doctor` says why), so a missing install never shows up
 * as a hook error in the agent. Any other copy is named by its absolute path, with the same guard.
 */
export function claudeHookCommand(script: string, kind: InstallKind, packageRoot: string): string {
  if (kind === 'dev') {
    const rel = `node_modules/${PACKAGE_NAME}/dist/hooks/${script}.js`;
    return `f="$CLAUDE_PROJECT_DIR/${rel}"; [ -f "$f" ] || f="$(git -C "$CLAUDE_PROJECT_DIR" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../${rel}"; [ -f "$f" ] && exec node "$f"; exit 0`;
  }
  // A copy elsewhere (the npx cache, a global install, a checkout) can vanish under the agent.
  return `f=${shDoubleQuote(join(resolve(packageRoot), 'dist', 'hooks', `${script}.js`))}; [ -f "$f" ] && exec node "$f"; exit 0`;
}

/**
 * The same commands for a plugin: Claude Code expands ${CLAUDE_PLUGIN_ROOT}. Guarded too: a plugin
 * copied from a checkout that was never built has no dist/, and must not break the agent.
 */
export function pluginHookCommand(script: string): string {
  return `f="\${CLAUDE_PLUGIN_ROOT}/dist/hooks/${script}.js"; [ -f "$f" ] && exec node "$f"; exit 0`;
}

export function ourClaudeHooks(commandFor: (script: string) => string): Array<{ event: ClaudeHookEvent; hook: HookCommandCommand }> {
  return CLAUDE_HOOK_EVENTS.map((e) => ({ event: e.event, hook: { type: 'command', command: commandFor(e.script), timeout: e.timeout } }));
}

/** `{"hooks": {...}}` in the shape of Claude settings and plugin hooks.json. */
export function claudeHooksObject(commandFor: (script: string) => string): { hooks: Record<string, Array<{ hooks: HookCommandCommand[] }>> } {
  return { hooks: Object.fromEntries(ourClaudeHooks(commandFor).map((h) => [h.event, [{ hooks: [h.hook] }]])) };
}

/** The snippet committed as .claude-hooks.example.json (devDependency install). */
export function exampleSettingsSnippet(): string {
  return `${JSON.stringify(claudeHooksObject((s) => claudeHookCommand(s, 'dev', '')), null, 2)}\n`;
}

/** hooks/hooks.json of the Claude Code plugin. */
export function pluginHooksJson(): string {
  const obj = { description: 'agent-handover: session handover notes written by hooks and committed with git', ...claudeHooksObject(pluginHookCommand) };
  return `${JSON.stringify(obj, null, 2)}\n`;
}

/**
 * Recognises a hook command as ours (for idempotence and uninstall): the markers every install kind
 * produces, plus any exact command we would generate now (a checkout not named agent-handover).
 */
export function isOurCommand(command: unknown, exact: readonly string[] = []): boolean {
  if (typeof command !== 'string') return false;
  return command.includes(`${PACKAGE_NAME}/dist/hooks/`) || command.includes(`${PACKAGE_NAME} hook `) || exact.includes(command);
}
