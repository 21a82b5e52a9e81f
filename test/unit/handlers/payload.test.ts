import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../../src/handlers/payload.js';

describe('parsePayload', () => {
  it('keeps the typed fields of a real Claude Code Stop payload', () => {
    const text = JSON.stringify({
      session_id: 'abc-123_x.y',
      transcript_path: '/home/u/.claude/projects/p/abc.jsonl',
      cwd: '/work/p',
      hook_event_name: 'Stop',
      stop_hook_active: false,
      last_assistant_message: 'Done.',
      permission_mode: 'default',
    });
    expect(parsePayload(text)).toEqual({
      payload: { session_id: 'abc-123_x.y', transcript_path: '/home/u/.claude/projects/p/abc.jsonl', cwd: '/work/p', hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'Done.' },
    });
  });

  it('SessionStart, SessionEnd and PostCompact fields', () => {
    expect(parsePayload('{"source":"resume","reason":"clear","compact_summary":"sum","trigger":"auto"}').payload).toEqual({ source: 'resume', reason: 'clear', compact_summary: 'sum', trigger: 'auto' });
  });

  it.each([
    ['', 'empty stdin'],
    ['   \n', 'empty stdin'],
    ['{"session_id":', 'stdin is not JSON'],
    ['null', 'stdin JSON is not an object'],
    ['[]', 'stdin JSON is not an object'],
    ['"text"', 'stdin JSON is not an object'],
    ['42', 'stdin JSON is not an object'],
  ])('%j gives an empty payload and says why', (text, problem) => {
    expect(parsePayload(text)).toEqual({ payload: {}, problem });
  });

  it('drops mistyped and empty fields', () => {
    expect(parsePayload(JSON.stringify({ session_id: 5, cwd: ['x'], transcript_path: '', stop_hook_active: 'true', reason: null, source: { a: 1 } }))).toEqual({ payload: {} });
  });

  it.each([['../../etc/passwd'], ['a/b'], ['a\\b'], ['.hidden'], ['a..b'], ['..'], ['-rf'], ['x'.repeat(129)], ['with space'], ['nul\u0000'], ['é']])('session_id %j (a path or a bad id) is dropped with a problem', (id) => {
    const r = parsePayload(JSON.stringify({ session_id: id, cwd: '/p' }));
    expect(r.payload).toEqual({ cwd: '/p' });
    expect(r.problem).toMatch(/session_id .* is not a valid id; it was dropped/);
  });

  it('a UUID session id is kept', () => {
    expect(parsePayload('{"session_id":"0f8fad5b-d9cb-469f-a165-70867728950e"}').payload.session_id).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('a huge bad session id is cut in the problem text', () => {
    const r = parsePayload(JSON.stringify({ session_id: '/'.repeat(10_000) }));
    expect(r.problem!.length).toBeLessThan(400);
  });
});
