import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mcpInstall as msg } from '../messages/recall.js';
import { actionFor, type InstallAction, type InstallReport } from '../user-files/install-report.js';
import { detectJsonFormat, DEFAULT_JSON_FORMAT, formatJson, isObject, jsonEqual, parseJsonText } from './json-format.js';
import { PACKAGE_NAME, shDoubleQuote, type InstallKind } from './hook-command.js';
import { findTextBlock, withTextBlock, withoutTextBlock } from '../user-files/text-block.js';
import { plannedRemoval, readBytes, writeUserFile, writeWithoutOurs } from '../user-files/user-file.js';

/**
 * Registers `agent-handover mcp` with each agent installed in the project: Claude Code always
 * (.mcp.json), the others when their folder is there (Codex .codex/config.toml, Gemini
 * .gemini/settings.json, Cursor .cursor/mcp.json, OpenCode opencode.json in its V1 or V2 layout).
 * Idempotent (an entry equal to ours is left alone) and reversible (uninstall takes out only our
 * entry and restores the user's file byte for byte when nothing else changed). A file we cannot
 * parse is skipped with a message, never rewritten.
 */
export const MCP_SERVER_NAME = PACKAGE_NAME;

/** The shell line that starts the project's installed copy, like the hook commands: a devDependency
 * in the project (or the main worktree's, from a linked worktree), else a clear error on stderr. */
export function mcpShellCommand(kind: InstallKind, packageRoot: string): string {
  if (kind === 'global') return `exec node ${shDoubleQuote(join(resolve(packageRoot), 'dist', 'cli.js'))} mcp`;
  const rel = `node_modules/${PACKAGE_NAME}/dist/cli.js`;
  return `d="\${CLAUDE_PROJECT_DIR:-$(git rev-parse --show-toplevel 2>/dev/null || pwd)}"; f="$d/${rel}"; [ -f "$f" ] || f="$(git -C "$d" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../${rel}"; [ -f "$f" ] && exec node "$f" mcp; echo "${msg.mcpNotInstalled}" >&2; exit 1`;
}

interface Target {
  agent: string;
  file: string;
  /** Only when this folder exists (undefined: always). */
  when?: string;
  format: 'json' | 'toml';
  /** Where our entry sits in the JSON document, for the layout found. */
  path?: (doc: Record<string, unknown>) => string[];
  entry: (cmd: string) => unknown;
}

const stdio = (cmd: string) => ({ command: 'sh', args: ['-c', cmd] });

function opencodePath(doc: Record<string, unknown>): string[] {
  const mcp = doc.mcp as Record<string, unknown> | undefined;
  const servers = mcp?.servers as Record<string, unknown> | undefined;
  // V2 keeps servers under mcp.servers; V1 names them directly under mcp.
  const v2 = !!servers && typeof servers === 'object' && Object.values(servers).every((s) => typeof s === 'object' && s !== null && ('command' in s || 'type' in s));
  return v2 ? ['mcp', 'servers', MCP_SERVER_NAME] : ['mcp', MCP_SERVER_NAME];
}

function targets(projectDir: string): Target[] {
  const at = (...p: string[]) => join(projectDir, ...p);
  return [
    { agent: 'Claude Code', file: at('.mcp.json'), format: 'json', path: () => ['mcpServers', MCP_SERVER_NAME], entry: stdio },
    { agent: 'Codex', file: at('.codex', 'config.toml'), when: at('.codex'), format: 'toml', entry: stdio },
    { agent: 'Gemini CLI', file: at('.gemini', 'settings.json'), when: at('.gemini'), format: 'json', path: () => ['mcpServers', MCP_SERVER_NAME], entry: stdio },
    { agent: 'Cursor', file: at('.cursor', 'mcp.json'), when: at('.cursor'), format: 'json', path: () => ['mcpServers', MCP_SERVER_NAME], entry: stdio },
    {
      agent: 'OpenCode',
      file: at('opencode.json'),
      when: existsSync(at('opencode.json')) ? at('opencode.json') : at('.opencode'),
      format: 'json',
      path: opencodePath,
      entry: (cmd) => ({ type: 'local', command: ['sh', '-c', cmd] }),
    },
  ];
}

