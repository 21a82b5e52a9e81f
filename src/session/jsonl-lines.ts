import type { FileHandle } from 'node:fs/promises';

const NL = 0x0a;
/**
 * The most of one line kept in memory. A longer line is cut here (it then fails to parse and is
 * counted as a bad line): a single 2 GB record must not take the hook's memory with it.
 */
export const MAX_LINE_BYTES = 64 << 20;

/**
 * Streams the complete lines of an open file from `start`, never holding more than one line plus one
 * chunk. `onLine` gets each line (without '\n'; a CR is the caller's business) and the byte offset
 * just after it. A last line without '\n' is not delivered: it may still be being written.
 * (`flushLast` delivers it anyway, for a file known to be complete.)
 * Stops after the first line that reaches `start + maxBytes`, so every call makes progress.
 * Returns the offset after the last delivered line.
 */
export async function forEachLine(
  handle: FileHandle,
  start: number,
  maxBytes: number,
  onLine: (line: Buffer, end: number) => void,
  flushLast = false,
): Promise<number> {
  const stream = handle.createReadStream({ start, highWaterMark: 1 << 20, autoClose: false });
  let base = start; // file offset of the current chunk's first byte
  let consumed = start;
  let partial: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, from)) {
        const held = partial.reduce((n, b) => n + b.length, 0);
        const piece = chunk.subarray(from, from + Math.min(nl - from, Math.max(0, MAX_LINE_BYTES - held)));
        const line = partial.length > 0 ? Buffer.concat([...partial, piece]) : piece;
        partial = [];
        consumed = base + nl + 1;
        onLine(line, consumed);
        from = nl + 1;
        if (consumed - start >= maxBytes) return consumed;
      }
      if (from < chunk.length) {
        const held = partial.reduce((n, b) => n + b.length, 0);
        if (held < MAX_LINE_BYTES) partial.push(chunk.subarray(from, from + Math.min(chunk.length - from, MAX_LINE_BYTES - held)));
      }
      base += chunk.length;
    }
    if (flushLast && partial.length > 0) {
      consumed = base;
      onLine(Buffer.concat(partial), consumed);
    }
    return consumed;
  } finally {
    stream.destroy();
  }
}
