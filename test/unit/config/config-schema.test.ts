import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../../src/config/schema.js';
import { AJV_OPTIONS, schemaFileText, validatorSource } from '../../../src/config/codegen.js';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { initTemplate } from '../../../src/config/init-template.js';

const SHIPPED = join(process.cwd(), 'schema/agent-handover.schema.json');

describe('config schema', () => {
  // UPDATE_GENERATED=1 rewrites both files from src/config/schema.ts instead of comparing.
  const generated: [string, () => string][] = [
    [SHIPPED, schemaFileText],
    [join(process.cwd(), 'src/config/validate.generated.ts'), validatorSource],
  ];
  it.each(generated)('%s is exactly what the schema generates, so they cannot drift', (file, make) => {
    if (process.env.UPDATE_GENERATED === '1') writeFileSync(file, make());
    expect(readFileSync(file, 'utf8')).toBe(make());
  });

  it('the shipped schema parses back to the schema the code uses', () => {
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8'))).toEqual(CONFIG_SCHEMA);
  });

  it('compiles in ajv strict mode (draft-07, what editors speak)', () => {
    const ajv = new Ajv({ ...AJV_OPTIONS });
    expect(CONFIG_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => ajv.compile(CONFIG_SCHEMA)).not.toThrow();
  });

  it("the schema's defaults (shown by editors) are the code's defaults", () => {
    const props = CONFIG_SCHEMA.properties;
    const fromSchema = Object.fromEntries(
      Object.entries(props).map(([k, v]) => {
        const node = v as { default?: unknown; properties?: Record<string, { default?: unknown }> };
        if ('default' in node) return [k, node.default];
        return [k, Object.fromEntries(Object.entries(node.properties ?? {}).map(([kk, vv]) => [kk, vv.default]))];
      }),
    );
    // The template spells out every default in file form; the schema must agree with it key by key.
    expect(fromSchema).toEqual(parse(initTemplate()));
    expect(fromSchema.steps).toEqual(DEFAULT_CONFIG.steps.map((s) => s.name));
  });

  it('the default config file validates against the shipped schema', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(SHIPPED, 'utf8')));
    expect(validate(parse(initTemplate()))).toBe(true);
    expect(validate({ tag: '-x' })).toBe(false);
  });
});
