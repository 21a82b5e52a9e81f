import { hookMain } from '../src/cli/hook-entry.js';
import { sessionStartHook } from '../src/hooks/session-start.js';

// The handler is imported here, not looked up by name, so the bundle holds it in this one file.
void hookMain('session-start', import.meta.url, sessionStartHook);
