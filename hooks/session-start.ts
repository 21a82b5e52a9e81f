import { hookMain } from '../src/hooks/entry.js';

void hookMain('session-start', import.meta.url);
