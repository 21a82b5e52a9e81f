import type { Node, ParseError } from 'jsonc-parser';
import { isObject, jsonEqual } from './json-format.js';

type Jsonc = typeof import('jsonc-parser');
type Path = Array<string | number>;

/** jsonc-parser, loaded only by the commands that edit settings (never by a hook). */
export async function loadJsonc(): Promise<Jsonc> {
  return await import('jsonc-parser');
}

/** A settings text as a value; comments and trailing commas allowed (as Claude Code and editors do); an empty file is `{}`. */
export function parseJsonc(jsonc: Jsonc, text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = jsonc.parse(body, errors, { allowTrailingComma: true, disallowComments: false });
  const e = errors[0];
  if (e) {
    const before = body.slice(0, e.offset);
    const line = before.split('\n').length;
    const col = e.offset - before.lastIndexOf('\n');
    throw new SyntaxError(`${jsonc.printParseErrorCode(e.error)} at line ${line}, column ${col}`);
  }
  return value;
}

/**
 * `text` (whose value is `before`) edited in place into `after`: only the parts that differ are
 * rewritten, each in the layout around it (indentation, line ends, compact or expanded), so the
 * user's formatting and comments elsewhere stay byte for byte. jsonc-parser finds the nodes; the
 * edits are our own because its `modify` reformats neighbouring lines and mis-removes a last
 * array element (3.3.1).
 */
export function editJsonText(jsonc: Jsonc, text: string, before: unknown, after: unknown): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let body = bom ? text.slice(1) : text;
  const style = styleOf(body);
  const apply = (fn: (root: Node) => Edit) => {
    const root = jsonc.parseTree(body, [], { allowTrailingComma: true, disallowComments: false });
    if (!root) throw new Error('not JSON');
    const e = fn(root);
    body = body.slice(0, e.offset) + e.content + body.slice(e.offset + e.length);
  };
  const at = (root: Node, path: Path): Node => {
    const n = jsonc.findNodeAtLocation(root, path);
    if (!n) throw new Error(`no node at ${path.join('.')}`);
    return n;
  };
  const diff = (path: Path, a: unknown, b: unknown): void => {
    if (jsonEqual(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) apply((r) => removeChild(body, at(r, path), at(r, [...path, k]).parent!));
      for (const k of Object.keys(b)) if (Object.hasOwn(a, k)) diff([...path, k], a[k], b[k]);
      for (const k of Object.keys(b)) if (!Object.hasOwn(a, k)) apply((r) => insertChild(body, style, at(r, path), `${JSON.stringify(k)}${style.colon}`, b[k]));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length === b.length) return a.forEach((x, i) => diff([...path, i], x, b[i]));
      const removed = subsequenceGaps(a, b);
      if (removed) {
        for (const i of removed.reverse()) apply((r) => removeChild(body, at(r, path), at(r, [...path, i])));
        return;
      }
      if (b.length > a.length && a.every((x, i) => jsonEqual(x, b[i]))) {
        for (const x of b.slice(a.length)) apply((r) => insertChild(body, style, at(r, path), '', x));
        return;
      }
    }
    apply((r) => {
      const n = at(r, path);
      return { offset: n.offset, length: n.length, content: render(b, style, lineIndent(body, n.offset), isMultiLine(body, n)) };
    });
  };
  diff([], before, after);
  return bom + body;
}

type Edit = ReturnType<typeof removeChild>;
type Style = ReturnType<typeof styleOf>;

function styleOf(text: string) {
  const m = /\n([ \t]+)\S/.exec(text);
  return { unit: m?.[1] ? (m[1].includes('\t') ? '\t' : ' '.repeat(Math.min(m[1].length, 8))) : '  ', eol: text.includes('\r\n') ? '\r\n' : '\n', colon: /"\s*:\s/.test(text) || !text.includes('"') ? ': ' : ':' };
}

/** Indices of `a` left out of `b` when `b` is `a` with some items removed; undefined otherwise. */
function subsequenceGaps(a: unknown[], b: unknown[]): number[] | undefined {
  const gaps: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (j < b.length && jsonEqual(a[i], b[j])) j++;
    else gaps.push(i);
  }
  return j === b.length ? gaps : undefined;
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

const isMultiLine = (text: string, n: Node) => text.slice(n.offset, n.offset + n.length).includes('\n');

function render(value: unknown, style: Style, indent: string, multiLine: boolean): string {
  if (!multiLine) return JSON.stringify(value);
  return JSON.stringify(value, null, style.unit).split('\n').join(style.eol + indent);
}

/** Removes one property (or array item) with the comma that went with it. */
function removeChild(text: string, parent: Node, child: Node) {
  const kids = parent.children ?? [];
  const i = kids.indexOf(child);
  const end = (n: Node) => n.offset + n.length;
  if (kids.length === 1) return { offset: parent.offset + 1, length: parent.length - 2, content: '' };
  if (i > 0) return { offset: end(kids[i - 1]!), length: end(child) - end(kids[i - 1]!), content: '' };
  return { offset: child.offset, length: kids[1]!.offset - child.offset, content: '' };
}

/** Appends a property (`prefix` is its key) or an array item, laid out like its siblings. */
function insertChild(text: string, style: Style, parent: Node, prefix: string, value: unknown): Edit {
  const kids = parent.children ?? [];
  const last = kids[kids.length - 1];
  const fileMultiLine = text.includes('\n');
  if (last) {
    const multi = isMultiLine(text, parent);
    const indent = multi ? lineIndent(text, last.offset) : '';
    const sep = multi ? style.eol + indent : style.colon === ': ' ? ' ' : '';
    return { offset: last.offset + last.length, length: 0, content: `,${sep}${prefix}${render(value, style, indent, multi)}` };
  }
  // An empty container: expanded in an expanded file, compact in a one-line file.
  const outer = lineIndent(text, parent.offset);
  const inner = outer + style.unit;
  const content = fileMultiLine ? `${style.eol}${inner}${prefix}${render(value, style, inner, true)}${style.eol}${outer}` : `${prefix}${render(value, style, '', false)}`;
  return { offset: parent.offset + 1, length: parent.length - 2, content };
}
