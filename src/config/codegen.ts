import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { CONFIG_SCHEMA } from './schema.js';

// Build-time only (tests import it): the validator is compiled ahead of time into
// validate.generated.ts, because compiling the schema at run time would be part of every hook's start-up.
// Regenerate both outputs with: UPDATE_GENERATED=1 npx vitest run test/unit/config/config-schema.test.ts

export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictNumbers: true, allowUnionTypes: true } as const;

export function schemaFileText(): string {
  return JSON.stringify(CONFIG_SCHEMA, null, 2) + '\n';
}

export function validatorSource(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const standalone = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (a: Ajv, v: unknown) => string;
  let code = standalone(ajv, ajv.compile(CONFIG_SCHEMA));
  // ajv emits require() for its runtime helpers even in ESM mode; make them imports. Node and
  // bundlers disagree on what a default import of a CommonJS module is, so unwrap either shape.
  const imports: string[] = [];
  code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/g, (_m, mod: string) => {
    const id = `__rt${imports.length}`;
    imports.push(`import ${id} from '${mod}.js';`);
    return `__fn(${id})`;
  });
  imports.push('const __fn = (m) => (typeof m === "function" ? m : m.default);');
  return ['/* eslint-disable */', '// @ts-nocheck', '// GENERATED from src/config/schema.ts by src/config/codegen.ts: do not edit.', ...imports, code, ''].join('\n');
}
