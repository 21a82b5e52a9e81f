import { agents as msg } from '../messages/agents.js';
import { claudeShaped, hookSpecificOutput, str, type AgentAdapter } from './adapter.js';
import { findCodexRollout } from './find-log.js';
import { claudeShapeInstaller } from './claude-shape-agent.js';

// Seconds. SessionEnd: Codex defaults to 1 s and clamps at 3 s (and warns at every start above
// it); ours only records the ending and detaches, so 2 s is plenty.
export const CODEX_EVENTS = [
  { event: 'SessionStart', script: 'session-start', timeout: 10 },
  { event: 'Stop', script: 'stop', timeout: 30 },
  { event: 'PreCompact', script: 'pre-compact', timeout: 10 },
  { event: 'PostCompact', script: 'post-compact', timeout: 10 },
  { event: 'SessionEnd', script: 'session-end', timeout: 2 },
] as const;

/**
 * Codex CLI: .codex/hooks.json in Claude Code's shape. The project layer loads only in a trusted
 * project, and new or changed hooks are skipped silently until trusted in /hooks (the manual step).
 * SessionStart context goes in hookSpecificOutput.additionalContext: plain text that looks like
 * broken JSON fails the hook. Over ~2,500 tokens (UTF-8 bytes / 4) Codex spills it to a file.
 */
export const codex: AgentAdapter = {
  name: 'codex',
  label: 'Codex CLI',
  markers: ['.codex'],
  binaries: ['codex'],
  budget: 7000,
  // transcript_path is nullable in Codex's schema: the rollout is then found by the thread id.
  mapPayload: (raw, env) => {
    const id = str(raw.session_id);
    const found = !str(raw.transcript_path) && id ? findCodexRollout(id, env) : undefined;
    return claudeShaped(found ? { ...raw, transcript_path: found } : raw, env);
  },
  startOutput: hookSpecificOutput,
  stopCanBlock: true,
  ...claudeShapeInstaller('codex', 'Codex CLI', '.codex/hooks.json', CODEX_EVENTS, { maxTimeout: { SessionEnd: 3 }, unit: 's' }),
  manualStep: msg.codexTrust,
};
