import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePayload, type HookPayload } from '../../../src/handlers/payload.js';

const STRING_KEYS = ['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'source', 'reason', 'last_assistant_message', 'compact_summary', 'trigger'];
const ID_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

function wellTyped(p: HookPayload): void {
  for (const [k, v] of Object.entries(p)) {
    if (k === 'stop_hook_active') expect(typeof v).toBe('boolean');
    else {
      expect(STRING_KEYS).toContain(k);
      expect(typeof v).toBe('string');
      expect((v as string).length).toBeGreaterThan(0);
    }
  }
  if (p.session_id !== undefined) {
    expect(p.session_id).toMatch(ID_RE);
    expect(p.session_id).not.toMatch(/[/\\]|\.\./);
  }
}

/** Objects shaped like payloads: our keys with values of any JSON type, plus noise keys. */
const payloadLike = fc.dictionary(
  fc.oneof(fc.constantFrom(...STRING_KEYS, 'stop_hook_active'), fc.string()),
  fc.oneof(fc.string(), fc.constantFrom('../x', 'a/b', '..', 'ok-id', '', ' '), fc.boolean(), fc.integer(), fc.constant(null), fc.jsonValue()),
);

describe('parsePayload (properties)', () => {
  it('never throws on arbitrary text and returns only typed fields', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const r = parsePayload(text);
        wellTyped(r.payload);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary JSON and returns only typed fields', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parsePayload(JSON.stringify(v) ?? '');
        wellTyped(r.payload);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) expect(r.payload).toEqual({});
      }),
      { numRuns: 1000 },
    );
  });

  it('payload-shaped objects: valid fields kept exactly, everything else dropped, session ids with path characters never pass', () => {
    fc.assert(
      fc.property(payloadLike, (o) => {
        const r = parsePayload(JSON.stringify(o));
        wellTyped(r.payload);
        for (const k of STRING_KEYS) {
          const v = (o as Record<string, unknown>)[k];
          const valid = typeof v === 'string' && v.length > 0 && (k !== 'session_id' || ID_RE.test(v));
          expect((r.payload as Record<string, unknown>)[k]).toBe(valid ? v : undefined);
        }
        const sha = (o as Record<string, unknown>).stop_hook_active;
        expect(r.payload.stop_hook_active).toBe(typeof sha === 'boolean' ? sha : undefined);
      }),
      { numRuns: 1000 },
    );
  });

  it('a session id with a path separator or .. (which the store refuses) is always dropped', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('/', '\\', '../', '..'), fc.string(), (a, sep, b) => {
        const r = parsePayload(JSON.stringify({ session_id: `${a}${sep}${b}` }));
        expect(r.payload.session_id).toBeUndefined();
        expect(r.problem).toMatch(/not a valid id/);
      }),
      { numRuns: 1000 },
    );
  });
});
