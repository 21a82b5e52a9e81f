/**
 * Claude Code's compaction summary is long (10-20k characters): an "Analysis:" draft, then a
 * numbered "Summary:". The next session needs a few of its parts: what was asked, the concepts it
 * settled on, what broke and how it was fixed, what the user said, what is pending and what was
 * under way. This keeps those, each bounded, and drops the rest, so the summary's useful part
 * survives the note's caps.
 */

const KEEP: Array<{ re: RegExp; chars: number }> = [
  { re: /primary request/i, chars: 700 },
  // The concepts the session settled on (a domain model, a flow): decisions in the summary's words.
  { re: /key technical concepts/i, chars: 600 },
  { re: /files and code/i, chars: 0 },
  { re: /errors? and fix/i, chars: 700 },
  { re: /all user messages/i, chars: 2600 },
  { re: /pending tasks/i, chars: 600 },
  { re: /current work/i, chars: 600 },
  { re: /next step/i, chars: 300 },
];

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}

/** The kept parts of a compaction summary, or the text itself when it has no numbered Summary. */
export function digestCompactSummary(text: string): string {
  const at = text.search(/^Summary:\s*$/m);
  const body = at === -1 ? text : text.slice(at);
  const parts = body.split(/^(?=\d+\.\s+[^\n]{3,80}:\s*$)/m);
  if (parts.length < 3) return text;
  const out: string[] = [];
  for (const p of parts) {
    const title = /^\d+\.\s+([^\n]+):\s*$/m.exec(p)?.[1];
    const rule = title ? KEEP.find((k) => k.re.test(title)) : undefined;
    if (rule && rule.chars === 0) {
      // Only the paths: the code excerpts are what the compaction spent its room on.
      const files = summaryFiles(p);
      if (files.length) out.push(`${/^\d+\./.exec(p.trim())?.[0] ?? '3.'} Files and Code Sections:\n${files.map((f) => `   - \`${f}\``).join('\n')}`);
    } else if (rule) out.push(cut(p.trim(), rule.chars));
  }
  return out.length ? out.join('\n\n') : text;
}

/** Paths a summary's "Files and Code Sections" names (in bold or code), in order. */
export function summaryFiles(text: string): string[] {
  const m = /\d+\.\s+Files and Code Sections:\s*\n([\s\S]*?)(?=\n\d+\.\s+[^\n]+:\s*\n|$)/i.exec(text);
  if (!m) return [];
  const paths = m[1]!.split('\n').map((line) => /^\s*-\s+(?:\*\*)?`?([\w./@-]+\.[\w]+)`?(?:\*\*)?/.exec(line)?.[1]);
  return [...new Set(paths.filter((p): p is string => p !== undefined && p.includes('/')))];
}

/** The user's own messages a digest lists under "All user messages", quotes removed. */
export function digestUserMessages(digest: string): string[] {
  const m = /\d+\.\s+All user messages:\s*\n([\s\S]*?)(?=\n\d+\.\s+[^\n]+:\s*\n|$)/i.exec(digest);
  if (!m) return [];
  return m[1]!
    .split('\n')
    .map((l) => /^\s*-\s+"(.+?)"(\s*\(.*\))?\s*$/.exec(l))
    .filter((x): x is RegExpExecArray => x !== null && x[1]!.length > 0)
    // The summary's own note on a message ("(feedback to not ...)") says what it meant.
    .map((x) => `${x[1]}${x[2] ? ` ${x[2].trim()}` : ''}`);
}
