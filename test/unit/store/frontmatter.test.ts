import { describe, expect, test } from 'vitest';
import { parseFrontMatter, renderFrontMatter, type Meta } from '../../../src/store/frontmatter.js';
import { parse as parseYaml } from 'yaml';

describe('front matter', () => {
  const meta: Meta = { layer: 1, tag: 'handover', date: '2026-03-01', session: 's1', tool_version: '0.1.0', ok: true, none: null, files: ['a.ts', 'b: c'], tricky: 'line\nbreak --- "quoted": yes' };

  test('round-trips and is valid YAML', () => {
    const text = renderFrontMatter(meta) + '# Body\n\ntext\n';
    const parsed = parseFrontMatter(text);
    expect(parsed?.meta).toEqual(meta);
    expect(parsed?.body).toBe('# Body\n\ntext\n');
    const yamlBlock = text.slice(4, text.indexOf('\n---\n', 3));
    expect(parseYaml(yamlBlock)).toEqual(meta);
  });

  test('an empty meta block round-trips', () => {
    expect(parseFrontMatter(renderFrontMatter({}) + 'body')).toEqual({ meta: {}, body: 'body' });
  });

  test('no header or an unterminated header is undefined', () => {
    expect(parseFrontMatter('# just markdown\n')).toBeUndefined();
    expect(parseFrontMatter('---\nlayer: 1\nno end\n')).toBeUndefined();
  });

  test('a body containing --- lines stays in the body', () => {
    const text = renderFrontMatter({ layer: 2 }) + 'a\n---\nb\n';
    expect(parseFrontMatter(text)).toEqual({ meta: { layer: 2 }, body: 'a\n---\nb\n' });
  });

  test('a hand-edited plain YAML value is kept as a string', () => {
    expect(parseFrontMatter('---\ntitle: hello world\n---\n')?.meta).toEqual({ title: 'hello world' });
  });

  test('a file checked out with CRLF line endings (core.autocrlf) still parses', () => {
    const text = (renderFrontMatter({ layer: 1, session: 's' }) + 'body\n').replace(/\n/g, '\r\n');
    const parsed = parseFrontMatter(text);
    expect(parsed?.meta).toEqual({ layer: 1, session: 's' });
    expect(parsed?.body.trim()).toBe('body');
  });

  test('a __proto__ key cannot change the prototype of the result', () => {
    const parsed = parseFrontMatter('---\n__proto__: {"polluted": true}\nlayer: 1\n---\n');
    expect((parsed?.meta as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed?.meta)).toBe(Object.prototype);
    expect(parsed?.meta.layer).toBe(1);
  });
});
