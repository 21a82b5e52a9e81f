import { isObj, jsonRecord, type Obj } from './json-record.js';
import { LIMITS, agentSaid, cap, todoList, type ReadResult, type TranscriptFacts } from './transcript-types.js';
import { isChatter, isHarnessMessage } from './cues.js';
import { deletedBy, firstErrorLine, inFolder } from './tool-facts.js';
import { SliceCollector } from './slice-collector.js';

const EDIT_TOOLS = new Set(['edit', 'write', 'patch', 'multiedit', 'apply_patch']);
const SUBAGENT_TOOLS = new Set(['task']);

/**
 * Facts of OpenCode messages in the shape of its SDK and of `opencode export`: {info:{role…},
 * parts:[text | tool | patch | reasoning | step-*]}. A tool part holds its call and its result
 * (state.status, state.metadata.exit); patch parts list the files a step changed, and a user
 * message's summary.diffs the files its turn changed (relative to the project). Synthetic text
 * parts (file contents OpenCode attaches) are not the user's words; reasoning parts are the
 * model's own, not what it told the user.
 */
export function opencodeFacts(messages: readonly unknown[], sessionId?: string, directory?: string): TranscriptFacts {
  return new OpencodeCollector().read(messages, sessionId, directory);
}

class OpencodeCollector extends SliceCollector {
  read(messages: readonly unknown[], sessionId?: string, directory?: string): TranscriptFacts {
    if (sessionId) this.session(sessionId);
    // The folder first, from any message: a user message's diffs (relative) come before the first
    // assistant message that names it, and a record and an export must read the same.
    this.facts.cwd = directory ?? messages.map((m) => (isObj(m) && isObj(m.info) && isObj(m.info.path) && typeof m.info.path.cwd === 'string' && m.info.path.cwd ? m.info.path.cwd : undefined)).find((c) => c !== undefined);
    if (this.facts.cwd === undefined) delete this.facts.cwd;
    messages.forEach((m, i) => {
      if (isObj(m) && isObj(m.info) && Array.isArray(m.parts)) this.addRecord(m, i + 1);
      else this.facts.badLines++;
    });
    this.facts.lineCount = messages.length;
    return this.finish();
  }

  protected record(m: Obj): void {
    const info = m.info as Obj;
    const role = info.role;
    const time = isObj(info.time) && typeof info.time.created === 'number' ? new Date(info.time.created) : undefined;
    this.at = time && Number.isFinite(time.getTime()) ? time.toISOString() : undefined;
    if (typeof info.sessionID === 'string') this.session(info.sessionID);
    const texts: string[] = [];
    for (const p of (m.parts as unknown[]).filter(isObj)) {
      if (p.type === 'text' && typeof p.text === 'string' && p.synthetic !== true && p.ignored !== true) texts.push(p.text);
      else if (p.type === 'patch' && Array.isArray(p.files)) {
        p.files.forEach((f) => this.file(f));
        this.opening.settle(this.line);
      } else if (p.type === 'tool' && typeof p.tool === 'string' && isObj(p.state)) {
        if (role === 'assistant') this.afterAgentAction = true;
        this.opening.tool(p.tool, p.state.input, this.line);
        this.tool(p.tool, p.state, typeof p.callID === 'string' ? p.callID : undefined);
        this.opening.settle(this.line);
      } else if (p.type === 'compaction' && typeof p.summary === 'string') this.facts.compactSummaries.push(cap(p.summary, LIMITS.summaryChars));
    }
    if (role === 'user' && isObj(info.summary) && Array.isArray(info.summary.diffs)) for (const d of info.summary.diffs) if (isObj(d)) this.file(d.file);
    const text = texts.join('\n').trim();
    if (!text) return;
    if (role === 'user') {
      if (!isChatter(text)) this.reply(text);
    } else if (role === 'assistant' && info.summary === true) this.facts.compactSummaries.push(cap(text, LIMITS.summaryChars));
    else if (role === 'assistant' && !isHarnessMessage(text)) {
      agentSaid(this.facts, text);
      this.cue(text, 'agent');
      this.opening.say(text, this.line);
    }
  }

  private file(f: unknown): void {
    if (typeof f !== 'string' || !f) return;
    const p = inFolder(this.facts.cwd, f);
    this.deleted.delete(p);
    this.edited(p);
  }

  private tool(name: string, state: Obj, id: string | undefined): void {
    const input = isObj(state.input) ? state.input : {};
    const meta = isObj(state.metadata) ? state.metadata : {};
    if (name === 'bash' && typeof input.command === 'string') {
      const exit = typeof meta.exit === 'number' ? meta.exit : undefined;
      const failed = state.status === 'error' || (exit !== undefined && exit !== 0);
      const out = typeof state.error === 'string' ? state.error : typeof state.output === 'string' ? state.output : '';
      const error = failed ? firstErrorLine(out, LIMITS.errorChars) : undefined;
      for (const d of deletedBy(input.command)) if (this.deleted.size < LIMITS.filesEdited) this.deleted.add(inFolder(this.facts.cwd, d));
      this.facts.commands.push({ command: cap(input.command, LIMITS.commandChars), failed, line: this.line, ...(id ? { id } : {}), ...(error ? { error } : {}) });
    } else if (EDIT_TOOLS.has(name)) {
      // A failed edit changed nothing.
      if (state.status === 'error') return;
      const path = input.filePath ?? input.file_path ?? input.path;
      this.file(path);
      // write reports whether the file was there before.
      if (name === 'write' && meta.exists === false && typeof path === 'string' && this.created.size < LIMITS.filesEdited) this.created.add(inFolder(this.facts.cwd, path));
    } else if (name === 'todowrite' && Array.isArray(input.todos)) {
      this.facts.carry.todoWrite = todoList(input.todos, (t) => t.content);
    } else if (SUBAGENT_TOOLS.has(name)) {
      this.facts.sidechains.push({
        ...(id ? { id } : {}),
        ...(typeof input.description === 'string' ? { description: cap(input.description, LIMITS.sidechainChars) } : {}),
        ...(typeof input.prompt === 'string' ? { prompt: cap(input.prompt, LIMITS.sidechainChars) } : {}),
        ...(typeof state.output === 'string' && state.output.trim() ? { lastMessage: cap(state.output, LIMITS.sidechainChars) } : {}),
      });
    }
  }
}

/**
 * The plugin's record (.agent-handover/opencode/<session>.jsonl, one message per line, rewritten
 * whole at each idle) or an `opencode export` document ({info, messages}). Read whole (`reset`).
 */
export async function readOpencodeLog(path: string): Promise<ReadResult> {
  const { readDocument, withFile } = await import('./transcript.js');
  if (path.endsWith('.json')) {
    return readDocument(path, 'no messages list', (doc) => {
      if (!isObj(doc) || !Array.isArray(doc.messages)) return undefined;
      const info = isObj(doc.info) ? doc.info : {};
      const directory = typeof info.directory === 'string' && info.directory ? info.directory : undefined;
      return opencodeFacts(doc.messages, typeof info.id === 'string' ? info.id : undefined, directory);
    });
  }
  return withFile(path, async (handle, size) => {
    const counts = { lineCount: 0, badLines: 0 };
    const messages: Obj[] = [];
    for (const line of (await handle.readFile('utf8')).split('\n')) {
      const r = jsonRecord(line, counts);
      if (r) messages.push(r);
    }
    const facts = opencodeFacts(messages);
    return { facts: { ...facts, badLines: facts.badLines + counts.badLines }, offset: size, reset: true };
  });
}
