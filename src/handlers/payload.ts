const STRINGS = ['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'source', 'reason', 'last_assistant_message', 'compact_summary', 'trigger'] as const;

/** The fields our hooks read from an agent's JSON payload; anything missing or mistyped is dropped. */
export type HookPayload = { [K in (typeof STRINGS)[number]]?: string } & { stop_hook_active?: boolean };

/** Never throws: empty, garbage or non-object input gives an empty payload and a problem note. */
export function parsePayload(text: string): { payload: HookPayload; problem?: string } {
  if (!text.trim()) return { payload: {}, problem: 'empty stdin' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { payload: {}, problem: 'stdin is not JSON' };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { payload: {}, problem: 'stdin JSON is not an object' };
  const o = raw as Record<string, unknown>;
  const payload: HookPayload = {};
  for (const k of STRINGS) if (typeof o[k] === 'string' && (o[k] as string).length > 0) payload[k] = o[k] as string;
  if (typeof o.stop_hook_active === 'boolean') payload.stop_hook_active = o.stop_hook_active;
  // Session ids name files; one that would not validate is treated as absent rather than trusted.
  // Same rule as validateSession (store/validate.ts), ".." included, so no later step throws on it.
  if (payload.session_id && (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(payload.session_id) || payload.session_id.includes('..'))) {
    const bad = payload.session_id;
    delete payload.session_id;
    return { payload, problem: `session_id ${JSON.stringify(bad.slice(0, 200))} is not a valid id; it was dropped` };
  }
  return { payload };
}
