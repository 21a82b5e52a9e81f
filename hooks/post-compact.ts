import { hookMain } from '../src/cli/hook-entry.js';
import { handoverHook } from '../src/hooks/stop.js';

// The handler is imported here, not looked up by name, so the bundle holds it in this one file.
void hookMain('post-compact', import.meta.url, (input) => handoverHook(input, 'post_compact'));
