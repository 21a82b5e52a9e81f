type JsonFormat = ReturnType<typeof detectJsonFormat>;

export const DEFAULT_JSON_FORMAT: JsonFormat = { indent: 2, eol: '\n', finalNewline: true, bom: false };

/** How a JSON file was laid out, so a rewrite keeps the user's style where JSON.stringify can. */
export function detectJsonFormat(text: string) {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(body);
  // A one-line file has no indent to copy; two spaces is what Claude Code itself writes.
  const indent = m?.[1] ? (m[1].includes('\t') ? '\t' : m[1].length) : 2;
  return { indent, eol, finalNewline: body.trim() === '' || /\n$/.test(body), bom };
}

export function formatJson(value: unknown, fmt: JsonFormat): string {
  let out = JSON.stringify(value, null, fmt.indent);
  if (fmt.eol === '\r\n') out = out.replace(/\n/g, '\r\n');
  if (fmt.finalNewline) out += fmt.eol;
  return (fmt.bom ? '\uFEFF' : '') + out;
}

/** An empty file counts as `{}`: forgiving, and it is what an editor leaves after clearing it. */
export function parseJsonText(text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return body.trim() === '' ? {} : JSON.parse(body);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values; key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
