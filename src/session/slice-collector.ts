import { finishFacts } from './transcript-merge.js';
import { jsonRecord, type Obj } from './json-record.js';
import { LIMITS, addEdited, cap, emptyFacts, type CommandFact, type CueFact, type SidechainFact, type TranscriptFacts } from './transcript-types.js';
import { addCues, firstLine, isCorrection, pushCue, type Speaker } from './cues.js';
import { OpeningTracker } from './opening.js';

/** What the transcript readers (Claude Code, Codex, Copilot, OpenCode) keep while they read one slice. */
export abstract class SliceCollector {
  protected readonly facts = emptyFacts();
  protected readonly opening = new OpeningTracker(this.facts);
  protected readonly files = new Set<string>();
  protected readonly commandById = new Map<string, CommandFact>();
  protected readonly sidechainById = new Map<string, SidechainFact>();
  /** MCP calls by id: a failed one says a server or an account does not work here. */
  protected readonly mcpById = new Map<string, string>();
  protected readonly created = new Set<string>();
  protected readonly deleted = new Set<string>();
  private readonly sessions = new Set<string>();
  protected line = 0;
  protected at: string | undefined;
  /** The last main-thread event was an agent's tool call: a user message right after it may correct it. */
  protected afterAgentAction = false;
  /** The user just interrupted the agent or refused a tool call. */
  protected afterInterrupt = false;
  /** Something (a request or an agent action) has happened in this slice. */
  protected seenEvent = false;

  addLine(text: string): void {
    const record = jsonRecord(text, this.facts);
    if (record) this.addRecord(record);
  }

  /** `line`: the record's line in its file, when another reader (message-log.ts) counts the lines. */
  addRecord(r: Obj, line = this.facts.lineCount): void {
    this.line = line;
    this.at = typeof r.timestamp === 'string' ? r.timestamp : undefined;
    this.record(r);
  }

  protected abstract record(r: Obj): void;

  finish(): TranscriptFacts {
    if (this.created.size) this.facts.filesCreated = [...this.created];
    if (this.deleted.size) this.facts.filesDeleted = [...this.deleted];
    this.opening.finish();
    return finishFacts(this.facts);
  }

  protected session(id: string): void {
    if (this.sessions.has(id) || this.sessions.size >= LIMITS.sessionIds) return;
    this.sessions.add(id);
    this.facts.sessionIds.push(id);
  }

  /** A user request (Claude Code's, Codex's): it may correct the agent, and it opens a turn. */
  protected request(req: string): void {
    this.facts.requests.push(req);
    this.opening.request();
    delete this.facts.carry.turnLongest;
    // What the user says right after stopping the agent corrects it, whatever the wording; at a
    // slice's start only the merge knows what ended the earlier slice (see carry).
    const worded = isCorrection(req);
    const c = { kind: 'constraint' as const, text: cap(firstLine(req), 300), who: 'user' as const, strength: 3 };
    if (!this.seenEvent) {
      this.facts.carry.openingCorrection = { ...c, line: this.line, ...(this.at ? { at: this.at } : {}) };
      if (worded) this.facts.carry.openingWorded = true;
    } else if (this.afterInterrupt || (worded && this.afterAgentAction)) this.pushCue(c);
    this.afterInterrupt = false;
    this.seenEvent = true;
    this.cue(req, 'user');
    this.afterAgentAction = false;
  }

  /** A user request where only an agent action just before it makes a correction (Copilot, OpenCode). */
  protected reply(text: string): void {
    this.facts.requests.push(cap(text, LIMITS.requestChars));
    this.opening.request();
    delete this.facts.carry.turnLongest;
    // A reply that opens by correcting what the agent just did is a constraint, whatever its cue words.
    if (this.afterAgentAction && isCorrection(text)) this.pushCue({ kind: 'constraint', text: cap(firstLine(text), 300), who: 'user', strength: 3 });
    this.cue(text, 'user');
    this.afterAgentAction = false;
  }

  /** A shell command; a result with its `id` may mark it failed. */
  protected command(text: string, id: string | undefined): void {
    const fact: CommandFact = { command: cap(text, LIMITS.commandChars), failed: false, line: this.line };
    if (id !== undefined) {
      fact.id = id;
      this.commandById.set(id, fact);
    }
    this.facts.commands.push(fact);
  }

  /** A subagent a call started: its result, found by `id`, is its last message. */
  protected subagent(id: string | undefined, input: Obj): SidechainFact {
    const side: SidechainFact = id !== undefined ? { id } : {};
    if (typeof input.description === 'string') side.description = cap(input.description, LIMITS.sidechainChars);
    if (typeof input.prompt === 'string') side.prompt = cap(input.prompt, LIMITS.sidechainChars);
    if (id !== undefined) this.sidechainById.set(id, side);
    this.facts.sidechains.push(side);
    return side;
  }

  /** A failed MCP call, kept as a failed "command" named by the tool. */
  protected mcpFailed(id: string, error: string | undefined): void {
    const mcp = this.mcpById.get(id);
    if (mcp) this.facts.commands.push({ command: mcp, failed: true, id, line: this.line, ...(error ? { error } : {}) });
  }

  protected edited(file: unknown): void {
    addEdited(this.facts, this.files, file);
  }

  protected cue(text: string, who: Speaker): void {
    addCues(this.facts, text, who, this.line, this.at);
  }

  protected pushCue(c: Omit<CueFact, 'line' | 'at'>): void {
    pushCue(this.facts, c, this.line, this.at);
  }
}
