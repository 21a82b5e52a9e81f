import { hookMain } from '../src/cli/hook-entry.js';

void hookMain('session-end', import.meta.url);
