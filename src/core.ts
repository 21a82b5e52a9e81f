// Everything the package runs, in one module: the build makes it one file (dist/core.js) that the
// small entries (the bin, each hook, the library) import after turning on the compile cache. One
// file, not a tree of shared chunks: loading a hundred chunk files costs a Stop more than parsing
// one file whose modules start lazily (`npm run bench` shows both).
export * from './index.js';
export { main } from './cli/main.js';
export { runAgentHook } from './hooks/agent-hooks.js';
export { postCommitHook } from './handlers/post-commit.js';
export { prePushHook, WORKER_DEADLINE_MS } from './handlers/pre-push.js';
export { locateRepoOnDisk } from './git/locate-repo.js';
export { appendLog } from './io/log.js';
export { armHookDeadline } from './hooks/deadline.js';