/** Ours: a server entry whose command line starts agent-handover's mcp command (a global install's
 * path to dist/cli.js need not name the package). */
function isOurs(entry: unknown): boolean {
  const s = JSON.stringify(entry ?? null);
  return (s.includes(PACKAGE_NAME) || /\/dist\/cli\.js\\?"? mcp\b/.test(s)) && /\bmcp\b/.test(s);
}

/** Where an entry of ours may sit, in any layout. */
const OUR_PATHS = [['mcpServers', MCP_SERVER_NAME], ['mcp', MCP_SERVER_NAME], ['mcp', 'servers', MCP_SERVER_NAME]];

/** A JSON config as an object; undefined when it does not parse or is not an object. */
function jsonDoc(text: string): Record<string, unknown> | undefined {
  try {
    const doc = parseJsonText(text);
    return isObject(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function getIn(doc: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = doc;
  for (const k of path) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function setIn(doc: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = doc;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

/** Deletes the entry and every container it leaves empty. */
function deleteIn(doc: Record<string, unknown>, path: string[]): void {
  const chain: Array<Record<string, unknown>> = [doc];
  for (const k of path.slice(0, -1)) {
    const next = chain[chain.length - 1]![k];
    if (typeof next !== 'object' || next === null) return;
    chain.push(next as Record<string, unknown>);
  }
  delete chain[chain.length - 1]![path[path.length - 1]!];
  for (let i = chain.length - 1; i > 0; i--) if (Object.keys(chain[i]!).length === 0) delete chain[i - 1]![path[i - 1]!];
}

const tomlMarkers = { start: `[mcp_servers.${MCP_SERVER_NAME}]`, end: '# end agent-handover mcp' };
function tomlBlock(cmd: string): string {
  return `${tomlMarkers.start}\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(cmd)}]\n${tomlMarkers.end}\n`;
}

const plus = (text: string) => text.replace(/\n$/, '').replace(/^/gm, '+ ');

async function registerOne(t: Target, cmd: string, dryRun: boolean): Promise<InstallAction> {
  const current = await readBytes(t.file);
  const text = current?.toString('utf8');
  if (t.format === 'toml') {
    const block = tomlBlock(cmd);
    const span = text ? findTextBlock(text, tomlMarkers) : undefined;
    if (text && !span && text.split('\n').some((l) => l.trim() === tomlMarkers.start)) return { target: t.file, action: 'skipped', detail: msg.mcpForeign(t.agent) };
    const next = withTextBlock(text, block, tomlMarkers, '\n');
    if (next === text) return { target: t.file, action: 'unchanged', detail: msg.mcpDetail(t.agent) };
    if (!dryRun) await writeUserFile(t.file, next, { current, currentHasOurs: !!span });
    return { target: t.file, action: actionFor(current ? 'updated' : 'created', dryRun), detail: msg.mcpDetail(t.agent), diff: plus(block) };
  }
  const doc = text === undefined ? {} : jsonDoc(text);
  if (!doc) return { target: t.file, action: 'skipped', detail: msg.mcpUnreadable(t.agent) };
  const path = t.path!(doc);
  const existing = getIn(doc, path);
  const entry = t.entry(cmd);
  if (existing !== undefined && !isOurs(existing)) return { target: t.file, action: 'skipped', detail: msg.mcpForeign(t.agent) };
  if (jsonEqual(existing, entry)) return { target: t.file, action: 'unchanged', detail: msg.mcpDetail(t.agent) };
  setIn(doc, path, entry);
  const out = formatJson(doc, text === undefined ? DEFAULT_JSON_FORMAT : detectJsonFormat(text));
  if (!dryRun) await writeUserFile(t.file, out, { current, currentHasOurs: existing !== undefined });
  return { target: t.file, action: actionFor(current ? 'updated' : 'created', dryRun), detail: msg.mcpDetail(t.agent), diff: plus(`${path.join('.')}: ${JSON.stringify(entry, null, 2)}`) };
}

async function unregisterOne(t: Target, dryRun: boolean): Promise<InstallAction | undefined> {
  const current = await readBytes(t.file);
  if (current === undefined) return undefined;
  const text = current.toString('utf8');
  if (t.format === 'toml') {
    if (!findTextBlock(text, tomlMarkers)) return undefined;
    const next = withoutTextBlock(text, tomlMarkers, '\n');
    return removal(t, next, { sameAsBackup: (b) => b === next || `${b}\n` === next, deleteFile: next.trim() === '' }, dryRun);
  }
  const doc = jsonDoc(text);
  const paths = OUR_PATHS.filter((p) => doc && isOurs(getIn(doc, p)));
  if (!doc || !paths.length) return undefined;
  for (const p of paths) deleteIn(doc, p);
  const next = formatJson(doc, detectJsonFormat(text));
  const sameAsBackup = (b: string) => jsonEqual(jsonDoc(b), doc);
  return removal(t, next, { sameAsBackup, deleteFile: Object.keys(doc).length === 0 }, dryRun);
}

async function removal(t: Target, next: string, how: { sameAsBackup: (b: string) => boolean; deleteFile: boolean }, dryRun: boolean): Promise<InstallAction> {
  const outcome = dryRun ? (await plannedRemoval(t.file, how)).outcome : await writeWithoutOurs(t.file, next, how);
  return { target: t.file, action: actionFor(outcome, dryRun), detail: msg.mcpRemoved(t.agent) };
}

// Versions before the one ES module build started the MCP server from this file.
const OLD_BIN = 'dist/agent-handover.cjs';

/**
 * Where our MCP registration is, and the ones that still start the old CommonJS bin (doctor
 * reports them; install-hooks rewrites them, since an entry of ours that differs is updated).
 */
export async function mcpRegistrations(projectDir: string): Promise<{ current: string[]; old: string[] }> {
  const out = { current: [] as string[], old: [] as string[] };
  for (const t of targets(projectDir)) {
    const text = (await readBytes(t.file))?.toString('utf8');
    if (text === undefined) continue;
    let ours: string | undefined;
    if (t.format === 'toml') {
      const span = findTextBlock(text, tomlMarkers);
      ours = span && text.slice(span.start, span.end);
    } else {
      const doc = jsonDoc(text);
      const entry = doc && OUR_PATHS.map((p) => getIn(doc, p)).find(isOurs);
      ours = entry === undefined ? undefined : JSON.stringify(entry);
    }
    if (ours !== undefined) (ours.includes(OLD_BIN) ? out.old : out.current).push(t.file);
  }
  return out;
}

export async function registerMcp(report: InstallReport, o: { projectDir: string; kind: InstallKind; packageRoot: string; dryRun: boolean; enabled: boolean }): Promise<void> {
  if (!o.enabled) {
    report.messages.push(msg.mcpSkippedFlag);
    return;
  }
  const cmd = mcpShellCommand(o.kind, o.packageRoot);
  for (const t of targets(o.projectDir)) {
    if (t.when && !existsSync(t.when)) continue;
    report.actions.push(await registerOne(t, cmd, o.dryRun));
  }
}

/** uninstall-hooks: one call. Removes our entry wherever it is, whatever the folders say now. */
export async function unregisterMcp(report: InstallReport, o: { projectDir: string; dryRun: boolean }): Promise<void> {
  for (const t of targets(o.projectDir)) {
    const a = await unregisterOne(t, o.dryRun);
    if (a) report.actions.push(a);
  }
}
