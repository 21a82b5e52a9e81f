import { finishFacts } from './transcript-merge.js';
import { LIMITS, addEdited, cap, emptyFacts, todoList, type TranscriptFacts } from './transcript-types.js';
import { isObj, type Obj } from './json-record.js';
import { addCues, isChatter } from './cues.js';
import { firstErrorLine } from './tool-facts.js';
import { OpeningTracker } from './opening.js';

const EDIT_TOOLS = new Set(['write_file', 'replace', 'edit']);
const SHELL_TOOLS = new Set(['run_shell_command']);

/** Facts of a Gemini CLI session document ({sessionId, messages[]}); undefined when `doc` is not one. */
export function geminiFacts(doc: unknown): TranscriptFacts | undefined {
  if (!isObj(doc) || !Array.isArray(doc.messages)) return undefined;
  const facts = emptyFacts();
  const files = new Set<string>();
  const opening = new OpeningTracker(facts);
  if (typeof doc.sessionId === 'string') facts.sessionIds.push(doc.sessionId);
  for (const m of doc.messages) {
    facts.lineCount++;
    if (!isObj(m)) {
      facts.badLines++;
      continue;
    }
    const text = contentText(m.content);
    const at = typeof m.timestamp === 'string' ? m.timestamp : undefined;
    if (m.type === 'user') {
      if (text.trim() && !isChatter(text)) {
        facts.requests.push(cap(text, LIMITS.requestChars));
        opening.request();
        addCues(facts, text, 'user', facts.lineCount, at);
      }
    } else if (m.type === 'gemini') {
      if (text.trim()) {
        facts.lastAssistantMessage = cap(text, LIMITS.assistantChars);
        addCues(facts, text, 'agent', facts.lineCount, at);
        opening.say(text, facts.lineCount);
      }
      for (const call of Array.isArray(m.toolCalls) ? m.toolCalls.filter(isObj) : []) {
        const name = typeof call.name === 'string' ? call.name : '';
        const args = isObj(call.args) ? call.args : {};
        const file = args.file_path ?? args.absolute_path ?? args.path;
        opening.tool(name, args, facts.lineCount);
        if (EDIT_TOOLS.has(name)) addEdited(facts, files, file);
        else if (SHELL_TOOLS.has(name) && typeof args.command === 'string') {
          const failed = callFailed(call);
          const error = failed ? firstErrorLine(resultText(call.result), LIMITS.errorChars) : undefined;
          facts.commands.push({ command: cap(args.command, LIMITS.commandChars), failed, line: facts.lineCount, ...(error ? { error } : {}), ...(typeof call.id === 'string' ? { id: call.id } : {}) });
        } else if (name === 'write_todos' && Array.isArray(args.todos)) {
          facts.carry.todoWrite = todoList(args.todos, (t) => t.description ?? t.content);
        }
        opening.settle(facts.lineCount);
      }
    } else if (m.type !== 'info' && m.type !== 'error' && m.type !== 'warning') {
      facts.unknownTypes++;
    }
  }
  opening.finish();
  return finishFacts(facts);
}

/** Cancelled and errored calls failed; a finished shell call failed when its exit code was not 0. */
function callFailed(call: Obj): boolean {
  if (call.status !== undefined && call.status !== 'success') return true;
  const out = JSON.stringify(call.result ?? '');
  const code = /Exit Code: (-?\d+)/.exec(out)?.[1];
  return code !== undefined && code !== '0';
}

/** A tool call's output as text, whatever its nesting ([{functionResponse: {response: {output}}}] in recent versions). */
function resultText(result: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (isObj(v)) for (const k of ['output', 'error', 'stderr', 'response', 'functionResponse', 'llmContent']) if (k in v) walk(v[k], depth + 1);
  };
  walk(result, 0);
  return out.join('\n');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.filter(isObj).map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n');
  return '';
}
