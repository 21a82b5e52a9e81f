import { ClaudeCollector } from './claude-collector.js';
import { isObj, jsonRecord, type Obj } from './json-record.js';
import { emptyFacts, type TranscriptFacts } from './transcript-types.js';

// Tool names across Cursor's and Droid's tool sets (and their older spellings), onto Claude Code's.
const SHELL = /^(?:shell|bash|run_terminal_cmd|run_terminal_command|execute|execute_command|run_command|terminal)$/i;
const EDIT = /^(?:write|edit|multiedit|strreplace|str_replace|search_replace|edit_file|write_file|create|create_file|applypatch|apply_patch|delete|delete_file|notebookedit|edit_notebook)$/i;
const TODO = /^(?:todowrite|todo_write|update_todos)$/i;

/**
 * Message-per-line JSONL logs in the shape of Anthropic messages: Cursor's agent transcripts
 * ({role, message:{content:[…]}}, no timestamps and no tool results), Factory Droid's
 * ({type:"message", message:{role, content}}, or Claude Code's own records). Each line is turned
 * into a Claude Code record and read by the Claude collector, so the facts are the same kind.
 */
export class MessageLogCollector {
  private readonly claude = new ClaudeCollector();
  private readonly counts = emptyFacts();

  addLine(text: string): void {
    const r = jsonRecord(text, this.counts);
    if (!r) return;
    const record = toClaudeRecord(r);
    if (record) this.claude.addRecord(record, this.counts.lineCount);
  }

  finish(): TranscriptFacts {
    return { ...this.claude.finish(), lineCount: this.counts.lineCount, badLines: this.counts.badLines };
  }
}

export function toClaudeRecord(r: Obj): Obj | undefined {
  const session = typeof r.sessionId === 'string' ? r.sessionId : typeof r.session_id === 'string' ? r.session_id : typeof r.id === 'string' && r.type === 'session_start' ? r.id : undefined;
  const msg = isObj(r.message) ? r.message : undefined;
  const role = r.type === 'user' || r.type === 'assistant' ? r.type : typeof r.role === 'string' ? r.role : typeof msg?.role === 'string' ? msg.role : undefined;
  if (role !== 'user' && role !== 'assistant') return session ? { type: 'system', sessionId: session } : r;
  const content = msg ? msg.content : r.content;
  return {
    ...(session ? { sessionId: session } : {}),
    ...(r.isSidechain === true ? { isSidechain: true } : {}),
    type: role,
    message: { role, content: Array.isArray(content) ? content.map((b) => (isObj(b) ? block(b, role) : b)) : typeof content === 'string' ? unwrap(content) : content },
  };
}

function block(b: Obj, role: string): Obj {
  if (b.type === 'text' && typeof b.text === 'string' && role === 'user') return { ...b, text: unwrap(b.text) };
  if (b.type !== 'tool_use' || typeof b.name !== 'string') return b;
  const input = isObj(b.input) ? b.input : {};
  if (SHELL.test(b.name) && typeof input.command === 'string') return { ...b, name: 'Bash', input: { command: input.command } };
  const file = input.file_path ?? input.path ?? input.target_file ?? input.filePath ?? input.target_notebook;
  if (EDIT.test(b.name) && typeof file === 'string') return { ...b, name: 'Edit', input: { file_path: file } };
  if (TODO.test(b.name) && Array.isArray(input.todos)) return { ...b, name: 'TodoWrite', input: { todos: input.todos } };
  return b;
}

/** Cursor wraps what the user typed in <user_query>; what is around it (attached files, rules) is not the request. */
function unwrap(text: string): string {
  const m = /<user_query>([\s\S]*?)<\/user_query>/.exec(text);
  return m ? m[1]!.trim() : text;
}
