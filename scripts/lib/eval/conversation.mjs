// Reads a fixture transcript of any agent we evaluate into one neutral list of events, so the
// replay (which files to write, which commits to make, where turns end) and the baseline (the
// conversation text) do not care which agent wrote it. This is the evaluation's own reader, on
// purpose independent of src/session: the thing under test must not grade itself.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * @typedef {{ line: number, kind: 'prompt'|'assistant'|'call'|'result', text?: string, tool?: string,
 *   input?: any, id?: string, error?: boolean, sidechain?: boolean }} Event
 * @typedef {{ agent: 'claude-code'|'codex'|'gemini', cwd: string, lines: string[], events: Event[],
 *   turnEnds: number[], compactions?: Array<{line: number, trigger: string}> }} Conversation
 * `lines` are the units the replay grows the transcript by (JSONL lines; for Gemini's single JSON
 * document, its messages). `turnEnds[k]` is the number of lines that make turn k complete.
 */

export function agentOf(path) {
  if (path.includes('/codex/')) return 'codex';
  if (path.includes('/gemini/')) return 'gemini';
  if (path.includes('/claude-code/')) return 'claude-code';
  return undefined;
}

/** @returns {Conversation} */
export function readConversation(path) {
  const agent = agentOf(path);
  const text = readFileSync(path, 'utf8');
  if (agent === 'gemini') return gemini(JSON.parse(text));
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
  throw new Error(`${path}: not under claude-code/, codex/ or gemini/; cannot tell which agent wrote it`);
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
