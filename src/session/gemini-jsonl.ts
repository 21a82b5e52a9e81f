import { geminiFacts } from './gemini-session.js';
import { isObj, jsonRecord, type Obj } from './json-record.js';
import type { ReadResult } from './transcript-types.js';

/**
 * Gemini CLI's JSONL session (since 2026-04-09, chatRecordingService): a metadata line, then an
 * upsert log, where one message id is written again in full each time its tool calls or results
 * change; `{"$rewindTo": id}` drops that message and every later one; `{"$set": {...}}` patches the
 * metadata, and its `messages` (a compression or a resume) are merged in by id rather than
 * replacing what was said, which the handover must keep. Read whole each time (`reset`), since a
 * rewind changes earlier lines' meaning.
 */
export function foldGeminiJsonl(text: string): { doc: Obj; lineCount: number; badLines: number } {
  const counts = { lineCount: 0, badLines: 0 };
  const messages = new Map<string, Obj>();
  const anonymous: Obj[] = [];
  let meta: Obj = {};
  const upsert = (m: unknown) => {
    if (!isObj(m)) return;
    if (typeof m.id === 'string') {
      // A rewritten message keeps its place: Map.set on an existing key does not move it.
      messages.set(m.id, m);
    } else anonymous.push(m);
  };
  const patch = ({ messages: list, ...rest }: Obj) => {
    meta = { ...meta, ...rest };
    if (Array.isArray(list)) list.forEach(upsert);
  };
  for (const line of text.split('\n')) {
    const r = jsonRecord(line, counts);
    if (!r) continue;
    if (typeof r.$rewindTo === 'string') {
      const ids = [...messages.keys()];
      const at = ids.indexOf(r.$rewindTo);
      for (const id of at < 0 ? [] : ids.slice(at)) messages.delete(id);
    } else if (isObj(r.$set)) patch(r.$set);
    else if (typeof r.type === 'string' && (typeof r.id === 'string' || typeof r.content !== 'undefined')) upsert(r);
    else patch(r);
  }
  return { doc: { ...meta, messages: [...messages.values(), ...anonymous] }, ...counts };
}

export async function readGeminiJsonl(path: string): Promise<ReadResult> {
  const { withFile, invalidSession } = await import('./transcript.js');
  return withFile(path, async (handle, size) => {
    const { doc, lineCount, badLines } = foldGeminiJsonl(await handle.readFile('utf8'));
    const facts = geminiFacts(doc);
    if (!facts) throw invalidSession(path, 'no messages');
    return { facts: { ...facts, lineCount, badLines: badLines + facts.badLines }, offset: size, reset: true };
  });
}
