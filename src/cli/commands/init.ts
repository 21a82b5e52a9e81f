import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateRepo } from '../../git/locate-repo.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { initTemplate } from '../../config/init-template.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, EXIT, type CliIO } from '../io.js';

export async function init(args: string[], io: CliIO): Promise<number> {
  parse(args, {});
  const root = (await locateRepo(io.cwd))?.top ?? io.cwd;
  const path = join(root, '.agent-handover.yml');
  if (existsSync(path)) {
    io.out(msg.initExists(path));
    return EXIT.ok;
  }
  await writeFileAtomic(path, initTemplate());
  io.out(msg.initWritten(path));
  return EXIT.ok;
}
