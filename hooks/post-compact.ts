import { hookMain } from '../src/hooks/entry.js';

void hookMain('post-compact', import.meta.url);
