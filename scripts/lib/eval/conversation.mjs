// Reads a fixture transcript of any agent we evaluate into one neutral list of events, so the
// replay (which files to write, which commits to make, where turns end) and the baseline (the
// conversation text) do not care which agent wrote it. This is the evaluation's own reader, on
// purpose independent of src/session: the thing under test must not grade itself.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * @typedef {{ line: number, kind: 'prompt'|'assistant'|'call'|'result', text?: string, tool?: string,
 *   input?: any, id?: string, error?: boolean, sidechain?: boolean }} Event
 * @typedef {{ agent: 'claude-code'|'codex'|'gemini'|'copilot'|'opencode', cwd: string, lines: string[], events: Event[],
 *   turnEnds: number[], compactions?: Array<{line: number, trigger: string}> }} Conversation
 * `lines` are the units the replay grows the transcript by (JSONL lines; for Gemini's single JSON
 * document, its messages). `turnEnds[k]` is the number of lines that make turn k complete.
 */

export function agentOf(path) {
  if (path.includes('/codex/')) return 'codex';
  if (path.includes('/gemini/')) return 'gemini';
  if (path.includes('/copilot/')) return 'copilot';
  if (path.includes('/opencode/')) return 'opencode';
  if (path.includes('/claude-code/')) return 'claude-code';
  return undefined;
}

/** @returns {Conversation} */
export function readConversation(path) {
  const agent = agentOf(path);
  const text = readFileSync(path, 'utf8');
  if (agent === 'gemini') return gemini(JSON.parse(text));
  if (agent === 'opencode') return opencode(JSON.parse(text));
  const lines = text.split('\n').filter((l) => l.trim());
  const records = lines.map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return {};
    }
  });
  if (agent === 'codex') return codex(lines, records);
  if (agent === 'claude-code') return claude(lines, records);
  if (agent === 'copilot') return copilot(lines, records);
  throw new Error(`${path}: not under claude-code/, codex/, gemini/, copilot/ or opencode/; cannot tell which agent wrote it`);
}

