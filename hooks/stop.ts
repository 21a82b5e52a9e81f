import { hookMain } from '../src/cli/hook-entry.js';
import { handoverHook } from '../src/hooks/stop.js';

// The handler is imported here, not looked up by name, so the bundle holds it in this one file.
void hookMain('stop', import.meta.url, (input) => handoverHook(input, 'stop'));
