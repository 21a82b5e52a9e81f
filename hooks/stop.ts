import { runBundledHook } from '../src/cli/bundled-hook.js';

// The handler lives in dist/hooks/agent-hooks.cjs, loaded with a V8 code cache.
void runBundledHook('stop', import.meta.url);
