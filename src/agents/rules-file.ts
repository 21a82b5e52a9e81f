import { OWN_MARKER } from './own-file.js';
import { agents as msg } from '../messages/agents.js';

/**
 * The body of a rules file for agents whose start hook may not deliver (Cursor IDE): a pointer to
 * the current state and, once a Stop has run, the context itself. `header` is the agent's front
 * matter. The file is machine-local (kept out of git status through .git/info/exclude).
 */
export function rulesFileText(header: string, currentStateRel: string, context?: string): string {
  return [
    header,
    `<!-- ${OWN_MARKER}: rewritten at every Stop; delete it and run uninstall-hooks to stop. -->`,
    '',
    msg.contextFileLine(currentStateRel),
    ...(context ? ['', context.trim()] : []),
    '',
  ].join('\n');
}