// Prompts that start a turn but carry no request the next session needs.
const NOT_A_PROMPT = /^(\[Request interrupted|<local-command-stdout>|<local-command-stderr>|Caveat: The messages below|<system-reminder>|<environment_context>|<user_instructions>|# AGENTS\.md instructions|<turn_aborted>)/;

function turnEndsFrom(events, total) {
  // Each real prompt after the first ends the turn before it; the last turn ends with the file.
  const starts = [...new Set(events.filter((e) => e.kind === 'prompt' && !e.sidechain).map((e) => e.line))].sort((a, b) => a - b).slice(1);
  return [...starts, total];
}

function claude(lines, records) {
  /** @type {Event[]} */
  const events = [];
  let cwd = '';
  records.forEach((r, line) => {
    if (!cwd && typeof r.cwd === 'string') cwd = r.cwd;
    const sidechain = r.isSidechain === true;
    const content = r.message?.content;
    if (r.type === 'user' && !r.isMeta && !r.isCompactSummary) {
      const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
      for (const b of blocks) {
        if (b?.type === 'tool_result') {
          const t = typeof b.content === 'string' ? b.content : Array.isArray(b.content) ? b.content.map((c) => c?.text ?? '').join('\n') : '';
          events.push({ line, kind: 'result', id: b.tool_use_id, text: t, error: b.is_error === true, sidechain });
        } else if (b?.type === 'text' && typeof b.text === 'string' && b.text.trim() && !NOT_A_PROMPT.test(b.text.trim())) {
          events.push({ line, kind: 'prompt', text: b.text, sidechain });
        }
      }
    } else if (r.type === 'assistant' && Array.isArray(content)) {
      for (const b of content) {
        if (b?.type === 'text' && b.text?.trim()) events.push({ line, kind: 'assistant', text: b.text, sidechain });
        else if (b?.type === 'tool_use') events.push({ line, kind: 'call', id: b.id, tool: b.name, input: b.input ?? {}, sidechain });
      }
    }
  });
  // Where Claude Code compacted the conversation: the replay fires PreCompact there, as it did.
  const compactions = records.flatMap((r, line) => (r.type === 'system' && r.subtype === 'compact_boundary' ? [{ line, trigger: r.compactMetadata?.trigger ?? 'auto' }] : []));
  return { agent: 'claude-code', cwd, lines, events, turnEnds: turnEndsFrom(events, lines.length), compactions };
}

function exitCodeOf(output) {
  if (typeof output !== 'string') return undefined;
  let o = output;
  try {
    const j = JSON.parse(output);
    if (j && typeof j === 'object') {
      if (typeof j.metadata?.exit_code === 'number') return j.metadata.exit_code;
      if (typeof j.output === 'string') o = j.output;
    }
  } catch {
    // plain text output
  }
  const m = /(?:Process exited with code|Exit code:)\s*(-?\d+)/i.exec(o);
  return m ? Number(m[1]) : undefined;
}

function codex(lines, records) {
  /** @type {Event[]} */
  const events = [];
  let cwd = '';
  const seenUser = new Set();
  records.forEach((r, line) => {
    const p = r.payload ?? {};
    if (r.type === 'session_meta' && typeof p.cwd === 'string') cwd ||= p.cwd;
    if (r.type === 'turn_context' && typeof p.cwd === 'string') cwd ||= p.cwd;
    if (r.type !== 'response_item') return;
    if (p.type === 'message') {
      const text = (p.content ?? []).map((c) => c?.text ?? '').join('\n');
      if (!text.trim()) return;
      if (p.role === 'user' && !NOT_A_PROMPT.test(text.trim())) {
        // Some versions write the same prompt twice in a row (message + event); keep one.
        if (seenUser.has(`${line - 1}:${text}`)) return;
        seenUser.add(`${line}:${text}`);
        events.push({ line, kind: 'prompt', text });
      } else if (p.role === 'assistant') events.push({ line, kind: 'assistant', text });
    } else if (p.type === 'function_call' || p.type === 'custom_tool_call' || p.type === 'local_shell_call') {
      let input = p.input ?? p.arguments ?? p.action ?? {};
      if (typeof input === 'string' && p.type === 'function_call') {
        try {
          input = JSON.parse(input);
        } catch {
          // keep the raw string
        }
      }
      events.push({ line, kind: 'call', id: p.call_id ?? p.id, tool: p.name ?? p.type, input });
    } else if (p.type === 'function_call_output' || p.type === 'custom_tool_call_output') {
      const out = typeof p.output === 'string' ? p.output : JSON.stringify(p.output ?? '');
      const code = exitCodeOf(out);
      events.push({ line, kind: 'result', id: p.call_id, text: out, error: (code !== undefined && code !== 0) || /^failed in sandbox|^apply_patch verification failed/i.test(out) });
    }
  });
  return { agent: 'codex', cwd, lines, events, turnEnds: turnEndsFrom(events, lines.length) };
}

/**
 * Gemini's session file does not name the project folder: it is where a relative path argument
 * resolved to (a tool result quoting the absolute path), else the first absolute directory listed.
 */
function geminiCwd(events) {
  const results = new Map(events.filter((e) => e.kind === 'result').map((e) => [e.id, e.text ?? '']));
  for (const e of events) {
    const rel = e.kind === 'call' ? (e.input?.file_path ?? e.input?.path) : undefined;
    if (typeof rel !== 'string' || rel.startsWith('/') || rel === '.') continue;
    const m = new RegExp(`(/[^\\s'"]*)/${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(results.get(e.id) ?? '');
    if (m) return m[1];
  }
  for (const e of events) if (e.kind === 'call' && e.tool === 'list_directory' && typeof e.input?.path === 'string' && e.input.path.startsWith('/')) return e.input.path.replace(/\/+$/, '');
  return '';
}

function gemini(doc) {
  const messages = Array.isArray(doc.messages) ? doc.messages : [];
  /** @type {Event[]} */
  const events = [];
  messages.forEach((m, line) => {
    const text = typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((c) => c?.text ?? '').join('\n') : '';
    if (m.type === 'user' && text.trim() && !NOT_A_PROMPT.test(text.trim())) events.push({ line, kind: 'prompt', text });
    else if (m.type === 'gemini') {
      if (text.trim()) events.push({ line, kind: 'assistant', text });
      for (const c of m.toolCalls ?? []) {
        events.push({ line, kind: 'call', id: c.id, tool: c.name, input: c.args ?? {} });
        const resp = c.result?.[0]?.functionResponse?.response;
        const out = resp?.output ?? resp?.error ?? '';
        const text = typeof out === 'string' ? out : JSON.stringify(out);
        const code = exitCodeOf(text);
        events.push({ line, kind: 'result', id: c.id, text, error: (c.status !== undefined && c.status !== 'success') || (code !== undefined && code !== 0) });
      }
    }
  });
  const lines = messages.map((m) => JSON.stringify(m));
  return { agent: 'gemini', cwd: geminiCwd(events), lines, events, turnEnds: turnEndsFrom(events, lines.length), doc };
}

/** The conversation text a reader sees: user prompts and agent text, in order (the baseline's source). */
export function conversationText(conv) {
  return conv.events
    .filter((e) => (e.kind === 'prompt' || e.kind === 'assistant') && !e.sidechain)
    .map((e) => `${e.kind === 'prompt' ? 'User' : 'Assistant'}: ${e.text.trim()}`)
    .join('\n\n');
}

export const fixtureName = (path) => basename(path).replace(/\.(jsonl|json)$/, '');

// Copilot CLI and OpenCode name their edit tools differently; the replay speaks Claude Code's.
const TOOL_ALIASES = {
  create: (i) => ['Write', { file_path: i.path ?? i.filePath, content: i.file_text ?? i.content ?? '' }],
  write: (i) => ['Write', { file_path: i.filePath ?? i.path, content: i.content ?? '' }],
  edit: (i) => ['Edit', { file_path: i.path ?? i.filePath, old_string: i.old_str ?? i.oldString ?? '', new_string: i.new_str ?? i.newString ?? '', replace_all: i.replaceAll === true }],
  bash: (i) => ['Bash', { command: i.command ?? '' }],
  powershell: (i) => ['Bash', { command: i.command ?? '' }],
  patch: (i) => ['apply_patch', i.patchText ?? i.input ?? ''],
  apply_patch: (i) => ['apply_patch', i.patchText ?? i.input ?? ''],
};
const aliased = (tool, input) => (TOOL_ALIASES[tool] ? TOOL_ALIASES[tool](input ?? {}) : [tool, input ?? {}]);

/** GitHub Copilot CLI: ~/.copilot/session-state/<id>/events.jsonl. */
function copilot(lines, records) {
  /** @type {Event[]} */
  const events = [];
  let cwd = '';
  records.forEach((r, line) => {
    const d = r.data ?? {};
    if ((r.type === 'session.start' || r.type === 'session.resume') && typeof d.context?.cwd === 'string') cwd ||= d.context.cwd;
    // A subagent's prompt comes from "agent-<id>"; its messages and tools carry parentToolCallId.
    const sidechain = typeof d.parentToolCallId === 'string' || (typeof d.source === 'string' && d.source.startsWith('agent-'));
    if (r.type === 'user.message' && typeof d.content === 'string' && d.content.trim() && !NOT_A_PROMPT.test(d.content.trim())) events.push({ line, kind: 'prompt', text: d.content, sidechain });
    else if (r.type === 'assistant.message' && typeof d.content === 'string' && d.content.trim()) events.push({ line, kind: 'assistant', text: d.content, sidechain });
    else if (r.type === 'tool.execution_start') {
      const [tool, input] = aliased(d.toolName, d.arguments);
      events.push({ line, kind: 'call', id: d.toolCallId, tool, input, sidechain });
    } else if (r.type === 'tool.execution_complete') {
      const text = typeof d.result?.content === 'string' ? d.result.content : (d.error?.message ?? '');
      const code = d.shellExecution?.exitCode ?? Number(/(?:exited|completed) with exit code (-?\d+)>/.exec(text)?.[1] ?? 0);
      events.push({ line, kind: 'result', id: d.toolCallId, text, error: d.success === false || code !== 0, sidechain });
    }
  });
  return { agent: 'copilot', cwd, lines, events, turnEnds: turnEndsFrom(events, lines.length) };
}

/** OpenCode: `opencode export` JSON, { info, messages: [{ info, parts }] }. */
function opencode(doc) {
  const messages = Array.isArray(doc.messages) ? doc.messages : [];
  /** @type {Event[]} */
  const events = [];
  messages.forEach((m, line) => {
    const role = m.info?.role;
    for (const p of m.parts ?? []) {
      if (p.type === 'text' && typeof p.text === 'string' && p.text.trim() && !p.synthetic) {
        if (role === 'user' && !NOT_A_PROMPT.test(p.text.trim())) events.push({ line, kind: 'prompt', text: p.text });
        else if (role === 'assistant') events.push({ line, kind: 'assistant', text: p.text });
      } else if (p.type === 'tool' && role === 'assistant') {
        const [tool, input] = aliased(p.tool, p.state?.input);
        events.push({ line, kind: 'call', id: p.callID, tool, input });
        const out = p.state?.output ?? p.state?.error ?? '';
        const exit = p.state?.metadata?.exit;
        events.push({ line, kind: 'result', id: p.callID, text: typeof out === 'string' ? out : JSON.stringify(out), error: p.state?.status === 'error' || (typeof exit === 'number' && exit !== 0) });
      }
    }
  });
  const lines = messages.map((m) => JSON.stringify(m));
  return { agent: 'opencode', cwd: doc.info?.directory ?? '', lines, events, turnEnds: turnEndsFrom(events, lines.length), doc };
}
