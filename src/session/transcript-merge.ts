import { pushCue } from './cues.js';
import { mergeEditLines, mergeOpening, mergeQuestions } from './opening.js';
import { LIMITS, type CommandFact, type PendingResult, type SidechainFact, type TaskState, type TodoFact, type TranscriptCarry, type TranscriptFacts } from './transcript-types.js';

/**
 * Adds the facts of a later slice of the same transcript to earlier ones. Reading a file in slices
 * and merging gives the same facts as reading it at once, as long as no more than LIMITS.commands
 * commands (LIMITS.sidechains subagents) separate a tool call from its result.
 */
export function mergeFacts(prev: TranscriptFacts, next: TranscriptFacts): TranscriptFacts {
  const commands = prev.commands.map((c) => ({ ...c }));
  const sidechains = prev.sidechains.map((s) => ({ ...s }));
  const unresolved = next.carry.pendingResults.filter((r) => !applyPendingResult(commands, sidechains, r));
  const prompts = new Set(prev.sidechains.map((s) => s.prompt));
  const carry: TranscriptCarry = {
    tasks: overlayTasks(prev.carry.tasks, next.carry.tasks),
    pendingResults: [...prev.carry.pendingResults, ...unresolved].slice(-LIMITS.pendingResults),
  };
  const background = overlayTasks(prev.carry.background ?? [], next.carry.background ?? []);
  put(carry, 'background', background.length ? background : undefined);
  put(carry, 'todoWrite', next.carry.todoWrite ?? prev.carry.todoWrite);
  // A later slice counts its lines from 1: shift them so every line number is the file's.
  const shift = <T extends { line?: number }>(x: T): T => (x.line !== undefined ? { ...x, line: x.line + prev.lineCount } : x);
  const merged: TranscriptFacts = {
    requests: [...prev.requests, ...next.requests].slice(-LIMITS.requests),
    filesEdited: unionFirst(prev.filesEdited, next.filesEdited, LIMITS.filesEdited),
    commands: [...commands, ...next.commands.map(shift)].slice(-LIMITS.commands),
    todos: todosOf(carry),
    compactSummaries: [...prev.compactSummaries, ...next.compactSummaries].slice(-LIMITS.summaries),
    // A bare sidechain prompt already announced by a Task call in an earlier slice is the same subagent.
    sidechains: [...sidechains, ...next.sidechains.filter((s) => s.id !== undefined || !prompts.has(s.prompt))].slice(-LIMITS.sidechains),
    sessionIds: unionFirst(prev.sessionIds, next.sessionIds, LIMITS.sessionIds),
    lineCount: prev.lineCount + next.lineCount,
    badLines: prev.badLines + next.badLines,
    unknownTypes: prev.unknownTypes + next.unknownTypes,
    carry,
  };
  put(merged, 'lastAssistantMessage', next.lastAssistantMessage ?? prev.lastAssistantMessage);
  // The turn's longest message: the next slice's own when a request opened a new turn there.
  const longest = next.requests.length ? next.carry.turnLongest : [prev.carry.turnLongest, next.carry.turnLongest].reduce<string | undefined>((a, b) => (b !== undefined && (a === undefined || b.length > a.length) ? b : a), undefined);
  put(carry, 'turnLongest', longest);
  put(merged, 'minorReply', next.lastAssistantMessage !== undefined ? undefined : (next.minorReply ?? prev.minorReply));
  if (prev.cwd ?? next.cwd) merged.cwd = (prev.cwd ?? next.cwd)!;
  mergeCues(merged, prev, next, shift);
  const deleted = unionFirst(prev.filesDeleted ?? [], next.filesDeleted ?? [], LIMITS.filesEdited).filter((f) => !next.filesEdited.includes(f) || (next.filesDeleted ?? []).includes(f));
  put(merged, 'filesDeleted', deleted.length ? deleted : undefined);
  const created = unionFirst(prev.filesCreated ?? [], next.filesCreated ?? [], LIMITS.filesEdited);
  put(merged, 'filesCreated', created.length ? created : undefined);
  // Facts kept by a version without openings cannot say where the first edit was: none is better than a wrong one.
  put(merged, 'opening', prev.opening === undefined && prev.lineCount > 0 ? undefined : mergeOpening(prev.opening, next.opening, prev.lineCount));
  put(merged, 'questions', mergeQuestions(prev.questions, next.questions, prev.lineCount));
  put(merged, 'editLines', mergeEditLines(prev.editLines, next.editLines, prev.lineCount));
  setWrapUp(merged);
  return merged;
}

/** Applies a tool_result to the command or subagent it answers; false when neither is known. */
export function applyPendingResult(commands: CommandFact[], sidechains: SidechainFact[], r: PendingResult): boolean {
  const command = findLast(commands, r.id);
  if (command) applyToCommand(command, r);
  const side = command ? undefined : findLast(sidechains, r.id);
  if (side) applyToSidechain(side, r);
  return command !== undefined || side !== undefined;
}

