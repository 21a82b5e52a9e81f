import { HandoverError } from '../errors.js';
import { transcript as msg } from '../messages/transcript.js';
import { finishFacts } from './transcript-merge.js';
import { isObj, jsonRecord, type Obj } from './json-record.js';
import { LIMITS, cap, emptyFacts, type ReadResult, type TranscriptFacts } from './transcript-types.js';
import { OpeningTracker } from './opening.js';

const EDIT_TOOLS = new Set(['edit', 'write', 'patch', 'multiedit', 'apply_patch']);
const SUBAGENT_TOOLS = new Set(['task']);

/**
 * Facts of OpenCode messages in the shape of its SDK and of `opencode export`: {info:{role…},
 * parts:[text | tool | patch | reasoning | step-*]}. A tool part holds its call and its result
 * (state.status, state.metadata.exit); patch parts list the files a step changed. Synthetic text
 * parts (file contents OpenCode attaches) are not the user's words.
 */
export function opencodeFacts(messages: readonly unknown[], sessionId?: string): TranscriptFacts {
  const facts = emptyFacts();
  const files = new Set<string>();
  const opening = new OpeningTracker(facts);
  // A message's place in the list stands for its line: the evidence a score points at.
  let line = 0;
  if (sessionId) facts.sessionIds.push(sessionId);
  const file = (f: unknown) => {
    if (typeof f === 'string' && f && !files.has(f) && files.size < LIMITS.filesEdited) {
      files.add(f);
      facts.filesEdited.push(f);
    }
  };
  for (const m of messages) {
    line++;
    if (!isObj(m) || !isObj(m.info) || !Array.isArray(m.parts)) {
      facts.badLines++;
      continue;
    }
    const role = m.info.role;
    if (typeof m.info.sessionID === 'string' && !facts.sessionIds.includes(m.info.sessionID) && facts.sessionIds.length < LIMITS.sessionIds) facts.sessionIds.push(m.info.sessionID);
    const texts: string[] = [];
    for (const p of m.parts.filter(isObj)) {
      if (p.type === 'text' && typeof p.text === 'string' && p.synthetic !== true && p.ignored !== true) texts.push(p.text);
      else if (p.type === 'patch' && Array.isArray(p.files)) {
        p.files.forEach(file);
        opening.settle(line);
      } else if (p.type === 'tool' && typeof p.tool === 'string' && isObj(p.state)) {
        opening.tool(p.tool, p.state.input, line);
        tool(p.tool, p.state);
        opening.settle(line);
      }
      else if (p.type === 'compaction' && typeof p.summary === 'string') facts.compactSummaries.push(cap(p.summary, LIMITS.summaryChars));
    }
    const text = texts.join('\n').trim();
    if (!text) continue;
    if (role === 'user') {
      facts.requests.push(cap(text, LIMITS.requestChars));
      opening.request();
    } else if (role === 'assistant' && m.info.summary !== true) {
      facts.lastAssistantMessage = cap(text, LIMITS.assistantChars);
      opening.say(text, line);
    }
    else if (role === 'assistant') facts.compactSummaries.push(cap(text, LIMITS.summaryChars));
  }
  function tool(name: string, state: Obj): void {
    const input = isObj(state.input) ? state.input : {};
    const meta = isObj(state.metadata) ? state.metadata : {};
    if (name === 'bash' && typeof input.command === 'string') {
      const exit = typeof meta.exit === 'number' ? meta.exit : undefined;
      facts.commands.push({ command: cap(input.command, LIMITS.commandChars), failed: state.status === 'error' || (exit !== undefined && exit !== 0) });
    } else if (EDIT_TOOLS.has(name)) {
      // A failed edit changed nothing.
      if (state.status !== 'error') file(input.filePath ?? input.file_path ?? input.path);
    } else if (name === 'todowrite' && Array.isArray(input.todos)) {
      facts.carry.todoWrite = input.todos.filter(isObj).slice(0, LIMITS.todos).map((t) => ({ content: cap(String(t.content ?? ''), LIMITS.requestChars), status: String(t.status ?? 'pending') }));
    } else if (SUBAGENT_TOOLS.has(name)) {
      facts.sidechains.push({
        ...(typeof input.description === 'string' ? { description: cap(input.description, LIMITS.sidechainChars) } : {}),
        ...(typeof input.prompt === 'string' ? { prompt: cap(input.prompt, LIMITS.sidechainChars) } : {}),
        ...(typeof state.output === 'string' && state.output.trim() ? { lastMessage: cap(state.output, LIMITS.sidechainChars) } : {}),
      });
    }
  }
  facts.lineCount = messages.length;
  opening.finish();
  return finishFacts(facts);
}

/**
 * The plugin's record (.agent-handover/opencode/<session>.jsonl, one message per line, rewritten
 * whole at each idle) or an `opencode export` document ({info, messages}). Read whole (`reset`).
 */
export async function readOpencodeLog(path: string): Promise<ReadResult> {
  const { withFile } = await import('./transcript.js');
  return withFile(path, async (handle, size) => {
    const text = await handle.readFile('utf8');
    let messages: unknown[] = [];
    let session: string | undefined;
    const counts = { lineCount: 0, badLines: 0 };
    if (path.endsWith('.json')) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new HandoverError('TRANSCRIPT_INVALID', msg.invalidSession(path, (err as Error).message), { path, hint: msg.invalidSessionFix, cause: err });
      }
      if (!isObj(doc) || !Array.isArray(doc.messages)) throw new HandoverError('TRANSCRIPT_INVALID', msg.invalidSession(path, 'no messages list'), { path, hint: msg.invalidSessionFix });
      messages = doc.messages;
      session = isObj(doc.info) && typeof doc.info.id === 'string' ? doc.info.id : undefined;
    } else {
      for (const line of text.split('\n')) {
        const r = jsonRecord(line, counts);
        if (r) messages.push(r);
      }
    }
    const facts = opencodeFacts(messages, session);
    return { facts: { ...facts, badLines: facts.badLines + counts.badLines }, offset: size, reset: true };
  });
}
