import { createRequire } from 'node:module';
import type { CallToolResult, McpServer } from '@modelcontextprotocol/server';
import { loadProject, type Project } from '../project/project.js';
import { recall as msg } from '../messages/recall.js';
import { VERSION } from '../version.js';
import { HandoverError, ValidationError } from '../errors.js';
import { RECALL_KINDS } from './memory-docs.js';
import { formatHits, openProjectIndex, presentHit, recallFilter } from './recall.js';
import type { RecallIndex } from './recall-index.js';
import { readSessionNote } from './session-lookup.js';

/**
 * `agent-handover mcp`: the memory as MCP tools over stdio. stdout carries JSON-RPC only (the SDK's
 * transport writes it; nothing here prints), errors go to stderr. The project is resolved once and
 * the recall index stays open, so a call costs a few stats (catching up with new notes) and a query.
 */
export interface McpOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where to log out-of-band errors; stderr by default. */
  log?: (line: string) => void;
}

// The SDK and zod are runtime dependencies loaded here, not bundled: they would double the CLI
// bundle that every command reads at start-up, and only this command needs them.
const load = createRequire(import.meta.url);
const sdk = load('@modelcontextprotocol/server') as typeof import('@modelcontextprotocol/server');
const { serveStdio } = load('@modelcontextprotocol/server/stdio') as typeof import('@modelcontextprotocol/server/stdio');
const z = load('zod/v4') as typeof import('zod/v4');
const { ProtocolError, ProtocolErrorCode } = sdk;

const NOTE_KINDS = ['decision', 'gotcha', 'followup', 'constraint', 'context', 'done'] as const;

function text(t: string, structured?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: t }], ...(structured ? { structuredContent: structured } : {}) };
}

/** A refusal the agent should read (PAUSE, nothing found): a tool result flagged as an error. */
function refusal(t: string): CallToolResult {
  return { content: [{ type: 'text', text: t }], isError: true };
}

/** Bad arguments are the caller's mistake: an MCP invalid-params error naming the fix. */
function invalid(err: unknown): never {
  const e = err as HandoverError;
  throw new ProtocolError(ProtocolErrorCode.InvalidParams, `${e.message}${e.hint ? ` ${e.hint}` : ''}`);
}

export function createMemoryServer(p: Project, opts: McpOptions): McpServer {
  let index: RecallIndex | undefined;
  const warmIndex = (): RecallIndex => {
    if (!index) index = openProjectIndex(p).index;
    else index.refresh();
    return index;
  };
  const server = new sdk.McpServer({ name: msg.serverName, version: VERSION }, { capabilities: { tools: {} }, instructions: msg.instructions });
  const guard = async (fn: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ProtocolError) throw err;
      if (err instanceof ValidationError || (err instanceof HandoverError && err.code === 'USAGE')) invalid(err);
      opts.log?.(`agent-handover mcp: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return refusal(err instanceof HandoverError ? `${err.message}${err.hint ? ` ${err.hint}` : ''}` : `agent-handover: ${String((err as Error)?.message ?? err)}`);
    }
  };

  server.registerTool(
    'recall',
    {
      title: 'Search project memory',
      description: msg.tools.recall,
      inputSchema: z.object({
        query: z.string().min(1).max(2000).describe('Words to search for, or an exact id (d-…, f-…, g-…, a session id, a commit hash).'),
        kind: z.enum(RECALL_KINDS).optional().describe('Only items of this kind.'),
        since: z.string().optional().describe('Only items from this date (YYYY-MM-DD) or this many days back.'),
        agent: z.string().optional().describe('Only items from sessions of this agent (claude-code, codex, gemini, …).'),
        limit: z.number().int().min(1).max(100).optional().describe('How many hits (default 10).'),
      }),
      annotations: { readOnlyHint: true },
    },
    async (a) =>
      guard(() => {
        const filter = recallFilter(a);
        const hits = warmIndex().search(a.query, filter);
        return text(formatHits(p, a.query, hits), { hits: hits.map((h) => presentHit(p, h)) });
      }),
  );

  server.registerTool(
    'note',
    {
      title: 'Record in project memory',
      description: msg.tools.note,
      inputSchema: z.object({
        kind: z.enum(NOTE_KINDS).describe('decision, gotcha, followup, constraint, context; or done to close a follow-up (text = its id, f-…).'),
        text: z.string().min(1).max(4000).describe('One self-contained line: what, and for a decision why.'),
        session: z.string().optional().describe('Session to attach it to; default the current one.'),
      }),
    },
    async (a) =>
      guard(async () => {
        const { recordNote } = await import('../pipeline/record-note.js');
        const r = await recordNote(p, a, opts.env);
        if ('paused' in r) return refusal(msg.notePaused(r.paused));
        return text(msg.noteSaved(r.capture.id, r.session), { id: r.capture.id, session: r.session, kind: r.capture.kind });
      }),
  );

  server.registerTool(
    'state',
    {
      title: 'Current project state',
      description: msg.tools.state,
      inputSchema: z.object({ budget: z.number().int().min(200).max(100_000).optional().describe('Most characters to return; cannot exceed the configured context budget.') }),
      annotations: { readOnlyHint: true },
    },
    async (a) =>
      guard(async () => {
        const { buildContext } = await import('../pipeline/session-context.js');
        const cap = p.config.context.budget;
        return text(await buildContext(p, { budget: Math.min(a.budget ?? cap, cap) }));
      }),
  );

  server.registerTool(
    'session',
    {
      title: 'One session note',
      description: msg.tools.session,
      inputSchema: z.object({ id: z.string().min(1).max(200).describe('A session id, or "last".') }),
      annotations: { readOnlyHint: true },
    },
    async (a) =>
      guard(async () => {
        const found = await readSessionNote(p, a.id);
        if (!found) return refusal(msg.noSessionFound(a.id));
        return text(found.text, { session: found.session, note: found.note });
      }),
  );

  server.registerTool(
    'followups',
    {
      title: 'Open follow-ups',
      description: msg.tools.followups,
      inputSchema: z.object({}),
      annotations: { readOnlyHint: true },
    },
    async () =>
      guard(async () => {
        const { openFollowups } = await import('./session-lookup.js');
        const items = await openFollowups(p);
        const lines = items.map((f) => `- ${f.text} (${f.id}; session ${f.session}, ${f.at})`);
        return text(lines.length ? lines.join('\n') : msg.noOpenFollowups, { followups: items });
      }),
  );
  return server;
}

/** Runs the server on this process's stdin/stdout until the client disconnects. */
export async function runMcpServer(opts: McpOptions): Promise<void> {
  const log = opts.log ?? ((l: string) => void process.stderr.write(`${l}\n`));
  const p = await loadProject(opts.env.CLAUDE_PROJECT_DIR ?? opts.cwd, { env: opts.env });
  await new Promise<void>((resolve) => {
    const handle = serveStdio(() => createMemoryServer(p, { ...opts, log }), { onerror: (e) => log(`agent-handover mcp: ${e.message}`) });
    const done = () => {
      void handle.close().finally(resolve);
    };
    process.stdin.once('end', done);
    process.stdin.once('close', done);
  });
}
