import { applyToCommand, overlayTask } from './transcript-merge.js';
import { transcript as msg } from '../messages/transcript.js';
import { isObj, parseJson, type Obj } from './json-record.js';
import { LIMITS, agentSaid, cap, todoList } from './transcript-types.js';
import { isChatter, isHarnessMessage } from './cues.js';
import { deletedBy, firstErrorLine } from './tool-facts.js';
import { copilotTodoChanges } from './copilot-todos.js';
import { SliceCollector } from './slice-collector.js';

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
export class CopilotCollector extends SliceCollector {
  private readonly callIds = new Set<string>();
  private readonly pendingCreate = new Map<string, string>();

  protected record(r: Obj): void {
    const d = isObj(r.data) ? r.data : {};
    const sub = typeof r.agentId === 'string' || typeof d.parentToolCallId === 'string' || typeof d.agentId === 'string';
    switch (r.type) {
      case 'session.start':
      case 'session.resume':
        if (typeof d.sessionId === 'string' && !this.facts.sessionIds.includes(d.sessionId)) this.facts.sessionIds.push(d.sessionId);
        if (isObj(d.context) && typeof d.context.cwd === 'string' && d.context.cwd) this.facts.cwd ??= d.context.cwd;
        return;
      case 'user.message':
        if (!sub) this.user(d);
        return;
      case 'assistant.message':
        if (!sub && typeof d.content === 'string' && d.content.trim() && !isHarnessMessage(d.content)) {
          agentSaid(this.facts, d.content);
          this.cue(d.content, 'agent');
          this.opening.say(d.content, this.line);
        }
        return;
      case 'tool.execution_start':
        if (!sub) this.tool(d);
        return;
      case 'tool.execution_complete':
        this.done(d);
        return;
      case 'subagent.completed':
      case 'subagent.failed':
        // The background agent it started is done (its result may come later, or never).
        if (typeof d.toolCallId === 'string') overlayTask((this.facts.carry.background ??= []), { id: d.toolCallId, status: 'completed' });
        return;
      case 'session.compaction_complete':
        if (typeof d.summary === 'string' && d.summary.trim()) this.facts.compactSummaries.push(cap(d.summary, LIMITS.summaryChars));
        return;
      default:
        if (typeof r.type !== 'string') this.facts.unknownTypes++;
    }
  }

  private user(d: Obj): void {
    const text = typeof d.content === 'string' ? d.content.replace(WRAPPERS, '').trim() : '';
    // The CLI's own messages (source "system") and chatter are not requests.
    if (!text || text.startsWith('<') || d.source === 'system' || isChatter(text)) return;
    this.reply(text);
  }

  private tool(d: Obj): void {
    const name = typeof d.toolName === 'string' ? d.toolName : '';
    const id = typeof d.toolCallId === 'string' && d.toolCallId ? d.toolCallId : undefined;
    if (id) this.callIds.add(id);
    this.afterAgentAction = true;
    const parsed = parseJson(d.arguments);
    const args = isObj(parsed) ? parsed : {};
    this.opening.tool(name, args, this.line);
    if (SHELL_TOOLS.has(name) && typeof args.command === 'string' && args.command.trim()) {
      for (const f of deletedBy(args.command)) if (this.deleted.size < LIMITS.filesEdited) this.deleted.add(f);
      this.command(args.command, id);
    } else if (EDIT_TOOLS.has(name)) {
      const file = args.path ?? args.file_path ?? args.filePath;
      this.edited(file);
      if (name === 'create' && typeof file === 'string' && id) this.pendingCreate.set(id, file);
      const patch = typeof args.input === 'string' ? args.input : typeof args.patch === 'string' ? args.patch : undefined;
      if (patch) for (const m of patch.matchAll(/^\*\*\* (?:(?:Add|Update|Delete) File|Move to): (.+)$/gm)) this.edited(m[1]!.trim());
    } else if (SUBAGENT_TOOLS.has(name)) {
      this.subagent(id, args);
      if (id && args.mode === 'background') {
        const name = [typeof args.name === 'string' ? args.name : undefined, typeof args.description === 'string' ? `(${args.description})` : undefined].filter(Boolean).join(' ');
        overlayTask((this.facts.carry.background ??= []), { id, subject: cap(msg.backgroundAgent(name || id), LIMITS.requestChars), status: 'in_progress' });
      }
    } else if ((name === 'update_todo' || name === 'todo_write') && Array.isArray(args.todos)) {
      this.facts.carry.todoWrite = todoList(args.todos, (t) => t.content ?? t.title ?? t.description);
    } else if (name === 'sql' && typeof args.query === 'string') {
      for (const t of copilotTodoChanges(args.query)) overlayTask(this.facts.carry.tasks, { ...t, ...(t.subject ? { subject: cap(t.subject, LIMITS.requestChars) } : {}) });
    } else if (/mcp/i.test(name) && id) this.mcpById.set(id, name);
    this.opening.settle(this.line);
  }

  private done(d: Obj): void {
    const id = typeof d.toolCallId === 'string' ? d.toolCallId : undefined;
    if (!id) return;
    const result = isObj(d.result) ? d.result : {};
    const content = typeof result.content === 'string' ? result.content : '';
    const failed = d.success === false || exitCodeFailed(content);
    const errorText = isObj(d.error) && typeof d.error.message === 'string' ? d.error.message : content;
    const command = this.commandById.get(id);
    const create = this.pendingCreate.get(id);
    if (create && !failed && this.created.size < LIMITS.filesEdited) this.created.add(create);
    this.pendingCreate.delete(id);
    if (failed && this.mcpById.has(id)) this.mcpFailed(id, firstErrorLine(errorText, LIMITS.errorChars));
    if (command) {
      const shown = errorText.replace(/<(?:shellId: \S+ )?(?:completed|exited) with exit code -?\d+>/g, '');
      const error = failed ? firstErrorLine(shown, LIMITS.errorChars) : undefined;
      applyToCommand(command, { isError: failed, error });
    } else if (!this.callIds.has(id) && failed) this.facts.carry.pendingResults.push({ id, isError: true });
    const side = this.sidechainById.get(id);
    if (side && content.trim()) side.lastMessage = cap(content, LIMITS.sidechainChars);
  }
}

/** "<shellId: 0 completed with exit code 1>", "<exited with exit code 2>": the last such line decides. */
function exitCodeFailed(output: string): boolean {
  const codes = [...output.matchAll(/exit(?:ed with)? code:? (-?\d+)/gi)];
  const last = codes[codes.length - 1]?.[1];
  return last !== undefined && last !== '0';
}
