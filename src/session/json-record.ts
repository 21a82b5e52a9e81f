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
  try {
    const record: unknown = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
    if (isObj(record)) return record;
  } catch {
    // not JSON: a bad line, as is JSON that is not an object
  }
  facts.badLines++;
  return undefined;
}

/** A JSON text parsed (undefined when it is not JSON); any other value as it is. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
