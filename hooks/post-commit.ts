import { hookMain } from '../src/hooks/entry.js';

void hookMain('post-commit', import.meta.url);