/** A tool_result on the command it answers: a failure, a refusal and the first error stick. */
export function applyToCommand(command: CommandFact, r: Pick<PendingResult, 'isError' | 'rejected' | 'error'>): void {
  command.failed ||= r.isError;
  if (r.rejected) command.rejected = true;
  if (r.error && !command.error) command.error = r.error;
}

export function applyToSidechain(side: SidechainFact, r: { text?: string; agentId?: string }): void {
  if (r.text !== undefined) side.lastMessage = r.text;
  if (r.agentId !== undefined) side.agentId = r.agentId;
}

/** Task views in order of first appearance; a later view's known fields win. */
export function overlayTasks(prev: TaskState[], next: TaskState[]): TaskState[] {
  const out = prev.map((t) => ({ ...t }));
  for (const t of next) overlayTask(out, t);
  return out;
}

export function overlayTask(tasks: TaskState[], t: TaskState): void {
  const known = tasks.find((x) => x.id === t.id);
  if (known) {
    if (t.subject !== undefined) known.subject = t.subject;
    if (t.status !== undefined) known.status = t.status;
  } else if (tasks.length < LIMITS.todos) {
    tasks.push({ ...t });
  }
}

/** Task* tools win over TodoWrite when a session used them (newer models have no TodoWrite). */
export function todosOf(carry: TranscriptCarry): TodoFact[] {
  // A subagent still running in the background is open work, whichever list the session kept.
  const running = (carry.background ?? []).filter((t) => t.status !== 'completed').map((t) => ({ content: t.subject ?? t.id, status: 'in_progress' }));
  if (carry.tasks.length > 0) return [...carry.tasks.map((t) => ({ content: t.subject ?? `Task #${t.id}`, status: t.status ?? 'pending' })), ...running];
  return [...(carry.todoWrite ?? []).map((t) => ({ ...t })), ...running];
}

function unionFirst(a: string[], b: string[], max: number): string[] {
  const seen = new Set(a);
  const added = b.filter((x) => !seen.has(x) && seen.add(x));
  return [...a, ...added.slice(0, Math.max(0, max - a.length))];
}

function findLast<T extends { id?: string }>(list: T[], id: string): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]?.id === id) return list[i];
  return undefined;
}

/** The end of one read: lists cut to their limits, the task list derived from the carry. */
export function finishFacts(f: TranscriptFacts): TranscriptFacts {
  setWrapUp(f);
  f.requests = f.requests.slice(-LIMITS.requests);
  f.commands = f.commands.slice(-LIMITS.commands);
  f.compactSummaries = f.compactSummaries.slice(-LIMITS.summaries);
  f.sidechains = f.sidechains.slice(-LIMITS.sidechains);
  f.carry.pendingResults = f.carry.pendingResults.slice(-LIMITS.pendingResults);
  f.todos = todosOf(f.carry);
  return f;
}

/**
 * The cues of two slices as one read would find them: the next slice's go through the same
 * bounded insert, and a correction that opened it counts when the earlier slice ended on an agent action.
 */
function mergeCues(merged: TranscriptFacts, prev: TranscriptFacts, next: TranscriptFacts, shift: <T extends { line?: number }>(x: T) => T): void {
  const target: TranscriptFacts = { ...merged, cues: (prev.cues ?? []).map((c) => ({ ...c })) };
  const applies = prev.carry.afterInterrupt || (next.carry.openingWorded && prev.carry.afterAgentAction);
  let pending = next.carry.openingCorrection && applies ? shift(next.carry.openingCorrection) : undefined;
  for (const c of (next.cues ?? []).map(shift)) {
    if (pending && c.line >= pending.line) {
      pushCue(target, pending, pending.line, pending.at);
      pending = undefined;
    }
    pushCue(target, c, c.line, c.at);
  }
  if (pending) pushCue(target, pending, pending.line, pending.at);
  if (target.cues!.length) merged.cues = target.cues!;
  put(merged.carry, 'afterAgentAction', next.carry.afterAgentAction ?? prev.carry.afterAgentAction);
  put(merged.carry, 'afterInterrupt', next.carry.afterInterrupt ?? prev.carry.afterInterrupt);
  // Nothing happened before: the next slice's opening is still this read's opening.
  const nothingBefore = prev.carry.afterAgentAction === undefined;
  put(merged.carry, 'openingCorrection', nothingBefore ? next.carry.openingCorrection && shift(next.carry.openingCorrection) : prev.carry.openingCorrection);
  if (nothingBefore ? next.carry.openingWorded : prev.carry.openingWorded) merged.carry.openingWorded = true;
}

/** Sets an optional field that has a value; `merged` is built fresh, so absent stays absent. */
function put<T, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

/** A long message earlier in the last turn is the real wrap-up when the turn ends on a short line. */
function setWrapUp(f: TranscriptFacts): void {
  const longest = f.carry.turnLongest;
  const last = f.lastAssistantMessage;
  if (longest && last && longest !== last && longest.length > 600 && longest.length > 2 * last.length) f.wrapUp = longest;
  else delete f.wrapUp;
}
