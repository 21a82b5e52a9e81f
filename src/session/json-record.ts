/** A JSON object (not an array, not null). */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One line of a JSONL transcript as an object record. Blank lines are neither records nor garbage
 * (undefined, not counted); every other line counts, and one that is not a JSON object counts as
 * bad. A trailing CR and a byte-order mark are ignored.
 */
export function jsonRecord(text: string, facts: { lineCount: number; badLines: number }): Obj | undefined {
  if (/^\s*$/.test(text)) return undefined;
  facts.lineCount++;
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  let record: unknown;
  try {
    record = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  } catch {
    facts.badLines++;
    return undefined;
  }
  if (!isObj(record)) {
    facts.badLines++;
    return undefined;
  }
  return record;
}
