import { hookMain } from '../src/hooks/entry.js';

void hookMain('pre-compact', import.meta.url);
