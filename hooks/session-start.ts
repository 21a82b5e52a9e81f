import { runBundledHook } from '../src/bundled-hook.js';

// Only the compile cache is imported up front; the handler comes after it (see runBundledHook).
void runBundledHook('session-start', import.meta.url);
