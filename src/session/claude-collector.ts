import { applyToCommand, applyToSidechain, overlayTask } from './transcript-merge.js';
import { isObj, type Obj } from './json-record.js';
import { toRequest, isContinuationSummary } from './claude-requests.js';
import { LIMITS, agentSaid, cap, todoList, type TranscriptFacts } from './transcript-types.js';
import { findCues, isChatter, isCorrection, isHarnessMessage, rejectionWords } from './cues.js';
import { deletedBy, firstErrorLine, inFolder } from './tool-facts.js';
import { digestCompactSummary } from './compact-digest.js';
import { SliceCollector } from './slice-collector.js';

const KNOWN_TYPES = new Set(['user', 'assistant', 'summary', 'system', 'progress', 'file-history-snapshot', 'queue-operation']);
const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);
const SUBAGENT_TOOLS = new Set(['Task', 'Agent']);

/**
 * Turns Claude Code transcript records into TranscriptFacts, one record at a time. Lists grow
 * unbounded while a slice is read and are cut to LIMITS in finish(), so a tool_result always finds
 * its call within the slice.
 */
export class ClaudeCollector extends SliceCollector {
  private readonly sidechainPrompts = new Set<string>();
  /** Every tool_use id of the slice: results of calls we do not track are dropped, not kept pending. */
  private readonly toolUseIds = new Set<string>();
  private recordCwd: string | undefined;
  /** The last user turn was a machine notification, not the user. */
  private afterNotification = false;

  protected record(r: Obj): void {
    if (typeof r.cwd === 'string' && r.cwd) {
      this.recordCwd = r.cwd;
      this.facts.cwd ??= r.cwd;
    }
    if (typeof r.sessionId === 'string') this.session(r.sessionId);
    const type = typeof r.type === 'string' ? r.type : '';
    if (!KNOWN_TYPES.has(type)) this.facts.unknownTypes++;
    else if (type === 'user') this.user(r);
    else if (type === 'assistant') this.assistant(r);
    else if (type === 'summary' && typeof r.summary === 'string' && r.summary.trim()) this.facts.compactSummaries.push(cap(r.summary, LIMITS.summaryChars));
  }

  override finish(): TranscriptFacts {
    if (this.seenEvent) {
      this.facts.carry.afterAgentAction = this.afterAgentAction;
      this.facts.carry.afterInterrupt = this.afterInterrupt;
    }
    return super.finish();
  }

  private interrupted(): void {
    this.afterInterrupt = true;
    this.seenEvent = true;
  }

  /** What the user typed when refusing a tool call: a constraint when it reads as one. */
  private rejection(words: string): void {
    const found = findCues(words, 'user');
    if (found.length) for (const c of found) this.pushCue({ kind: c.kind, text: c.text, who: 'user', strength: 3 });
    else if (isCorrection(words)) this.pushCue({ kind: 'constraint', text: cap(words, 300), who: 'user', strength: 3 });
  }

