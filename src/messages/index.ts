// All user-facing text lives under src/messages/, one file per area, re-exported here.
export * from './core.js';
