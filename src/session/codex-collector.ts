import { applyToCommand } from './transcript-merge.js';
import { isObj, parseJson, type Obj } from './json-record.js';
import { LIMITS, cap, todoList, type TranscriptFacts } from './transcript-types.js';
import { isChatter, isHarnessMessage } from './cues.js';
import { deletedBy, firstErrorLine } from './tool-facts.js';
import { SliceCollector } from './slice-collector.js';

export const CODEX_TYPES = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'compacted']);
const SHELL_TOOLS = new Set(['shell', 'shell_command', 'local_shell', 'exec_command']);
// Text the Codex CLI and IDE put in the user's turn around what the user typed.
const NOT_TYPED = /^<(?:environment_context|user_instructions|user_shell_command|turn_aborted)>/;
const IDE_REQUEST = '## My request for Codex:';

/** Codex CLI rollout JSONL (~/.codex/sessions) into the same TranscriptFacts as Claude Code's. */
export class CodexCollector extends SliceCollector {
  private readonly callIds = new Set<string>();

  protected record(record: Obj): void {
    const type = typeof record.type === 'string' ? record.type : '';
    const payload = isObj(record.payload) ? record.payload : {};
    if ((type === 'session_meta' || type === 'turn_context') && typeof payload.cwd === 'string' && payload.cwd) {
      this.facts.cwd ??= payload.cwd;
    }
    if (!CODEX_TYPES.has(type)) this.facts.unknownTypes++;
    else if (type === 'session_meta' && typeof payload.id === 'string') this.session(payload.id);
    else if (type === 'event_msg') this.event(payload);
    else if (type === 'response_item') this.item(payload);
    else if (type === 'compacted' && typeof payload.message === 'string' && payload.message.trim()) this.facts.compactSummaries.push(cap(payload.message, LIMITS.summaryChars));
  }

  override finish(): TranscriptFacts {
    if (this.seenEvent) this.facts.carry.afterAgentAction = this.afterAgentAction;
    return super.finish();
  }

  private agentText(text: string): void {
    if (isHarnessMessage(text)) return;
    this.facts.lastAssistantMessage = cap(text, LIMITS.assistantChars);
    this.cue(text, 'agent');
    this.opening.say(text, this.line);
  }

  private event(p: Obj): void {
    if (p.type === 'user_message' && typeof p.message === 'string') {
      const text = p.message.split(IDE_REQUEST).at(-1)!.trim();
      if (text && !NOT_TYPED.test(text) && !isChatter(text)) this.request(cap(text, LIMITS.requestChars));
    } else if (p.type === 'agent_message' && typeof p.message === 'string' && p.message.trim()) {
      this.agentText(p.message);
    }
  }

  private item(p: Obj): void {
    if (p.type === 'message' && p.role === 'assistant' && Array.isArray(p.content)) {
      const text = p.content.filter(isObj).map((b) => (b.type === 'output_text' && typeof b.text === 'string' ? b.text : '')).join('\n');
      if (text.trim()) this.agentText(text);
    } else if (p.type === 'function_call' || p.type === 'custom_tool_call') {
      const id = typeof p.call_id === 'string' ? p.call_id : undefined;
      if (id !== undefined) this.callIds.add(id);
      const name = typeof p.name === 'string' ? p.name : '';
      const input = p.type === 'custom_tool_call' ? p.input : parseJson(p.arguments);
      this.opening.tool(name, input, this.line);
      this.call(name, input, id);
      this.opening.settle(this.line);
    } else if (p.type === 'function_call_output' || p.type === 'custom_tool_call_output') {
      if (typeof p.call_id !== 'string') return;
      const failed = outputFailed(p.output);
      const error = failed ? firstErrorLine(outputText(p.output), LIMITS.errorChars) : undefined;
      const command = this.commandById.get(p.call_id);
      if (command) applyToCommand(command, { isError: failed, error });
      else if (failed && !this.callIds.has(p.call_id)) this.facts.carry.pendingResults.push({ id: p.call_id, isError: true, ...(error ? { error } : {}) });
    }
  }

  private call(name: string, input: unknown, id: string | undefined): void {
    this.afterAgentAction = true;
    this.seenEvent = true;
    if (name === 'apply_patch' && typeof input === 'string') return this.patch(input);
    if (!isObj(input)) return;
    if (name === 'update_plan' && Array.isArray(input.plan)) {
      this.facts.carry.todoWrite = todoList(input.plan, (s) => s.step);
    }
    if (!SHELL_TOOLS.has(name)) return;
    const argv = input.command ?? input.cmd;
    let command: string | undefined;
    if (typeof argv === 'string') command = argv;
    else if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) {
      const args = argv as string[];
      if (args[0] === 'apply_patch' && args[1] !== undefined) return this.patch(args[1]);
      // ["bash", "-lc", "<script>"]: the script is what was run.
      command = args.length === 3 && /^-l?c$/.test(args[1] ?? '') ? args[2] : args.join(' ');
    }
    if (!command?.trim()) return;
    if (command.includes('*** Begin Patch')) this.patch(command);
    // Relative paths stay relative: a later slice need not know the folder, and the note resolves them.
    for (const d of deletedBy(command)) this.deleted.add(d);
    this.command(command, id);
  }

  private patch(text: string): void {
    for (const m of text.matchAll(/^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/gm)) {
      const file = m[2]?.trim();
      if (!file) continue;
      if (m[1] === 'Add File') this.created.add(file);
      if (m[1] === 'Delete File') this.deleted.add(file);
      else this.deleted.delete(file);
      this.edited(file);
    }
  }
}

/** The text of a tool output, whatever its shape ({"output": ...} or plain). */
function outputText(output: unknown): string {
  if (typeof output !== 'string') return '';
  const parsed = output.startsWith('{') ? parseJson(output) : undefined;
  return isObj(parsed) && typeof parsed.output === 'string' ? parsed.output : output;
}

/** Codex reports exit codes in a few shapes across versions; any non-zero one is a failure. */
function outputFailed(output: unknown): boolean {
  if (typeof output !== 'string') return false;
  const parsed = output.startsWith('{') ? parseJson(output) : undefined;
  const meta = isObj(parsed) && isObj(parsed.metadata) ? parsed.metadata : undefined;
  if (meta && typeof meta.exit_code === 'number') return meta.exit_code !== 0;
  // "Process exited with code N": exec_command since Codex 0.1xx.
  const code = /^Exit code: (-?\d+)/m.exec(output)?.[1] ?? /^Process exited with code (-?\d+)/m.exec(output)?.[1] ?? /exit code: (-?\d+)/i.exec(output)?.[1];
  if (code !== undefined) return code !== '0';
  return /^(?:failed in sandbox|execution error|error:)/i.test(output);
}
