import { isObj, type Obj } from './json-record.js';
import { cap, type TranscriptFacts } from './transcript-types.js';
import { shellWords } from './tool-facts.js';

/**
 * How a session began, up to its first edit: what the agent looked at, how many turns and tool
 * calls it took, and every question it put to the user. The handover score (src/score/) compares
 * these with what the handover already said. Every agent's reader feeds the same tracker, so the
 * signals mean the same whatever the agent.
 */
export interface OpeningFacts {
  /** User requests seen before the first edit (the request that led to it included). */
  turns: number;
  /** Tool calls before the first edit. */
  toolCalls: number;
  /** Files read and searches made before the first edit, with their transcript line. */
  looked: LookFact[];
  /** Transcript line of the first edit; absent while the session has edited nothing. */
  firstEditLine?: number;
}

export interface LookFact {
  how: 'read' | 'search';
  /** A path read, or a search's folder or file. */
  path?: string;
  /** What a search looked for (a pattern, a glob). */
  pattern?: string;
  line: number;
}

/** Where a file was first edited or created in the transcript. */
export interface EditLine {
  path: string;
  line: number;
}

/** A question the agent asked the user (an ask tool, or a message ending in a question). */
export interface AskFact {
  text: string;
  line: number;
}

const LIMITS = { looked: 60, questions: 20, chars: 300, edits: 200 } as const;

