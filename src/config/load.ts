import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { config as msg } from '../messages/config.js';
import { CONFIG_FILE, DEFAULT_CONFIG } from './defaults.js';
import type { Config } from './types.js';

/**
 * The project's config: `<root>/.agent-handover.yml`, or `opts.path` (relative to root). No file at
 * the default path means the defaults; a file named explicitly must exist. The parser (yaml + ajv)
 * is imported only when there is a file to parse, so a hook without a config stays light.
 */
export async function loadConfig(root: string, opts: { path?: string } = {}): Promise<Config> {
  const file = opts.path === undefined ? join(resolve(root), CONFIG_FILE) : resolve(root, opts.path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && opts.path === undefined) return structuredClone(DEFAULT_CONFIG);
    if (code === 'ENOENT') throw new ConfigError(msg.notFound(file), { path: file, hint: msg.notFoundFix, cause: err });
    throw new ConfigError(msg.unreadable(file, (err as Error).message), { path: file, hint: msg.fix(file), cause: err });
  }
  const { parseConfig } = await import('./parse.js');
  return parseConfig(text, file);
}
