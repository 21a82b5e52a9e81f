// `agent-handover check` on its own, built as dist/check.js (about 20 KB): the cheapest command,
// run by scripts and agents before anything else, should not load dist/core.js (0.84 MB, about
// 25 ms of CPU on Node 24 even from the compile cache; `npm run bench` shows the rows). A project
// with a config file goes to the whole CLI instead, because reading the config needs most of core,
// and two copies of our error classes in one process would break `instanceof`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { check } from './cli/commands/check.js';
import { processIO, report } from './cli/io.js';
import { locateRepo } from './git/locate-repo.js';

/** The bin sends only `check`, `check -q` and `check --quiet` here; anything else goes to main(). */
export async function checkMain(args: string[]): Promise<number> {
  const io = processIO();
  const root = (await locateRepo(io.cwd))?.top ?? io.cwd;
  if (existsSync(join(root, '.agent-handover.yml'))) return (await import('./core.js')).main(['check', ...args], io);
  try {
    return await check(args, io, root);
  } catch (err) {
    return report(io, err, 'check');
  }
}
