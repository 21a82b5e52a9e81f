/** One secret found in a text: `text.slice(start, end)` is the value that gets replaced. */
export interface Redaction {
  kind: string;
  start: number;
  end: number;
}

export interface RedactResult {
  text: string;
  count: number;
  kinds: Record<string, number>;
}

export interface RedactOptions {
  /** Extra rules: a regex source; when it has a capture group, only group 1 is redacted. */
  extraPatterns?: { name: string; pattern: string }[];
  /** Exact strings, or regex sources matched against the whole value, that are never redacted. */
  allow?: string[];
}

/**
 * A finding before overlaps are merged. `priority` decides the kind of a merged span: a named
 * provider (3) beats a structural rule such as `KEY=value` (2), which beats bare entropy (1).
 */
export interface Candidate extends Redaction {
  priority: number;
}
