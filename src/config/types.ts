/** The six steps the engine knows by name; any other step in `steps:` is a custom `run:` step. */
export const BUILTIN_STEPS = ['collect', 'session_note', 'current_state', 'refine', 'compact', 'publish', 'sync'] as const;
export type BuiltinStepName = (typeof BUILTIN_STEPS)[number];

/** Events a custom step's `when:` may name (`run` is `agent-handover run`). */
export const STEP_EVENTS = ['session_start', 'stop', 'session_end', 'pre_compact', 'post_compact', 'run'] as const;
export type StepEvent = (typeof STEP_EVENTS)[number];

/** Hook events that `hooks:` switches on or off. */
export const HOOK_EVENTS = ['session_start', 'stop', 'session_end', 'pre_compact', 'post_compact', 'post_commit'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface CustomStepSpec {
  name: string;
  /** A string runs with `sh -c`; an array is argv, no shell. */
  run: string | string[];
  /** Seconds per try. */
  timeout: number;
  env: Record<string, string>;
  /** Relative to the project root; never escapes it. */
  cwd?: string;
  /** Events this step acts on; undefined means every event. */
  when?: StepEvent[];
  /** Extra tries inside one engine attempt. */
  retries: number;
}

export type StepSpec = { kind: 'builtin'; name: BuiltinStepName } | ({ kind: 'custom' } & CustomStepSpec);

export interface RedactionPattern {
  name: string;
  pattern: string;
}

/** `.agent-handover.yml` with every default filled in; keys are the file's keys in camelCase. */
export interface Config {
  memoryRoot: string;
  checkpoint: string;
  pauseFiles: string[];
  tag: string;
  git: {
    commit: boolean;
    push: boolean;
    remote: string;
    sign: boolean;
    mode: 'branch' | 'shared';
    ref: string;
  };
  context: { budget: number; /** Per-agent budgets (context.agents), by agent name. */ agents?: Partial<Record<string, number>> };
  redaction: { extraPatterns: RedactionPattern[]; allow: string[] };
  hooks: Record<HookEvent, boolean>;
  askMode: boolean;
  staleAfterDays: number;
  compaction: { olderThanDays: number };
  sync: { auto: boolean; retries: number };
  /** Refine in a detached worker between sessions when due (src/refine/schedule.ts). */
  refine: { auto: boolean };
  steps: StepSpec[];
  /** The file the config came from; undefined when no file exists and these are the defaults. */
  source?: string;
}
