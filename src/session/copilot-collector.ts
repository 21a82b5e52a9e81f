import { finishFacts } from './transcript-merge.js';
import { isObj, jsonRecord, type Obj } from './json-record.js';
import { LIMITS, cap, emptyFacts, type CommandFact, type SidechainFact, type TranscriptFacts } from './transcript-types.js';
import type { TranscriptReadOptions } from './transcript.js';
import type { ReadResult } from './transcript-types.js';
import { OpeningTracker } from './opening.js';

const SHELL_TOOLS = new Set(['bash', 'powershell', 'shell']);
const EDIT_TOOLS = new Set(['edit', 'create', 'write', 'str_replace', 'str_replace_editor', 'apply_patch']);
const SUBAGENT_TOOLS = new Set(['task']);
// Text the CLI wraps around what the user typed (date stamps, deferred-tool notices, reminders).
const WRAPPERS = /<(system_reminder|current_datetime|reminder)>[\s\S]*?<\/\1>/g;

/**
 * GitHub Copilot CLI's events.jsonl (~/.copilot/session-state/<id>/events.jsonl): typed events
 * {type, data, id, timestamp, parentId}. Append-only, so it is read from a saved offset like
 * Claude Code's transcript. A shell call's failure is in its output ("completed with exit code N"),
 * not in `success`, which only says the tool ran.
 */
export class CopilotCollector {
  private readonly facts = emptyFacts();
  private readonly opening = new OpeningTracker(this.facts);
  private readonly files = new Set<string>();
  private readonly commandById = new Map<string, CommandFact>();
  private readonly sideById = new Map<string, SidechainFact>();
  private readonly callIds = new Set<string>();

  addLine(text: string): void {
    const r = jsonRecord(text, this.facts);
    if (!r) return;
    const d = isObj(r.data) ? r.data : {};
    const sub = typeof r.agentId === 'string' || typeof d.parentToolCallId === 'string' || typeof d.agentId === 'string';
    switch (r.type) {
      case 'session.start':
      case 'session.resume':
        if (typeof d.sessionId === 'string' && !this.facts.sessionIds.includes(d.sessionId)) this.facts.sessionIds.push(d.sessionId);
        return;
      case 'user.message':
        if (!sub) this.user(d);
        return;
      case 'assistant.message':
        if (!sub && typeof d.content === 'string' && d.content.trim()) {
          this.facts.lastAssistantMessage = cap(d.content, LIMITS.assistantChars);
          this.opening.say(d.content, this.facts.lineCount);
        }
        return;
      case 'tool.execution_start':
        if (!sub) this.tool(d);
        return;
      case 'tool.execution_complete':
        this.done(d);
        return;
      case 'subagent.completed':
        return;
      case 'session.compaction_complete':
        if (typeof d.summary === 'string' && d.summary.trim()) this.facts.compactSummaries.push(cap(d.summary, LIMITS.summaryChars));
        return;
      default:
        if (typeof r.type !== 'string') this.facts.unknownTypes++;
    }
  }

  finish(): TranscriptFacts {
    this.opening.finish();
    return finishFacts(this.facts);
  }

  private user(d: Obj): void {
    const text = typeof d.content === 'string' ? d.content.replace(WRAPPERS, '').trim() : '';
    if (text && !text.startsWith('<')) {
      this.facts.requests.push(cap(text, LIMITS.requestChars));
      this.opening.request();
    }
  }

  private tool(d: Obj): void {
    const name = typeof d.toolName === 'string' ? d.toolName : '';
    const id = typeof d.toolCallId === 'string' ? d.toolCallId : undefined;
    if (id) this.callIds.add(id);
    const args = isObj(d.arguments) ? d.arguments : typeof d.arguments === 'string' ? parse(d.arguments) : {};
    this.opening.tool(name, args, this.facts.lineCount);
    this.toolFacts(name, id, args);
    this.opening.settle(this.facts.lineCount);
  }

  private toolFacts(name: string, id: string | undefined, args: Obj): void {
    if (SHELL_TOOLS.has(name) && typeof args.command === 'string' && args.command.trim()) {
      const fact: CommandFact = { command: cap(args.command, LIMITS.commandChars), failed: false, ...(id ? { id } : {}) };
      if (id) this.commandById.set(id, fact);
      this.facts.commands.push(fact);
    } else if (EDIT_TOOLS.has(name)) {
      const file = args.path ?? args.file_path ?? args.filePath;
      if (typeof file === 'string') this.file(file);
      const patch = typeof args.input === 'string' ? args.input : typeof args.patch === 'string' ? args.patch : undefined;
      if (patch) for (const m of patch.matchAll(/^\*\*\* (?:(?:Add|Update|Delete) File|Move to): (.+)$/gm)) this.file(m[1]!.trim());
    } else if (SUBAGENT_TOOLS.has(name)) {
      const side: SidechainFact = { ...(id ? { id } : {}) };
      if (typeof args.description === 'string') side.description = cap(args.description, LIMITS.sidechainChars);
      if (typeof args.prompt === 'string') side.prompt = cap(args.prompt, LIMITS.sidechainChars);
      if (id) this.sideById.set(id, side);
      this.facts.sidechains.push(side);
    } else if ((name === 'update_todo' || name === 'todo_write') && Array.isArray(args.todos)) {
      this.facts.carry.todoWrite = args.todos.filter(isObj).slice(0, LIMITS.todos).map((t) => ({ content: cap(String(t.content ?? t.title ?? t.description ?? ''), LIMITS.requestChars), status: String(t.status ?? 'pending') }));
    }
  }

  private done(d: Obj): void {
    const id = typeof d.toolCallId === 'string' ? d.toolCallId : undefined;
    if (!id) return;
    const result = isObj(d.result) ? d.result : {};
    const content = typeof result.content === 'string' ? result.content : '';
    const failed = d.success === false || exitCodeFailed(content);
    const command = this.commandById.get(id);
    if (command) command.failed ||= failed;
    else if (!this.callIds.has(id) && failed) this.facts.carry.pendingResults.push({ id, isError: true });
    const side = this.sideById.get(id);
    if (side && content.trim()) side.lastMessage = cap(content, LIMITS.sidechainChars);
  }

  private file(file: string): void {
    if (file && !this.files.has(file) && this.files.size < LIMITS.filesEdited) {
      this.files.add(file);
      this.facts.filesEdited.push(file);
    }
  }
}

/** "<shellId: 0 completed with exit code 1>", "<exited with exit code 2>": the last such line decides. */
function exitCodeFailed(output: string): boolean {
  const codes = [...output.matchAll(/exit(?:ed with)? code:? (-?\d+)/gi)];
  const last = codes[codes.length - 1]?.[1];
  return last !== undefined && last !== '0';
}

function parse(text: string): Obj {
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : {};
  } catch {
    return {};
  }
}

export async function readCopilotEvents(path: string, opts: TranscriptReadOptions = {}): Promise<ReadResult> {
  const { readJsonl } = await import('./transcript.js');
  return readJsonl(path, opts, new CopilotCollector());
}
