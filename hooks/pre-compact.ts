import { hookMain } from '../src/cli/hook-entry.js';

void hookMain('pre-compact', import.meta.url);
