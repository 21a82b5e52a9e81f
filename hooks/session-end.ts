import { hookMain } from '../src/cli/hook-entry.js';
import { sessionEndHook } from '../src/hooks/session-end.js';

// The handler is imported here, not looked up by name, so the bundle holds it in this one file.
void hookMain('session-end', import.meta.url, sessionEndHook);
