/** What a step sees: everything fixed at the start of the run, so a resume reproduces it exactly. */
export interface StepContext {
  runId: string;
  /** ISO-8601 UTC instant the run started; steps use this, never the clock at resume time. */
  startedAt: string;
  tag: string;
  session: string;
  /** Folder for this run's persisted inputs (.agent-handover/runs/<run-id>/). */
  runDir: string;
  /** 1 on the first try of this step, 2 on the first retry, ... */
  attempt: number;
  /** Free-form data recorded with the run (for example the hook event). */
  meta: Record<string, unknown>;
}

export type StepFn = (ctx: StepContext) => Promise<boolean | void> | boolean | void;

/** A named unit of work. It fails when `run` throws or resolves to `false`. */
export class Step {
  constructor(readonly name: string, readonly run: StepFn) {
    if (!name || typeof name !== 'string') throw new TypeError('Step name must be a non-empty string');
  }
}
