import { hookMain } from '../src/cli/hook-entry.js';

void hookMain('post-compact', import.meta.url);
