import { finishFacts } from './transcript-merge.js';
import { isObj, type Obj } from './json-record.js';
import { LIMITS, addEdited, cap, emptyFacts, type CommandFact, type ReadResult, type TranscriptFacts } from './transcript-types.js';
import { OpeningTracker } from './opening.js';

const EDIT_TOOLS = new Set(['write_to_file', 'replace_in_file', 'apply_diff', 'insert_content', 'new_file', 'edit_file', 'apply_patch']);
const XML_TOOLS = /<(execute_command|write_to_file|replace_in_file|apply_diff|insert_content|attempt_completion|new_task)>([\s\S]*?)<\/\1>/g;

function tag(body: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body);
  return m?.[1]?.trim();
}

/**
 * Facts of a Cline task's api_conversation_history.json (Anthropic messages). Cline calls tools
 * either as native tool_use blocks or, in older versions, as XML in the assistant's text
 * (<execute_command><command>…</command></execute_command>); the user's words are in <task> (the
 * first message) and <feedback> / <answer> (later ones), and everything else in a user turn is
 * tool results and environment details. The checklist Cline keeps (task_progress) is its plan.
 */
export function clineFacts(history: unknown): TranscriptFacts | undefined {
  if (!Array.isArray(history)) return undefined;
  const facts = emptyFacts();
  const files = new Set<string>();
  const opening = new OpeningTracker(facts);
  const byId = new Map<string, CommandFact>();
  let lastCommand: CommandFact | undefined;
  const tool = (name: string, input: Obj, id?: string) => {
    opening.tool(name, input, facts.lineCount);
    if (name === 'execute_command' && typeof input.command === 'string') {
      lastCommand = { command: cap(input.command, LIMITS.commandChars), failed: false, ...(id ? { id } : {}) };
      if (id) byId.set(id, lastCommand);
      facts.commands.push(lastCommand);
    } else if (EDIT_TOOLS.has(name)) addEdited(facts, files, input.path ?? input.file_path);
    else if (name === 'attempt_completion' && typeof input.result === 'string') facts.lastAssistantMessage = cap(input.result, LIMITS.assistantChars);
    const progress = typeof input.task_progress === 'string' ? input.task_progress : '';
    const items = [...progress.matchAll(/^\s*-\s*\[( |x|X)\]\s*(.+)$/gm)].map((m) => ({ content: cap(m[2]!, LIMITS.requestChars), status: m[1] === ' ' ? 'pending' : 'completed' }));
    if (items.length) facts.carry.todoWrite = items.slice(0, LIMITS.todos);
    opening.settle(facts.lineCount);
  };
  for (const m of history) {
    facts.lineCount++;
    if (!isObj(m) || (m.role !== 'user' && m.role !== 'assistant')) {
      facts.badLines++;
      continue;
    }
    const blocks: Obj[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? m.content.filter(isObj) : [];
    for (const b of blocks) {
      if (m.role === 'assistant' && b.type === 'text' && typeof b.text === 'string') {
        let plain = b.text;
        for (const x of b.text.matchAll(XML_TOOLS)) {
          const body = x[2]!;
          tool(x[1]!, { command: tag(body, 'command'), path: tag(body, 'path'), result: tag(body, 'result'), task_progress: tag(body, 'task_progress') });
          plain = plain.replace(x[0], '');
        }
        plain = plain.replace(/<thinking>[\s\S]*?<\/thinking>/g, '').trim();
        if (plain) {
          facts.lastAssistantMessage = cap(plain, LIMITS.assistantChars);
          opening.say(plain, facts.lineCount);
        }
      } else if (m.role === 'assistant' && b.type === 'tool_use' && typeof b.name === 'string') {
        tool(b.name, isObj(b.input) ? b.input : {}, typeof b.id === 'string' ? b.id : undefined);
      } else if (m.role === 'user' && b.type === 'tool_result') {
        const target = typeof b.tool_use_id === 'string' ? byId.get(b.tool_use_id) : undefined;
        if (target) target.failed ||= b.is_error === true || exitFailed(JSON.stringify(b.content ?? ''));
      } else if (m.role === 'user' && b.type === 'text' && typeof b.text === 'string') {
        const said = tag(b.text, 'task') ?? tag(b.text, 'feedback') ?? tag(b.text, 'answer') ?? tag(b.text, 'user_message');
        if (said) {
          facts.requests.push(cap(said, LIMITS.requestChars));
          opening.request();
        }
        // XML-era results come back as text: "[execute_command for 'npm test'] Result: … Exit code: 1".
        else if (lastCommand && /^\[execute_command for /.test(b.text) && exitFailed(b.text)) lastCommand.failed = true;
      }
    }
  }
  opening.finish();
  return finishFacts(facts);
}

function exitFailed(text: string): boolean {
  const code = /exit code:? (-?\d+)/i.exec(text)?.[1];
  return code !== undefined && code !== '0';
}

export async function readClineHistory(path: string): Promise<ReadResult> {
  const { readDocument } = await import('./transcript.js');
  return readDocument(path, 'not a list of messages', clineFacts);
}
