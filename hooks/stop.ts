import { hookMain } from '../src/cli/hook-entry.js';

void hookMain('stop', import.meta.url);
