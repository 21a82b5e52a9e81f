import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Builds, packs and installs the package once per run for the end-to-end tests (test/helpers/installed-project.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on git and on child processes, not on the CPU; vitest's default (cores - 1)
    // gives a 2-core CI machine one worker, and two halve the run there (620 s -> 320 s measured).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
  },
});