  private user(r: Obj): void {
    const sidechain = r.isSidechain === true;
    const content = isObj(r.message) ? r.message.content : undefined;
    const texts: string[] = typeof content === 'string' ? [content] : [];
    for (const block of Array.isArray(content) ? content.filter(isObj) : []) {
      if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
      else if (block.type === 'tool_result') this.toolResult(block, r.toolUseResult, sidechain);
    }
    if (texts.length === 0) return;
    if (r.isCompactSummary === true) {
      this.facts.compactSummaries.push(cap(digestCompactSummary(texts.join('\n')), LIMITS.summaryChars));
      return;
    }
    if (r.isMeta === true) return;
    if (sidechain) {
      if (r.parentUuid == null) this.bareSidechain(texts.join('\n'), r.agentId);
      return;
    }
    for (const t of texts) {
      const req = isContinuationSummary(t) ? undefined : toRequest(t);
      if (isContinuationSummary(t)) this.facts.compactSummaries.push(cap(digestCompactSummary(t), LIMITS.summaryChars));
      else if (req === undefined) {
        if (/<(?:task|agent)-notification>/.test(t)) this.afterNotification = true;
        if (/^\[Request interrupted by user/.test(t.trim())) this.interrupted();
      } else if (!isChatter(req)) {
        this.afterNotification = false;
        this.request(req);
      }
    }
  }

  private assistant(r: Obj): void {
    const sidechain = r.isSidechain === true;
    const msg = isObj(r.message) ? r.message : undefined;
    if (!msg || !Array.isArray(msg.content)) return;
    for (const block of msg.content.filter(isObj)) {
      if (block.type === 'text' && typeof block.text === 'string') {
        // '<synthetic>' messages are Claude Code's own placeholders (API errors, "No response requested.").
        if (!sidechain && msg.model !== '<synthetic>' && block.text.trim() && !isHarnessMessage(block.text)) this.agentText(block.text);
      } else if (block.type === 'tool_use' && typeof block.name === 'string') {
        const id = typeof block.id === 'string' ? block.id : undefined;
        if (id !== undefined) this.toolUseIds.add(id);
        if (!sidechain) this.opening.tool(block.name, block.input, this.line);
        this.toolUse(block.name, isObj(block.input) ? block.input : {}, id, sidechain);
        // A subagent's edit is the session's too: it can be the first, and it has its line.
        this.opening.settle(this.line);
      }
    }
  }

  private agentText(text: string): void {
    // A one-line answer to a background task's notification is not the session's wrap-up.
    if (this.afterNotification && !text.trim().includes('\n') && text.length < 300) {
      this.facts.minorReply = cap(text, LIMITS.assistantChars);
      return;
    }
    agentSaid(this.facts, text);
    delete this.facts.minorReply;
    this.cue(text, 'agent');
    this.opening.say(text, this.line);
  }

  private toolUse(name: string, input: Obj, id: string | undefined, sidechain: boolean): void {
    if (!sidechain) {
      this.afterAgentAction = true;
      this.afterInterrupt = false;
      this.seenEvent = true;
    }
    if (name.startsWith('mcp__') && id !== undefined && !sidechain) this.mcpById.set(id, name);
    if (EDIT_TOOLS.has(name)) {
      const raw = typeof input.file_path === 'string' ? input.file_path : input.notebook_path;
      this.edited(raw);
      if (typeof raw === 'string' && raw) this.deleted.delete(raw);
    } else if (name === 'Bash' && typeof input.command === 'string') {
      for (const d of deletedBy(input.command)) if (this.deleted.size < LIMITS.filesEdited) this.deleted.add(inFolder(this.recordCwd, d));
      this.command(input.command, id);
    } else if (SUBAGENT_TOOLS.has(name)) {
      const side = this.subagent(id, input);
      if (side.prompt !== undefined) this.sidechainPrompts.add(side.prompt);
    } else if (sidechain) {
      return; // a subagent's own plan is not the session's
    } else if (name === 'TodoWrite' && Array.isArray(input.todos)) {
      this.facts.carry.todoWrite = todoList(input.todos, (t) => t.content ?? t.subject);
    } else if (name === 'TaskUpdate' && (typeof input.taskId === 'string' || typeof input.taskId === 'number')) {
      overlayTask(this.facts.carry.tasks, {
        id: String(input.taskId),
        ...(typeof input.status === 'string' ? { status: input.status } : {}),
        ...(typeof input.subject === 'string' ? { subject: cap(input.subject, LIMITS.requestChars) } : {}),
      });
    }
  }

  private toolResult(block: Obj, toolUseResult: unknown, sidechain: boolean): void {
    const tur = isObj(toolUseResult) ? toolUseResult : undefined;
    // TaskCreate's id is only known from its result.
    const task = tur && isObj(tur.task) ? tur.task : undefined;
    if (!sidechain && task && typeof task.id === 'string' && typeof task.subject === 'string') {
      overlayTask(this.facts.carry.tasks, { id: task.id, subject: cap(task.subject, LIMITS.requestChars), status: 'pending' });
    }
    if (typeof block.tool_use_id !== 'string') return;
    const id = block.tool_use_id;
    const isError = block.is_error === true;
    // Write's result says whether it made the file ("create") or replaced it ("update").
    if (!isError && tur?.type === 'create' && typeof tur.filePath === 'string' && this.created.size < LIMITS.filesEdited) this.created.add(tur.filePath);
    let error: string | undefined;
    let rejected = false;
    if (isError) {
      const text = resultText(block.content) ?? '';
      const words = rejectionWords(text);
      // A call cancelled because another in the same batch failed never ran.
      if (/Sibling tool call errored/i.test(text)) return;
      if (words || /doesn't want to proceed with this tool use/.test(text)) {
        rejected = true;
        if (!sidechain) this.interrupted();
        if (!sidechain && words) this.rejection(words);
      } else error = firstErrorLine(text, LIMITS.errorChars);
    }
    // Kept when the result comes in the same read as the call (a turn's calls end with the turn).
    if (this.mcpById.has(id)) {
      if (isError && !rejected) this.mcpFailed(id, error);
      return;
    }
    const command = this.commandById.get(id);
    if (command) return applyToCommand(command, { isError: isError && !rejected, rejected, error });
    const side = this.sidechainById.get(id);
    if (!side && this.toolUseIds.has(id)) return; // a call of this slice that we do not track
    const agentId = tur && typeof tur.agentId === 'string' ? tur.agentId : undefined;
    // A result whose call lies in an earlier slice stays pending whatever its shape: only the merge
    // knows whether it answers a Task call (a result need not carry toolUseResult), whose lastMessage it is.
    const text = resultText(block.content);
    const result = { ...(text !== undefined ? { text } : {}), ...(agentId !== undefined ? { agentId } : {}) };
    if (side) applyToSidechain(side, result);
    else this.facts.carry.pendingResults.push({ id, isError: isError && !rejected, ...(rejected ? { rejected } : {}), ...(error ? { error } : {}), ...result });
  }

  private bareSidechain(prompt: string, agentId: unknown): void {
    const p = cap(prompt, LIMITS.sidechainChars);
    if (!p || this.sidechainPrompts.has(p)) return;
    this.sidechainPrompts.add(p);
    this.facts.sidechains.push({ ...(typeof agentId === 'string' ? { agentId } : {}), prompt: p });
  }
}

function resultText(content: unknown): string | undefined {
  const blocks = Array.isArray(content) ? content.filter(isObj) : [];
  const parts = blocks.filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => b.text as string);
  const text = typeof content === 'string' ? content : parts.join('\n');
  return text.trim() ? cap(text, LIMITS.pendingChars) : undefined;
}
