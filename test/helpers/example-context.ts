import { MemoryStore } from '../../src/store/memory-store.js';
import { deriveState } from '../../src/render/current-state.js';
import { renderContext, DEFAULT_CONTEXT_BUDGET } from '../../src/render/context.js';

/** The git state and clock docs/examples/memory was made with (scripts/make-examples.mjs). */
export const EXAMPLE_GIT = { branch: '20260206-secrets-redaction', head: 'c41e7b2a9d0f3e5a7c9b1d2f4e6a8c0b2d4f6e8a', uncommitted: [' M redact/redact.go', ' M redact/redact_test.go'] };
export const EXAMPLE_NOW = '2026-02-06T09:33:01.701Z';

/** The SessionStart context of the example memory folder, as the hook would inject it. */
export async function exampleContext(memoryDir: string, indexPath: string): Promise<string> {
  const state = await deriveState(new MemoryStore(memoryDir), EXAMPLE_GIT, { indexPath, now: EXAMPLE_NOW, writeIndex: false, full: true });
  return `${renderContext(state, { budget: DEFAULT_CONTEXT_BUDGET })}\n`;
}