const READ_TOOLS = new Set(['read', 'read_file', 'readfile', 'view', 'view_file', 'open_file', 'notebookread', 'read_many_files', 'cat']);
const SEARCH_TOOLS = new Set(['grep', 'glob', 'search', 'search_file_content', 'find', 'find_files', 'file_search', 'codebase_search', 'grep_search', 'list_dir', 'list_directory', 'ls', 'search_files', 'list_files', 'rg']);
const ASK_TOOLS = new Set(['askuserquestion', 'ask_user', 'ask_followup_question', 'question', 'request_user_input', 'ask']);
const SHELL_READ = new Set(['cat', 'head', 'tail', 'less', 'more', 'bat', 'nl', 'sed', 'wc']);
const SHELL_SEARCH = new Set(['rg', 'grep', 'egrep', 'ag', 'ack', 'find', 'fd', 'ls', 'tree', 'git grep', 'git ls-files']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** The text of an ask tool's questions, whatever the agent calls its fields. */
function askText(input: Obj): string | undefined {
  const parts: string[] = [];
  for (const k of ['question', 'message', 'prompt', 'text']) if (str(input[k])) parts.push(input[k] as string);
  if (Array.isArray(input.questions)) for (const q of input.questions) parts.push(...(typeof q === 'string' ? [q] : isObj(q) ? [str(q.question), str(q.header)].filter((x): x is string => !!x) : []));
  const text = parts.join(' ').trim();
  return text ? cap(text, LIMITS.chars) : undefined;
}

/** Reads and searches a shell command makes: `cat f`, `sed -n 1,9p f`, `rg word dir`, `ls dir`. */
export function shellLooks(command: string, line: number): LookFact[] {
  const out: LookFact[] = [];
  for (const part of command.split(/&&|\|\||;|\||\n/)) {
    const w = shellWords(part.trim());
    let i = 0;
    while (w[i] === 'sudo' || w[i] === 'command' || (w[i]?.includes('=') && !w[i]!.startsWith('-'))) i++;
    const two = `${w[i]} ${w[i + 1]}`;
    const tool = SHELL_SEARCH.has(two) ? two : w[i];
    if (!tool) continue;
    const args = w.slice(i + (tool.includes(' ') ? 2 : 1)).filter((a) => !a.startsWith('-') && !/^[<>&]/.test(a));
    if (SHELL_READ.has(tool)) {
      // sed's script and head's counts are not files: only arguments that look like paths count.
      for (const a of args) if (/[./]/.test(a) && !/^\d+(,\d+)?p?$/.test(a) && !/^s\//.test(a)) out.push({ how: 'read', path: a, line });
    } else if (SHELL_SEARCH.has(tool)) {
      const isGrep = /^(rg|grep|egrep|ag|ack|git grep)$/.test(tool);
      const pattern = isGrep ? args[0] : undefined;
      const paths = isGrep ? args.slice(1) : args;
      out.push({ how: 'search', ...(pattern ? { pattern } : {}), ...(paths[0] ? { path: paths[0] } : {}), line });
    }
  }
  return out;
}

/** The last paragraph of an agent's message when the message ends by asking the user something
 * (the sentences before the question often say what it is about). */
function endingQuestion(text: string): string | undefined {
  const t = text.trim();
  if (!t.endsWith('?')) return undefined;
  const lastPara = t.split(/\n\s*\n/).at(-1) ?? t;
  return lastPara.length <= LIMITS.chars ? lastPara : `\u2026${lastPara.slice(-(LIMITS.chars - 1))}`;
}

/**
 * Fed by a transcript reader as it goes: `request` for each user request, `tool` before it handles
 * a tool call and `settle` after it (the first call that leaves the facts with an edited file is
 * the first edit), `say` for the agent's own text. `finish` writes the facts.
 */
export class OpeningTracker {
  private readonly opening: OpeningFacts = { turns: 0, toolCalls: 0, looked: [] };
  private readonly questions: AskFact[] = [];
  private readonly edits: EditLine[] = [];
  private editsSeen = 0;

  constructor(private readonly facts: TranscriptFacts) {}

  private get open(): boolean {
    return this.opening.firstEditLine === undefined;
  }

  request(): void {
    if (this.open) this.opening.turns++;
  }

  tool(rawName: string, input: unknown, line: number): void {
    const name = rawName.replace(/^mcp__[^_]+__/, '').toLowerCase();
    const args: Obj = isObj(input) ? input : {};
    if (ASK_TOOLS.has(name)) {
      const text = askText(args);
      if (text && this.questions.length < LIMITS.questions) this.questions.push({ text, line });
    }
    if (!this.open) return;
    this.opening.toolCalls++;
    const looks: LookFact[] = [];
    const path = str(args.file_path) ?? str(args.path) ?? str(args.filePath) ?? str(args.absolute_path) ?? str(args.target_file) ?? str(args.file) ?? str(args.notebook_path);
    const pattern = str(args.pattern) ?? str(args.query) ?? str(args.regex) ?? str(args.glob);
    if (READ_TOOLS.has(name)) {
      if (path) looks.push({ how: 'read', path, line });
      if (Array.isArray(args.paths)) for (const p of args.paths) if (str(p)) looks.push({ how: 'read', path: p as string, line });
    } else if (SEARCH_TOOLS.has(name)) {
      looks.push({ how: 'search', ...(path ? { path } : {}), ...(pattern ? { pattern: cap(pattern, LIMITS.chars) } : {}), line });
    } else {
      const cmd = args.command ?? args.cmd;
      const script = typeof cmd === 'string' ? cmd : Array.isArray(cmd) && cmd.every((a) => typeof a === 'string') ? (cmd.length === 3 && /^-l?c$/.test(cmd[1] as string) ? (cmd[2] as string) : cmd.join(' ')) : undefined;
      if (script) looks.push(...shellLooks(script, line));
    }
    for (const l of looks) if (this.opening.looked.length < LIMITS.looked) this.opening.looked.push(l);
  }

  /** After a tool call: the first one that leaves an edited file is the first edit; every file that
   * call added to the facts was first edited on `line`. (A created file is an edited one too, and
   * filesCreated is only written when a reader finishes.) */
  settle(line: number): void {
    const edited = this.facts.filesEdited;
    for (const path of edited.slice(this.editsSeen)) if (this.edits.length < LIMITS.edits) this.edits.push({ path, line });
    this.editsSeen = edited.length;
    if (this.open && edited.length > 0) this.opening.firstEditLine = line;
  }

  say(text: string, line: number): void {
    const q = endingQuestion(text);
    // Codex logs the same message twice (an event and a response item).
    if (q && this.questions.at(-1)?.text !== q && this.questions.length < LIMITS.questions) this.questions.push({ text: q, line });
  }

  finish(): void {
    this.facts.opening = this.opening;
    if (this.questions.length) this.facts.questions = this.questions;
    if (this.edits.length) this.facts.editLines = this.edits;
  }
}

/** The opening of two slices read one after the other; the later slice's lines are shifted by `shift`. */
export function mergeOpening(prev: OpeningFacts | undefined, next: OpeningFacts | undefined, shift: number): OpeningFacts | undefined {
  if (!prev) return next && shifted(next, shift);
  if (prev.firstEditLine !== undefined || !next) return prev;
  const n = shifted(next, shift);
  return {
    ...n,
    turns: prev.turns + n.turns,
    toolCalls: prev.toolCalls + n.toolCalls,
    looked: [...prev.looked, ...n.looked].slice(0, LIMITS.looked),
  };
}

export function mergeEditLines(prev: EditLine[] | undefined, next: EditLine[] | undefined, shift: number): EditLine[] | undefined {
  const known = new Set((prev ?? []).map((e) => e.path));
  const all = [...(prev ?? []), ...(next ?? []).filter((e) => !known.has(e.path)).map((e) => ({ ...e, line: e.line + shift }))].slice(0, LIMITS.edits);
  return all.length ? all : undefined;
}

export function mergeQuestions(prev: AskFact[] | undefined, next: AskFact[] | undefined, shift: number): AskFact[] | undefined {
  // The same message logged twice across the cut (Codex) is one question, as in one read.
  const later = (next ?? []).filter((q, i) => i > 0 || q.text !== prev?.at(-1)?.text);
  const all = [...(prev ?? []), ...later.map((q) => ({ ...q, line: q.line + shift }))].slice(0, LIMITS.questions);
  return all.length ? all : undefined;
}

function shifted(o: OpeningFacts, by: number): OpeningFacts {
  return {
    turns: o.turns,
    toolCalls: o.toolCalls,
    looked: o.looked.map((l) => ({ ...l, line: l.line + by })),
    ...(o.firstEditLine !== undefined ? { firstEditLine: o.firstEditLine + by } : {}),
  };
}
