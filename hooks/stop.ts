import { hookMain } from '../src/hooks/entry.js';

void hookMain('stop', import.meta.url);
