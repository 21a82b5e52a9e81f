import { hookMain } from '../src/hooks/entry.js';

void hookMain('session-end', import.meta.url);
