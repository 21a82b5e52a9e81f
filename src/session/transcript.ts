import { constants as fsConstants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { HandoverError } from '../errors.js';
import { transcript as msg } from '../messages/transcript.js';
import { ClaudeCollector } from './claude-collector.js';
import { CODEX_TYPES, CodexCollector } from './codex-collector.js';
import { geminiFacts } from './gemini-session.js';
import { forEachLine } from './jsonl-lines.js';
import type { ReadResult, TranscriptFacts } from './transcript-types.js';

export { emptyFacts, LIMITS } from './transcript-types.js';
export type { CommandFact, PendingResult, ReadResult, SidechainFact, TaskState, TodoFact, TranscriptCarry, TranscriptFacts } from './transcript-types.js';
export { mergeFacts } from './transcript-merge.js';

export interface TranscriptReadOptions {
  offset?: number;
  maxBytes?: number;
  final?: boolean;
}

export class TranscriptError extends HandoverError {
  constructor(path: string, why: string, cause?: unknown, code = 'TRANSCRIPT_UNREADABLE') {
    super(code, msg.unreadable(path, why), { path, hint: msg.unreadableFix, cause });
    this.name = 'TranscriptError';
  }
}

/**
 * Reads the complete lines of a Claude Code JSONL transcript from `offset` (default 0), streaming,
 * and returns their facts and the offset to continue from. A last line without '\n' is left for the
 * next call. An offset the file no longer fits (shorter, or not at a line start) restarts at 0.
 * `maxBytes` bounds one call (soft: the line that crosses it is finished). `final` also reads an
 * unterminated last line, for a session known to be over (a later call from that offset restarts).
 */
export async function readTranscript(path: string, opts: TranscriptReadOptions = {}): Promise<ReadResult> {
  // A hook's payload names a log, not its format: another agent's log read as Claude Code's
  // yields nothing, so the file's first record decides.
  const kind = await sniff(path);
  if (kind === 'codex') return readJsonl(path, opts, new CodexCollector());
  if (kind === 'gemini') return readGeminiSession(path);
  return readJsonl(path, opts, new ClaudeCollector());
}

/** The format of a session log from its first bytes: a Codex rollout, a Gemini session document, or Claude Code's (the default). */
async function sniff(path: string): Promise<'claude' | 'codex' | 'gemini'> {
  let head: string;
  try {
    // Through withFile: only a regular file is read (a FIFO or a folder is refused, never waited on).
    head = await withFile(path, async (handle) => {
      const buf = Buffer.alloc(16_384);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    });
  } catch {
    return 'claude'; // the Claude reader reports the error, naming the file
  }
  const first = head.split('\n', 1)[0]!.trim();
  // A rollout's first record (session_meta) can be longer than the bytes read: its opening decides.
  const type = /^\{(?:"timestamp":"[^"]*",)?"type":"([a-z_]+)","payload":/.exec(first)?.[1];
  if (type !== undefined && CODEX_TYPES.has(type)) return 'codex';
  try {
    const rec = JSON.parse(first) as { type?: unknown; payload?: unknown };
    return typeof rec.type === 'string' && CODEX_TYPES.has(rec.type) && typeof rec.payload === 'object' ? 'codex' : 'claude';
  } catch {
    // Not one record per line: a whole JSON document with a messages list is a Gemini session.
    return /^\s*\{/.test(head) && /"messages"\s*:/.test(head) && /"sessionId"|"projectHash"|"startTime"/.test(head) ? 'gemini' : 'claude';
  }
}

/** The same for a Codex CLI rollout file (~/.codex/sessions/…/rollout-*.jsonl). */
export function readCodexTranscript(path: string, opts: TranscriptReadOptions = {}): Promise<ReadResult> {
  return readJsonl(path, opts, new CodexCollector());
}

/**
 * A Gemini CLI session file is one JSON document that Gemini rewrites as it goes: it is read whole
 * and its facts replace earlier ones (`reset` is always true). Invalid JSON (a file caught mid-write)
 * throws TRANSCRIPT_INVALID so the caller keeps what it had.
 */
export function readGeminiSession(path: string): Promise<ReadResult> {
  return readDocument(path, 'no messages list', geminiFacts);
}

export function invalidSession(path: string, why: string, cause?: unknown): HandoverError {
  const hint = msg.invalidSessionFix;
  return new HandoverError('TRANSCRIPT_INVALID', msg.invalidSession(path, why), { path, hint, cause });
}

/** A log that is one JSON document, read whole (`reset`); `toFacts` is undefined for another shape (`why`). */
export function readDocument(path: string, why: string, toFacts: typeof geminiFacts): Promise<ReadResult> {
  return withFile(path, async (handle, size) => {
    const text = await handle.readFile('utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw invalidSession(path, (err as Error).message, err);
    }
    const facts = toFacts(doc);
    if (!facts) throw invalidSession(path, why);
    return { facts, offset: size, reset: true };
  });
}

export interface Collector {
  addLine(text: string): void;
  finish(): TranscriptFacts;
}

export async function readJsonl(path: string, opts: TranscriptReadOptions, collector: Collector): Promise<ReadResult> {
  return withFile(path, async (handle, size) => {
    const wanted = Math.max(0, Math.floor(opts.offset ?? 0));
    const reset = wanted > 0 && !(await startsLine(handle, wanted, size));
    const start = reset ? 0 : wanted;
    const offset = await forEachLine(handle, start, opts.maxBytes ?? Number.POSITIVE_INFINITY, (line) => collector.addLine(line.toString('utf8')), opts.final === true);
    return { facts: collector.finish(), offset, reset };
  });
}

/**
 * Opens a regular file for reading, or throws TRANSCRIPT_UNREADABLE naming it (TRANSCRIPT_NOT_A_FILE
 * for anything else). O_NONBLOCK: a plain open() of a FIFO waits for a writer, which would hang the
 * hook until the agent kills it; with it the open returns at once and fstat tells what it is.
 */
export async function withFile<T>(path: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile()) throw new TranscriptError(path, msg.notAFile, undefined, 'TRANSCRIPT_NOT_A_FILE');
    return await use(handle, stat.size);
  } catch (err) {
    if (err instanceof HandoverError) throw err;
    throw new TranscriptError(path, (err as NodeJS.ErrnoException).code ?? String(err), err);
  } finally {
    await handle?.close();
  }
}

/** A saved offset is still valid when it lies inside the file right after a '\n'. */
async function startsLine(handle: FileHandle, offset: number, size: number): Promise<boolean> {
  if (offset > size) return false;
  const byte = Buffer.alloc(1);
  const { bytesRead } = await handle.read(byte, 0, 1, offset - 1);
  return bytesRead === 1 && byte[0] === 0x0a;
}
