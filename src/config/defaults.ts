import type { Config } from './types.js';

export const CONFIG_FILE = '.agent-handover.yml';
export const DEFAULT_STEP_TIMEOUT_S = 120;
/** Characters SessionStart may inject: Claude Code caps hook output at 10,000. */
export const CONTEXT_BUDGET = { min: 500, max: 10000 } as const;

/** Frozen so no caller can change the defaults another caller sees. */
export const DEFAULT_CONFIG: Config = deepFreeze({
  memoryRoot: 'memory',
  checkpoint: '.agent-handover/checkpoint.json',
  pauseFiles: ['PAUSE', '~/.agent_handover/PAUSE'],
  tag: 'handover',
  git: { commit: true, push: false, remote: 'origin', sign: false, mode: 'shared', ref: 'refs/heads/agent-handover/memory' },
  context: { budget: 8000 },
  redaction: { extraPatterns: [], allow: [] },
  hooks: { session_start: true, stop: true, session_end: true, pre_compact: true, post_compact: true, post_commit: true },
  askMode: false,
  staleAfterDays: 30,
  compaction: { olderThanDays: 30 },
  sync: { auto: false, retries: 3 },
  refine: { auto: true },
  steps: [
    { kind: 'builtin', name: 'collect' },
    { kind: 'builtin', name: 'session_note' },
    { kind: 'builtin', name: 'current_state' },
    { kind: 'builtin', name: 'compact' },
    { kind: 'builtin', name: 'publish' },
  ],
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
