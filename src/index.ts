// The public API: async TypeScript forms of the seed's Checkpoint / Step / HandoverEngine /
// MemoryStore / GitBackend, plus the pieces the hooks are built from.
export { Checkpoint, checkExitCode, CHECKPOINT_VERSION } from './engine/checkpoint.js';
export type { CheckpointData, CheckpointStatus, StepState, StepInfo } from './engine/checkpoint.js';
export { Step } from './engine/step.js';
export type { StepContext, StepFn } from './engine/step.js';
export { HandoverEngine, newRunId } from './engine/engine.js';
export type { EngineOptions, RunParams, RunResult, RunStatus } from './engine/engine.js';
export { Lock } from './engine/lock.js';
export { MemoryStore, parseLayer1Name } from './store/memory-store.js';
export type { Note, NoteRef } from './store/memory-store.js';
export { compact } from './store/compact.js';
export type { CompactOptions, CompactResult } from './store/compact.js';
export { validateTag, validateDate, validateSession } from './store/validate.js';
export { GitBackend, HANDOVER_TRAILER } from './git/git-backend.js';
export type { GitBackendOptions, PublishResult, PublishStatus } from './git/git-backend.js';
export { loadConfig } from './config/load.js';
export type { Config } from './config/types.js';
export { loadProject } from './pipeline/project.js';
export { runHandover } from './pipeline/run-handover.js';
export { readTranscript, mergeFacts } from './session/transcript.js';
export { redact, redactSync } from './redact/redact.js';
export { scanForSecrets } from './redact/scan.js';
export { renderSessionNote } from './render/session-note.js';
export { deriveState, renderCurrentState, regenerateCurrentState } from './render/current-state.js';
export { renderContext } from './render/context.js';
export * from './errors.js';
export { VERSION } from './version.js';
