#!/usr/bin/env node
// The package's bin, built to dist/agent-handover.cjs: CommonJS starts sooner, and the CLI itself
// comes from a code-cached bundle (see bin-cached.ts).
import { runCachedCli } from './bin-cached.js';

runCachedCli(import.meta.url);
