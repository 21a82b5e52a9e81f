import { join } from 'node:path';
import { install as msg } from '../messages/index.js';
import type { InstallKind } from './hook-command.js';
import { actionFor, type InstallAction } from '../user-files/install-report.js';
import { lineDiff } from '../user-files/line-diff.js';
import { findTextBlock, withoutTextBlock, withTextBlock, type BlockMarkers } from '../user-files/text-block.js';
import { readBytes, removeOurPart, writeUserFile } from '../user-files/user-file.js';

// GEMINI.md: Gemini CLI's (and Antigravity's) own instructions file; the other agents read AGENTS.md.
export const AGENT_DOC_FILES = ['CLAUDE.md', 'AGENTS.md', 'GEMINI.md'] as const;
const MARKERS: BlockMarkers = { start: '<!-- agent-handover:start -->', end: '<!-- agent-handover:end -->' };
// A blank line sets our block apart from the user's last paragraph; removal takes it away again.
const SEPARATOR = '\n';

/** The block for CLAUDE.md / AGENTS.md. A devDependency install is reached through npx. */
export function agentDocsBlock(kind: InstallKind): string {
  const cli = kind === 'dev' ? 'npx agent-handover' : 'agent-handover';
  return [
    MARKERS.start,
    '## Session memory (agent-handover)',
    '',
    `- \`.agent-handover/memory/layer2/current-state.md\` (\`memory/layer2/current-state.md\` with git.mode: branch) holds the current state of this project (recent work, open follow-ups, decisions): read it when you start, or run \`${cli} context\`; \`${cli} recall <words>\` searches all of memory.`,
    `- Record decisions, gotchas and follow-ups when they happen: \`${cli} note --kind decision|gotcha|followup "text"\`.`,
    `- Close a follow-up when it is done: \`${cli} note --kind done <id>\`.`,
    '- Hooks write and commit the notes (on the ref agent-handover/memory by default); do not edit them by hand.',
    MARKERS.end,
    '',
  ].join('\n');
}

/** Adds (or refreshes) our block in each agent doc that exists; offers it when none does. */
export async function installAgentDocs(projectDir: string, kind: InstallKind, dryRun: boolean): Promise<{ actions: InstallAction[]; messages: string[] }> {
  const block = agentDocsBlock(kind);
  const actions: InstallAction[] = [];
  for (const name of AGENT_DOC_FILES) {
    const file = join(projectDir, name);
    const bytes = await readBytes(file);
    if (bytes === undefined) continue;
    const text = bytes.toString('utf8');
    const ours = findTextBlock(text, MARKERS) !== undefined;
    const next = withTextBlock(text, block, MARKERS, SEPARATOR);
    if (next === text) {
      actions.push({ target: file, action: 'unchanged', detail: msg.docsUnchanged });
      continue;
    }
    if (!dryRun) await writeUserFile(file, next, { current: bytes, currentHasOurs: ours });
    actions.push({ target: file, action: actionFor('updated', dryRun), detail: ours ? msg.docsUpdated : msg.docsAdded, diff: lineDiff(text, next, file) });
  }
  return { actions, messages: actions.length === 0 ? [msg.docsOffer([...AGENT_DOC_FILES], block)] : [] };
}

export async function uninstallAgentDocs(projectDir: string, dryRun: boolean): Promise<InstallAction[]> {
  const actions: InstallAction[] = [];
  for (const name of AGENT_DOC_FILES) {
    const file = join(projectDir, name);
    const text = (await readBytes(file))?.toString('utf8');
    if (text === undefined || !findTextBlock(text, MARKERS)) continue;
    const next = withoutTextBlock(text, MARKERS, SEPARATOR);
    // Appending to a file without a final newline added one before the separator.
    const opts = { sameAsBackup: (b: string) => b === next || `${b}\n` === next, deleteFile: false };
    const r = await removeOurPart(file, text, next, opts, dryRun);
    actions.push({ target: file, action: actionFor(r.outcome, dryRun), detail: r.outcome === 'restored' ? msg.settingsRestored : msg.docsRemoved, diff: r.diff });
  }
  return actions;
}
