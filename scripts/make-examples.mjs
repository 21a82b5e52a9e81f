#!/usr/bin/env node
// Regenerates docs/examples/memory/ from real fixture transcripts in ../shared/fixtures: a layer1
// note per session and the derived layer2/current-state.md, exactly as a handover would write them
// (transcript reader -> redaction -> renderSessionNote -> MemoryStore -> regenerateCurrentState).
// Inputs the transcript does not hold (git facts, captures made with `agent-handover note`) are fixed
// below so the output is the same on every run.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REQUIRE_SHIM } from './lib/require-shim.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, '..', 'shared', 'fixtures', 'transcripts', 'claude-code');
if (!existsSync(fixtures)) {
  console.error(`Fixture folder ${fixtures} not found: make-examples needs ../shared beside the project.`);
  process.exit(1);
}

const entry = `
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { readTranscript } from './src/session/transcript.js';
import { sanitizeDeep as redactDeep } from './src/redact/sanitize.js';
import { renderSessionNote } from './src/render/session-note.js';
import { regenerateCurrentState } from './src/render/current-state.js';
import { exampleContext } from './test/helpers/example-context.js';
import { MemoryStore } from './src/store/memory-store.js';

export async function run(fixtures, outDir, indexPath) {
  rmSync(outDir, { recursive: true, force: true });
  const store = new MemoryStore(outDir);
  const sessions = [
    {
      file: 'v2.1.14-auto-compact-todowrite-partial.jsonl',
      session: '0cf3db51-1c73-43bb-8d05-dc02739514a5',
      branch: 'alex/ent-109-text-output-checkpoint-flag',
      startedAt: '2026-01-21T07:04:15.285Z', endedAt: '2026-01-21T07:11:19.864Z', endReason: 'prompt_input_exit',
      headStart: '3f1c0a9e5b7d2c4e6a8b0d1f3e5c7a9b1d3f5e7a', head: '8a2d4f6b0c1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c',
      commits: [{ hash: '8a2d4f6b0c1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c', subject: 'Add --text output flag to checkpoint command' }],
      diffStat: ' cmd/entire/cli/checkpoint.go      | 48 +++++++++++++++++++++++++++++------\\n cmd/entire/cli/checkpoint_test.go | 61 ++++++++++++++++++++++++++++++++++++++++++\\n 2 files changed, 101 insertions(+), 8 deletions(-)',
      uncommitted: [],
      captures: [
        { id: 'f-7q2m4k', kind: 'followup', text: 'Document the --text flag in the CLI reference', at: '2026-01-21T07:10:02.000Z' },
        { id: 'g-p3x8td', kind: 'gotcha', text: 'The checkpoint tests need a clean git identity: set GIT_AUTHOR_NAME in the test env, not in ~/.gitconfig', at: '2026-01-21T07:09:40.000Z' },
      ],
    },
    {
      file: 'v2.1.34-taskcreate-taskupdate-agent-progress.jsonl',
      session: '07d86da7-2e39-4276-a0d5-7b46a85b8750',
      branch: '20260206-secrets-redaction',
      startedAt: '2026-02-06T09:24:31.091Z', updatedAt: '2026-02-06T09:33:01.701Z',
      headStart: 'c41e7b2a9d0f3e5a7c9b1d2f4e6a8c0b2d4f6e8a', head: 'c41e7b2a9d0f3e5a7c9b1d2f4e6a8c0b2d4f6e8a',
      commits: [],
      uncommitted: [' M redact/redact.go', ' M redact/redact_test.go'],
      captures: [
        { id: 'd-h6v1zr', kind: 'decision', text: 'Keep the entropy threshold at 4.5 and skip strings shorter than 10 characters, because shorter tokens gave false positives on hashes in test names', at: '2026-02-06T09:31:10.000Z' },
        { id: 'f-b9k3wn', kind: 'followup', text: 'Add a benchmark for redaction on a 1 MB transcript', at: '2026-02-06T09:32:00.000Z' },
        { id: 'x-r5t7yu', kind: 'done', text: 'Documented in docs/cli.md', at: '2026-02-06T09:32:30.000Z', closes: 'f-7q2m4k' },
      ],
    },
  ];
  for (const s of sessions) {
    const path = join(fixtures, s.file);
    const { facts: raw } = await readTranscript(path, { final: true });
    const { value: transcript, count } = await redactDeep(raw);
    const facts = {
      session: s.session, agent: 'claude-code', tag: 'main', event: s.endedAt ? 'SessionEnd' : 'Stop',
      startedAt: s.startedAt, updatedAt: s.endedAt ?? s.updatedAt, ...(s.endedAt ? { endedAt: s.endedAt, endReason: s.endReason } : {}),
      branch: s.branch, headStart: s.headStart, head: s.head, commits: s.commits, ...(s.diffStat ? { diffStat: s.diffStat } : {}),
      uncommitted: s.uncommitted, transcriptPath: '~/.claude/projects/<project>/' + s.session + '.jsonl', transcript,
      captures: s.captures.map((c) => ({ ...c, session: s.session })), compactSummaries: [], redactions: count,
    };
    const { body, meta } = renderSessionNote(facts);
    await store.writeSessionNote({ tag: 'main', date: s.startedAt.slice(0, 10), session: s.session, body, meta });
  }
  const last = sessions[sessions.length - 1];
  const written = await regenerateCurrentState(store, { branch: last.branch, head: last.head, uncommitted: last.uncommitted }, { indexPath, now: '2026-02-06T09:33:01.701Z' });
  // What SessionStart would inject from these notes (README: "What the next session is told").
  writeFileSync(join(outDir, '..', 'context.md'), await exampleContext(outDir, indexPath + '.ctx'));
  return written;
}
`;

const tmp = mkdtempSync(join(tmpdir(), 'ah-examples-'));
try {
  const out = join(tmp, 'make-examples.mjs');
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'make-examples-entry.ts' },
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: REQUIRE_SHIM },
    logLevel: 'warning',
  });
  const { run } = await import(pathToFileURL(out).href);
  const written = await run(fixtures, join(root, 'docs', 'examples', 'memory'), join(tmp, 'index.json'));
  console.log(`Wrote ${written} and its layer1 notes.`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
