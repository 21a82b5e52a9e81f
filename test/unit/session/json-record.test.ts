import { describe, expect, it } from 'vitest';
import { isObj, jsonRecord } from '../../../src/session/json-record.js';

describe('jsonRecord', () => {
  it('objects count and come back; blank lines do not count; everything else is a bad line', () => {
    const facts = { lineCount: 0, badLines: 0 };
    expect(jsonRecord('{"type":"user"}', facts)).toEqual({ type: 'user' });
    expect(jsonRecord('{"a":1}\r', facts)).toEqual({ a: 1 });
    expect(jsonRecord('\ufeff{"b":2}', facts)).toEqual({ b: 2 });
    expect(jsonRecord('   ', facts)).toBeUndefined();
    expect(facts).toEqual({ lineCount: 3, badLines: 0 });
    for (const bad of ['[1,2]', 'null', '"text"', '{"cut', 'garbage']) expect(jsonRecord(bad, facts)).toBeUndefined();
    expect(facts).toEqual({ lineCount: 8, badLines: 5 });
  });

  it('isObj: plain objects only', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1].map(isObj)).toEqual([true, true, false, false, false, false]);
  });
});
