import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { locateRepo } from '../git/locate-repo.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { readBytes } from '../user-files/user-file.js';
import { withoutTextBlock, withTextBlock, type BlockMarkers } from '../user-files/text-block.js';

const MARKERS: BlockMarkers = { start: '# agent-handover: generated rules files (machine-local)', end: '# agent-handover: end' };

/**
 * Keeps files we regenerate at every Stop out of `git status`, without touching a committed file:
 * .git/info/exclude is the repository's local ignore list. Outside a repository there is nothing to do.
 */
export async function excludeLocally(projectDir: string, files: readonly string[], dryRun: boolean, remove = false): Promise<InstallAction | undefined> {
  const info = await locateRepo(projectDir);
  if (!info) return undefined;
  const target = join(info.commonDir, 'info', 'exclude');
  const text = (await readBytes(target))?.toString('utf8') ?? '';
  const lines = files.map((f) => `/${relative(info.top, join(projectDir, f)).split('\\').join('/')}`);
  const next = remove ? withoutTextBlock(text, MARKERS) : withTextBlock(text, `${[MARKERS.start, ...lines, MARKERS.end].join('\n')}\n`, MARKERS);
  if (next === text) return undefined;
  if (!dryRun) {
    await mkdir(dirname(target), { recursive: true });
    await writeFileAtomic(target, next);
  }
  return { target, action: actionFor(remove ? 'removed' : 'updated', dryRun), detail: remove ? 'our exclude lines removed' : `kept out of git status: ${lines.join(', ')}` };
}
