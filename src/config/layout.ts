import { resolve } from 'node:path';
import { expandHome, layoutFor, type Layout } from '../layout.js';
import type { Config } from './types.js';

/** The folder inside .agent-handover/ where shared mode materialises its readable copy of the memory. */
export const SHARED_VIEW_PARENT = '.agent-handover';

/**
 * Where the memory's Markdown lives on disk. Branch mode: memory_root itself (committed on the
 * branch). Shared mode: .agent-handover/<memory_root>, our own machine-local folder, so the
 * readable copy can never collide with a user's file of the same name, and never shows in status.
 */
export function memoryDirFor(root: string, config: Config): string {
  const rel = expandHome(config.memoryRoot);
  return config.git.mode === 'shared' ? resolve(root, SHARED_VIEW_PARENT, rel) : resolve(root, rel);
}

/** The Layout a config describes; $AGENT_HANDOVER_PAUSE and $AGENT_HANDOVER_CHECKPOINT still apply. */
export function layoutFromConfig(root: string, config: Config, env: NodeJS.ProcessEnv = process.env): Layout {
  const abs = resolve(root);
  const at = (p: string) => resolve(abs, expandHome(p));
  const pauseFiles = config.pauseFiles.map(at);
  if (env.AGENT_HANDOVER_PAUSE) pauseFiles.push(at(env.AGENT_HANDOVER_PAUSE));
  return layoutFor(
    abs,
    {
      memoryDir: memoryDirFor(abs, config),
      checkpointPath: env.AGENT_HANDOVER_CHECKPOINT ? at(env.AGENT_HANDOVER_CHECKPOINT) : at(config.checkpoint),
      pauseFiles,
      ...(config.source ? { configPath: config.source } : {}),
    },
    env,
  );
}
