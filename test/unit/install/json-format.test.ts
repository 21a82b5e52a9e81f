import { describe, expect, test } from 'vitest';
import { detectJsonFormat, formatJson, jsonEqual, parseJsonText } from '../../../src/install/json-format.js';

describe('detectJsonFormat + formatJson round-trip the layout', () => {
  const cases: Record<string, string> = {
    'two spaces': '{\n  "a": 1,\n  "b": [\n    1\n  ]\n}\n',
    'four spaces': '{\n    "a": {\n        "b": true\n    }\n}\n',
    tabs: '{\n\t"a": {\n\t\t"b": null\n\t}\n}\n',
    crlf: '{\r\n  "a": 1\r\n}\r\n',
    'no final newline': '{\n  "a": "x"\n}',
    bom: '\uFEFF{\n  "a": 1\n}\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      expect(formatJson(parseJsonText(text), detectJsonFormat(text))).toBe(text);
    });
  }
  test('a one-line file gets two-space indentation and keeps having no final newline', () => {
    expect(formatJson({ a: 1 }, detectJsonFormat('{"a":1}'))).toBe('{\n  "a": 1\n}');
  });
  test('an empty file parses as an empty object', () => {
    expect(parseJsonText('  \n')).toEqual({});
  });
});

describe('jsonEqual', () => {
  test('ignores key order, not array order', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
