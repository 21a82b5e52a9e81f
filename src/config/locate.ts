import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

/** JSON pointer (`/steps/3/timeout`) to path segments, numbers for sequence indexes. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `steps[3].timeout`, the way a person names a key in the file. */
export function keyPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
  return out || '(top level)';
}

/**
 * Where in the file a path points: the key itself when `atKey` (unknown or misnamed keys), else the
 * value. Falls back to the nearest ancestor the document has (aliases, missing keys).
 */
export function locate(doc: Document, lc: LineCounter, segments: readonly string[], atKey = false): Position {
  let node: unknown = doc.contents;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
      next = pair?.value;
      keyNode = pair?.key;
    } else if (isSeq(node)) {
      next = node.items[Number(seg)];
    }
    if (atKey && i === segments.length - 1 && keyNode) return posOf(keyNode, lc) ?? posOf(node, lc) ?? { line: 1, col: 1 };
    if (next === undefined || next === null) break;
    node = next;
  }
  return posOf(node, lc) ?? { line: 1, col: 1 };
}

function posOf(node: unknown, lc: LineCounter): Position | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? lc.linePos(range[0]) : undefined;
}
