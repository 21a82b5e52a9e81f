import { join } from 'node:path';
import { git } from '../git/git.js';
import { findTextBlock, withTextBlock, withoutTextBlock } from '../user-files/text-block.js';
import { readBytes, writeUserFile, writeWithoutOurs } from '../user-files/user-file.js';
import { shDoubleQuote, shSingleQuote } from './hook-command.js';
import { sync as msg } from '../messages/sync.js';
import { DRIVERS } from '../sync/merge-driver.js';

/**
 * How git should start our CLI. A devDependency install (`projectFromTop` given: where the project
 * is inside the work tree) is found from the work tree's top each time, then from the main
 * checkout (a linked worktree), so moving or re-cloning the repository never breaks a merge; a
 * global install is named by its absolute path.
 */
export function mergeDriverCommand(packageRoot: string, projectFromTop?: string): string {
  if (projectFromTop === undefined) return `node ${shDoubleQuote(join(packageRoot, 'dist', 'cli.js'))}`;
  const rel = `${projectFromTop ? `${projectFromTop.split('\\').join('/')}/` : ''}node_modules/agent-handover/dist/cli.js`;
  const script = `f="$(git rev-parse --show-toplevel 2>/dev/null)/${rel}"; [ -f "$f" ] || f="$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../${rel}"; exec node "$f" "$@"`;
  return `sh -c ${shSingleQuote(script)} agent-handover`;
}

/** Each driver: the memory files it merges, its name in git config and its `merge-driver` kind. */
const ROUTES = [
  { driver: DRIVERS.state, glob: 'layer2/current-state.md', name: msg.driver.stateName, kind: 'current-state' },
  { driver: DRIVERS.archive, glob: 'layer3/*.md', name: msg.driver.archiveName, kind: 'archive' },
  { driver: DRIVERS.note, glob: 'layer1/**/*.md', name: msg.driver.noteName, kind: 'note' },
  { driver: DRIVERS.topic, glob: 'topics/*.md', name: msg.driver.topicName, kind: 'topic' },
];

function attributeMarkers(memoryRel = 'memory') {
  return { start: msg.driver.attributesComment, body: ROUTES.map((r) => `${memoryRel}/${r.glob} merge=${r.driver}`) };
}

export interface MergeDriverInstall {
  attributes: 'created' | 'updated' | 'unchanged' | 'removed' | 'restored';
  config: 'updated' | 'unchanged' | 'removed';
}

/**
 * Registers the drivers: a block of lines in .gitattributes (committed, so every clone routes the
 * files) and `merge.<driver>.*` in the local git config (per clone: git never runs a command a
 * repository names on its own). Idempotent; the user's own file is backed up first.
 */
export async function installMergeDrivers(root: string, command: string, opts: { memoryRel?: string } = {}): Promise<MergeDriverInstall> {
  const markers = attributeMarkers(opts.memoryRel);
  const file = join(root, '.gitattributes');
  const bytes = await readBytes(file);
  const text = bytes?.toString('utf8');
  const ours = text !== undefined && findTextBlock(text, markers) !== undefined;
  const next = withTextBlock(text, `${[markers.start, ...markers.body].join('\n')}\n`, markers);
  let attributes: MergeDriverInstall['attributes'] = 'unchanged';
  if (next !== text) {
    await writeUserFile(file, next, { current: bytes, currentHasOurs: ours });
    attributes = text === undefined ? 'created' : 'updated';
  }
  let config: MergeDriverInstall['config'] = 'unchanged';
  for (const r of ROUTES) {
    const driver = `${command} merge-driver ${r.kind} %O %A %B %P`;
    for (const [key, value] of [[`merge.${r.driver}.name`, r.name], [`merge.${r.driver}.driver`, driver]] as const) {
      const have = await git(root, ['config', '--local', '--get', key], { okCodes: [1] });
      if (have.code === 0 && have.stdout.replace(/\n$/, '') === value) continue;
      await git(root, ['config', '--local', key, value]);
      config = 'updated';
    }
  }
  return { attributes, config };
}

/** The exact reverse of installMergeDrivers: our block out of .gitattributes (the backup back when that is all), our config sections gone. */
export async function uninstallMergeDrivers(root: string, opts: { memoryRel?: string } = {}): Promise<MergeDriverInstall> {
  const markers = attributeMarkers(opts.memoryRel);
  const file = join(root, '.gitattributes');
  const text = (await readBytes(file))?.toString('utf8');
  let attributes: MergeDriverInstall['attributes'] = 'unchanged';
  if (text !== undefined && findTextBlock(text, markers)) {
    const next = withoutTextBlock(text, markers);
    const removal = { sameAsBackup: (b: string) => b === next || `${b}\n` === next, deleteFile: next.trim() === '' };
    attributes = await writeWithoutOurs(file, next, removal);
  }
  let config: MergeDriverInstall['config'] = 'unchanged';
  for (const name of Object.values(DRIVERS)) {
    // Exit 0 removed it; non-zero means the section was not there.
    const r = await git(root, ['config', '--local', '--remove-section', `merge.${name}`], { okCodes: [1, 5, 128] });
    if (r.code === 0) config = 'removed';
  }
  return { attributes, config };
}
