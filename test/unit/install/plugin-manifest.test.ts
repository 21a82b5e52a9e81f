import { describe, expect, test } from 'vitest';
import { Ajv } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLAUDE_HOOK_EVENTS } from '../../../src/install/hook-command.js';

const SCHEMAS = join(resolve(process.cwd(), '../shared'), 'schemas');
const hasShared = existsSync(join(SCHEMAS, 'claude-code-plugin-manifest.schema.json'));
if (!hasShared) console.warn(`skipping plugin schema checks: ${SCHEMAS} (the shared folder ../shared) is absent`);

const read = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

function validator(name: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', true);
  return ajv.compile(read(join(SCHEMAS, `${name}.schema.json`)));
}

function expectValid(name: string, value: unknown): void {
  const validate = validator(name);
  validate(value);
  expect(validate.errors ?? []).toEqual([]);
}

describe('Claude Code plugin', () => {
  const plugin = read('.claude-plugin/plugin.json');
  const market = read('.claude-plugin/marketplace.json');
  const hooks = read('hooks/hooks.json');

  test('names and versions agree with package.json', () => {
    const pkg = read('package.json');
    expect(plugin.name).toBe(pkg.name);
    expect(plugin.version).toBe(pkg.version);
    expect(market.plugins[0].name).toBe(plugin.name);
    expect(market.plugins[0].version).toBe(pkg.version);
    // Not on the registry yet: the plugin is the folder the marketplace sits in (a built copy: the
    // installed package, or a checkout after npm install).
    expect(market.plugins[0].source).toBe('./');
    // The npm tarball must carry what the plugin needs.
    for (const f of ['dist/', 'hooks/hooks.json', '.claude-plugin/']) expect(pkg.files).toContain(f);
  });

  test('hooks/hooks.json runs a built entry for each event from the plugin root, with timeouts', () => {
    for (const e of CLAUDE_HOOK_EVENTS) {
      const h = hooks.hooks[e.event][0].hooks[0];
      expect(h.command).toBe(`f="\${CLAUDE_PLUGIN_ROOT}/dist/hooks/${e.script}.js"; [ -f "$f" ] && exec node "$f"; exit 0`);
      expect(h.timeout).toBe(e.timeout);
      expect(existsSync(join('hooks', `${e.script}.ts`))).toBe(true);
    }
    // hooks/hooks.json is loaded by convention; naming it in plugin.json too would load it twice.
    expect(plugin.hooks).toBeUndefined();
  });

  test.skipIf(!hasShared)('plugin.json validates against the plugin manifest schema', () => {
    expectValid('claude-code-plugin-manifest', plugin);
  });
  test.skipIf(!hasShared)('marketplace.json validates against the marketplace schema', () => {
    expectValid('claude-code-marketplace', market);
  });
  test.skipIf(!hasShared)('the hooks validate as plugin hooks and as settings hooks', () => {
    expectValid('claude-code-plugin-manifest', { name: 'x', hooks: hooks.hooks });
    expectValid('claude-code-settings', { hooks: hooks.hooks });
  });
  test.skipIf(!hasShared)('the schemas do reject a broken manifest', () => {
    expect(validator('claude-code-plugin-manifest')({ version: '1' })).toBe(false);
    expect(validator('claude-code-marketplace')({ name: 'x', owner: { name: 'y' }, plugins: [{ name: 'p' }] })).toBe(false);
  });
});
