// All user-facing text lives under src/messages/, one file per area, re-exported here.
export * from './core.js';
export * from './git.js';
export * from './transcript.js';
export * from './config.js';
export * from './install.js';
export * from './render.js';
export * from './publish.js';
export * from './redact.js';
export * from './cli.js';
export * from './hooks.js';
export * from './sync.js';
export * from './agents.js';
export * from './refine.js';
export * from './shared.js';
export * from './recall.js';
export * from './score.js';
