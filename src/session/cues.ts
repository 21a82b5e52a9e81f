/**
 * Constraints, decisions and gotchas stated in words, found without an LLM: sentence shapes and cue
 * phrases ("don't ...", "use X instead of Y", "turns out ..."), the user's corrections right after an
 * agent action, and the words a user typed when rejecting a tool call. Built for the kinds of
 * sentence people write to an agent, not for one transcript: every rule has a negative test.
 */

import { LIMITS, type CueFact, type TranscriptFacts } from './transcript-types.js';

export type Speaker = CueFact['who'];
export type Cue = Pick<CueFact, 'kind' | 'text' | 'strength'>;

const MAX_SENTENCE = 300;
const MIN_SENTENCE = 12;

/** Sentences of prose: code blocks, inline markup and quoted tool output are left out. */
export function sentences(text: string): string[] {
  const prose = text
    .replace(/```[\s\S]*?(?:```|$)/g, '\n')
    .replace(/<([a-z][\w-]*)[^>]*>[\s\S]*?<\/\1>/gi, '\n')
    .replace(/^\s*(?:[-*+>]|\d+[.)])\s+/gm, '')
    .replace(/^#+\s+/gm, '')
    .replace(/\*\*|__/g, '');
  const out: string[] = [];
  for (const para of prose.split(/\n\s*\n|\n(?=\S)/)) {
    const flat = para.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    // People type to agents in lower case too ("do away with it. just make it big text."): a
    // sentence may start with any letter, but not after an abbreviation ("e.g. foo").
    for (const s of flat.split(/(?<=[.!?])(?<!\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|resp|[A-Za-z])\.)\s+(?=[A-Za-z"'`(*])/)) {
      const t = s.trim();
      if (t.length >= MIN_SENTENCE) out.push(t.length > MAX_SENTENCE ? `${t.slice(0, MAX_SENTENCE - 1)}\u2026` : t);
    }
  }
  return out;
}

interface Rule {
  kind: CueFact['kind'];
  re: RegExp;
  strength: number;
  who: Speaker | 'any';
}

const RULES: Rule[] = [
  // An order may open with a word or two and a comma ("anyway, dont ...", "oh and also, never ...").
  { kind: 'constraint', who: 'user', strength: 3, re: /^(?:[a-z]+(?: [a-z]+)?,\s*)?(?:please\s+|pls\s+|and\s+|but\s+|also\s+|just\s+|so\s+)?(?:don'?t|do not|never|always|avoid|stop|no more)\b/i },
  { kind: 'constraint', who: 'user', strength: 3, re: /\b(?:please|pls)\s+(?:don'?t|do not|never|always|avoid|use|keep|make sure|stop)\b/i },
  { kind: 'constraint', who: 'user', strength: 2, re: /\b(?:make sure|must not|mustn'?t|must|should not|shouldn'?t|no need to|not allowed|only use|keep it|i want|i'?d prefer|i prefer|i'?d rather|would rather|i'?d like)\b/i },
  { kind: 'constraint', who: 'user', strength: 2, re: /\b(?:instead of|rather than|instead)\b/i },
  { kind: 'constraint', who: 'user', strength: 2, re: /^(?:please\s+)?(?:use|prefer|switch to|stick (?:to|with)|keep|put|leave|only)\s+\S/i },
  { kind: 'constraint', who: 'user', strength: 2, re: /\b(?:we|you) should\b|\bi think (?:we|you) (?:should|need)\b|\blet'?s (?:use|go with|keep|not)\b/i },
  { kind: 'decision', who: 'any', strength: 3, re: /\b(?:decided|decision|we'?ll go with|going with|let'?s go with|settled on|opted (?:for|to)|chose to|chosen|the plan is)\b/i },
  { kind: 'decision', who: 'agent', strength: 2, re: /\b(?:use[sd]? \S+(?: \S+){0,5} instead of|instead of|rather than|the reason|so that)\b/i },
  { kind: 'decision', who: 'agent', strength: 1, re: /\bbecause\b/i },
  // Rules and causes the agent reports ("the repo forbids ...", "the error came from a stale build").
  { kind: 'constraint', who: 'agent', strength: 2, re: /\b(?:forbids?|forbidden|not allowed|must not|must be|must go|is required|are required|requires that|only (?:through|via))\b/i },
  { kind: 'decision', who: 'any', strength: 2, re: /\b(?:replaced (?:by|with)|switched (?:to|from)|kept as|left (?:alone|out)|leave (?:\w+ ){0,3}(?:alone|out of)|stays? out of|is unrelated|are unrelated|no longer (?:needed|used|supported|required))\b/i },
  { kind: 'gotcha', who: 'agent', strength: 2, re: /\b(?:came from|caused by|was due to|is due to|because of a|stale|not installed|refuses|is rejected|was rejected|ha(?:s|d|ve) diverged|by default)\b/i },
  // What the agent could not do is left for someone else: a follow-up.
  { kind: 'gotcha', who: 'agent', strength: 2, re: /\b(?:i|we) (?:can'?t|cannot|couldn'?t|could not|wasn'?t able to|was unable to|am unable to|'m unable to|am not able to|'m not able to)\b(?! (?:find|see|locate|tell)\b)|\b(?:isn'?t|is not|wasn'?t|was not) possible\b/i },
  // Failures that are not this session's doing: the next one should not chase them either.
  { kind: 'gotcha', who: 'agent', strength: 2, re: /\b(?:pre-?existing|(?:is|are|were|was|seems?|looks?) (?:flaky|unrelated)|unrelated to (?:my|our|this|the|these) (?:change|changes|work|edit|edits|fix|page|task))\b/i },
  { kind: 'constraint', who: 'user', strength: 2, re: /\b(?:too slow|very slow|over-?engineered|too complex|no longer|not needed|don'?t need|doesn'?t need)\b/i },
  { kind: 'gotcha', who: 'any', strength: 3, re: /\b(?:gotcha|workaround|work around|turns out|turned out|note that|caveat|beware|watch out|pitfall|root cause|the trick is)\b/i },
  { kind: 'gotcha', who: 'any', strength: 2, re: /\bthe (?:real |actual |underlying )?(?:issue|problem|bug|catch) (?:is|was)\b|\b(?:doesn'?t|does not|won'?t|will not|can'?t|cannot) work\b|\bis not supported\b|\bisn'?t supported\b|\b(?:breaks|fails) (?:when|if|because|on)\b/i },
];

// Sentences that match a cue word but say nothing durable.
const NOT_A_CUE: Array<{ re: RegExp; who: Speaker | 'any'; onlyWeak?: boolean }> = [
  { who: 'any', re: /\b(?:don'?t|do not) (?:know|understand|see|think so|remember|care|mind)\b/i },
  { who: 'any', re: /^(?:why|how|what|when|where|who|can|could|would|will|do|does|did|is|are)\b[^.]*\?$/i },
  // The agent narrating its next step ("Let me check ... because ...") is not a decision; a rule
  // or a trap it names on the way still is.
  { who: 'agent', onlyWeak: true, re: /^(?:now |next,? |first,? |ok(?:ay)?,? |great,? |good,? |perfect,? |then,? )?(?:let me|let's|i'?ll|i will|i'?m going to|i'?m (?:\w+ly |also |now |still |just )?\w+ing|i need to|i should|now i|i'?ve|i have)\b/i },
  { who: 'agent', re: /\?$/ },
  { who: 'agent', re: /^(?:would you|do you|should i|shall i|want me)\b/i },
];

/** Mostly code, paths or punctuation: not a sentence someone would want to be told again. */
function looksLikeCode(s: string): boolean {
  const symbols = (s.match(/[{}()[\];=<>$\\|]/g) ?? []).length;
  const words = (s.match(/[A-Za-z]{2,}/g) ?? []).length;
  return words < 3 || symbols > words;
}

/** The cues one text holds, strongest rule per sentence, in text order. */
export function findCues(text: string, who: Speaker): Cue[] {
  const out: Cue[] = [];
  // Typographic apostrophes ("I\u2019m") read as plain ones.
  const all = sentences(text.replace(/[\u2018\u2019]/g, "'"));
  all.forEach((s, i) => {
    if (looksLikeCode(s)) return;
    const vetoes = NOT_A_CUE.filter((n) => (n.who === 'any' || n.who === who) && n.re.test(s));
    if (vetoes.some((n) => !n.onlyWeak)) return;
    let best: Rule | undefined;
    for (const r of RULES) {
      if ((r.who === 'any' || r.who === who) && r.re.test(s) && (!best || r.strength > best.strength)) best = r;
    }
    // Narration keeps only what it names as a rule or a trap.
    if (!best || (vetoes.length && best.kind === 'decision')) return;
    // "X was replaced by:" says what only with the list that follows.
    let said = s;
    if (s.endsWith(':')) {
      // What follows, code and lists included (a list of fields is often in a code block).
      const flat = text.replace(/[\u2018\u2019]/g, "'").replace(/```\w*/g, ' ').replace(/\*\*/g, '').replace(/\s+/g, ' ');
      const tail = s.slice(-24);
      const at = flat.indexOf(tail);
      const rest = at === -1 ? all.slice(i + 1, i + 4).join('; ') : flat.slice(at + tail.length, at + tail.length + 220).trim();
      if (rest) said = `${s} ${rest}`.slice(0, MAX_SENTENCE);
    }
    out.push({ kind: best.kind, text: said, strength: best.strength });
  });
  return out;
}

/**
 * What the user typed when rejecting a tool call ("... To tell you how to proceed, the user said:\n
 * don't run CI"), or undefined for any other tool result.
 */
export function rejectionWords(result: string): string | undefined {
  return /the user said:\s*\n([\s\S]+)$/i.exec(result)?.[1]?.trim() || undefined;
}

// How a user's message opens when it corrects what the agent just did.
const CORRECTION = /^(?:no\b|nope\b|not (?:that|this|the|like|what)\b|that'?s (?:not|wrong)\b|wrong\b|wait\b|stop\b|actually\b|undo\b|revert\b|instead\b|don'?t\b|do not\b|never\b|why did you\b|you (?:broke|deleted|removed|forgot)\b)/i;

/** A user message that corrects the agent's last action (taken as a constraint). */
export function isCorrection(text: string): boolean {
  return CORRECTION.test(text.trim());
}

// Greetings, acknowledgements and housekeeping words: not requests.
const CHATTER_WORD = '(?:hi|hey|hello|yo|thanks|thank you|thx|ty|ok|okay|k|cool|nice|great|good|perfect|yes|yep|yeah|no|nope|sure|go|go ahead|continue|proceed|done|clear|exit|quit|test|ping|there|again|so much|a lot|please|pls)';
const CHATTER = new RegExp(`^${CHATTER_WORD}(?:[\\s,]+${CHATTER_WORD}){0,3}[\\s.!?]*$`, 'i');

/** "hi", "thanks", "ok", a bare slash command: nothing the next session needs as a request. */
export function isChatter(text: string): boolean {
  const t = text.trim();
  return t === '' || CHATTER.test(t) || /^\/[\w:-]+$/.test(t);
}

/** A hook's or the harness's own words standing in the agent's place ("Operation stopped by hook: ..."). */
export function isHarnessMessage(text: string): boolean {
  return /^(?:Operation stopped by hook|Stop hook feedback|[A-Za-z]+ hook (?:error|blocking error|feedback)|API Error|No response requested)\b/i.test(text.trim());
}

/** Adds a cue to the facts once (by text); past LIMITS.cues the weakest goes first. */
export function pushCue(facts: TranscriptFacts, c: Omit<CueFact, 'line' | 'at'>, line: number, at: string | undefined): void {
  const cues = (facts.cues ??= []);
  if (cues.some((k) => k.text === c.text)) return;
  cues.push({ ...c, line, ...(at ? { at } : {}) });
  if (cues.length <= LIMITS.cues) return;
  const weakest = Math.min(...cues.map((k) => k.strength));
  cues.splice(cues.findIndex((k) => k.strength === weakest), 1);
}

export function addCues(facts: TranscriptFacts, text: string, who: Speaker, line: number, at: string | undefined): void {
  for (const c of findCues(text, who)) pushCue(facts, { kind: c.kind, text: c.text, who, strength: c.strength }, line, at);
}

/** A message's first line without list or heading markup: how a correction is quoted. */
export function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.replace(/^\s*(?:[-*+>]|\d+[.)]|#+)\s+/, '').trim();
}
