import { hookMain } from '../src/cli/hook-entry.js';

void hookMain('session-start', import.meta.url);
