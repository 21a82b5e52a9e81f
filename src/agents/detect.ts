import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { AgentAdapter } from './adapter.js';

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why an agent counts as used here: its project folder, or its executable on PATH; undefined when neither. */
export function detectAgent(adapter: AgentAdapter, projectDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const marker = adapter.markers.find((m) => existsSync(join(projectDir, m)));
  if (marker) return marker;
  const bin = adapter.binaries.find((b) => onPath(b, env));
  return bin ? `${bin} on PATH` : undefined;
}
