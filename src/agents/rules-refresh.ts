import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { readBytes } from '../user-files/user-file.js';
import { memoryRel, type Project } from '../project/project.js';
import { buildContext } from '../pipeline/session-context.js';
import { budgetFor } from './budget.js';
import { cursor, CURSOR_RULES, CURSOR_RULES_HEADER } from './cursor.js';
import { OWN_MARKER } from './own-file.js';
import { rulesFileText } from './rules-file.js';

/**
 * Rewrites Cursor's rules file (which carries the state because its start hook may not deliver it),
 * when installed with our marker, with the context as it is now, after a handover; whichever agent
 * ended the turn, since the memory is shared. An absent file stays absent.
 */
export async function refreshRulesFiles(p: Project): Promise<string[]> {
  const file = join(p.root, CURSOR_RULES);
  const current = (await readBytes(file))?.toString('utf8');
  if (current === undefined || !current.includes(OWN_MARKER)) return [];
  const context = await buildContext(p, { budget: budgetFor(p.config, cursor) });
  const text = rulesFileText(CURSOR_RULES_HEADER, `${memoryRel(p)}/layer2/current-state.md`, context);
  if (text === current) return [];
  await writeFileAtomic(file, text);
  return [file];
}
