import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { loadProject } from '../../project/project.js';
import { pausedBy } from '../../pause.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, EXIT, type CliIO } from '../io.js';

export async function pause(args: string[], io: CliIO): Promise<number> {
  parse(args, {});
  const p = await loadProject(io.cwd, { env: io.env });
  const file = p.layout.pauseFiles[0]!;
  // A configured pause file may sit in a folder that does not exist yet (~/.agent_handover/).
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `paused by agent-handover pause at ${new Date().toISOString()}\n`);
  io.out(msg.paused(file));
  return EXIT.ok;
}

export async function unpause(args: string[], io: CliIO): Promise<number> {
  parse(args, {});
  const p = await loadProject(io.cwd, { env: io.env });
  const file = p.layout.pauseFiles[0]!;
  const removed = existsSync(file) ? [file] : [];
  if (removed.length) await rm(file, { force: true });
  io.out(msg.unpaused(removed));
  const still = pausedBy(p.layout.pauseFiles);
  if (still) io.out(msg.pausedElsewhere(still));
  return EXIT.ok;
}
