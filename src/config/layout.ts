import { resolve } from 'node:path';
import { expandHome, layoutFor, type Layout } from '../layout.js';
import type { Config } from './types.js';

/** The Layout a config describes; $AGENT_HANDOVER_PAUSE and $AGENT_HANDOVER_CHECKPOINT still apply. */
export function layoutFromConfig(root: string, config: Config, env: NodeJS.ProcessEnv = process.env): Layout {
  const abs = resolve(root);
  const at = (p: string) => resolve(abs, expandHome(p));
  const pauseFiles = config.pauseFiles.map(at);
  if (env.AGENT_HANDOVER_PAUSE) pauseFiles.push(at(env.AGENT_HANDOVER_PAUSE));
  return layoutFor(
    abs,
    {
      memoryDir: at(config.memoryRoot),
      checkpointPath: env.AGENT_HANDOVER_CHECKPOINT ? at(env.AGENT_HANDOVER_CHECKPOINT) : at(config.checkpoint),
      pauseFiles,
      ...(config.source ? { configPath: config.source } : {}),
    },
    env,
  );
}
