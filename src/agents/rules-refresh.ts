import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { readBytes } from '../user-files/user-file.js';
import { memoryRel, type Project } from '../project/project.js';
import { buildContext } from '../pipeline/session-context.js';
import { budgetFor } from './budget.js';
import { cursor, CURSOR_RULES, CURSOR_RULES_HEADER } from './cursor.js';
import { OWN_MARKER } from './own-file.js';
import { rulesFileText } from './rules-file.js';

/** Rules files that carry the state for agents whose start hook may not deliver it, by agent. */
const RULES = [{ adapter: cursor, rel: CURSOR_RULES, header: CURSOR_RULES_HEADER }];

/**
 * Rewrites each installed rules file (one with our marker) with the context as it is now, after a
 * handover; whichever agent ended the turn, since the memory is shared. Absent files stay absent.
 */
export async function refreshRulesFiles(p: Project): Promise<string[]> {
  const done: string[] = [];
  for (const r of RULES) {
    const file = join(p.root, r.rel);
    const current = (await readBytes(file))?.toString('utf8');
    if (current === undefined || !current.includes(OWN_MARKER)) continue;
    const context = await buildContext(p, { budget: budgetFor(p.config, r.adapter) });
    const text = rulesFileText(r.header, `${memoryRel(p)}/layer2/current-state.md`, context);
    if (text !== current) {
      await writeFileAtomic(file, text);
      done.push(file);
    }
  }
  return done;
}
