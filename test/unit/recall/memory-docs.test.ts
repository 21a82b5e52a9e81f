import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryDocs } from '../../../src/recall/memory-docs.js';
import { renderArchive } from '../../../src/store/archive.js';

const EX = 'docs/examples/memory/layer1';
const example = () => {
  const month = readdirSync(EX).sort().pop()!;
  const name = readdirSync(join(EX, month)).find((f) => f.endsWith('.md'))!;
  return { rel: `layer1/${month}/${name}`, text: readFileSync(join(EX, month, name), 'utf8') };
};

describe('memoryDocs', () => {
  it('reads every section of a layer1 note with its provenance', () => {
    const { rel, text } = example();
    const docs = memoryDocs(rel, text);
    const kinds = new Set(docs.map((d) => d.kind));
    for (const k of ['session', 'decision', 'followup', 'failure', 'task']) expect(kinds).toContain(k);
    const d = docs.find((x) => x.kind === 'decision')!;
    expect(d.id).toMatch(/^d-[a-z0-9]{6}$/);
    expect(d.text).toMatch(/entropy threshold/);
    expect(d).toMatchObject({ agent: 'claude-code', branch: '20260206-secrets-redaction', date: '2026-02-06', path: rel });
    expect(d.commit).toMatch(/^[0-9a-f]{40}$/);
    const f = docs.find((x) => x.kind === 'followup')!;
    expect(f).toMatchObject({ status: 'open' });
    // A closing line is not an item of its own.
    expect(docs.some((x) => x.id.startsWith('x-'))).toBe(false);
    const failure = docs.filter((x) => x.kind === 'failure').map((x) => x.text);
    expect(failure).toContain('mise run test:ci 2>&1');
    // Commands that ran fine are not failures.
    expect(failure).not.toContain('mise run lint 2>&1');
    // "Stated in the session" lines keep the kind they name, without their (who, line, date) tail.
    expect(docs.find((x) => x.kind === 'constraint' && x.text === "don't run CI or integration tests, too slow.")).toMatchObject({ date: '2026-02-06' });
    // The session document carries the files edited, so a file name finds the session.
    expect(docs[0]).toMatchObject({ kind: 'session' });
    expect(docs[0]!.text).toMatch(/redact_test\.go/);
  });

  it('reads a note whose section titles changed wording, by their words', () => {
    const text = '---\nsession: "s-1"\nagent: "codex"\n---\n# Session s-1\n\n## Decisions made (and why)\n\n- Use FTS5 because it ranks (id: d-abc123, 2026-03-01)\n\n## User constraints\n\n- never push to main\n  without review\n\n## Open follow-ups\n\n- [ ] write docs (id: f-def456, 2026-03-01)\n';
    const docs = memoryDocs('layer1/2026-03/main-2026-03-01-s-1.md', text);
    expect(docs.find((d) => d.id === 'd-abc123')).toMatchObject({ kind: 'decision', text: 'Use FTS5 because it ranks', agent: 'codex' });
    expect(docs.find((d) => d.kind === 'constraint')).toMatchObject({ text: 'never push to main without review', session: 's-1' });
    expect(docs.find((d) => d.id === 'f-def456')).toMatchObject({ kind: 'followup', status: 'open' });
  });

  it('reads each note of a layer3 archive, with the archive as its path', () => {
    const { text } = example();
    const body = text.slice(text.indexOf('\n---\n') + 5);
    const archive = renderArchive('Archive', [{ id: 'arch-1', meta: { session: 'arch-1', agent: 'gemini', date: '2025-01-02', branch: 'old' }, body }]);
    const docs = memoryDocs('layer3/2025-01-main-archive.md', archive);
    expect(docs.length).toBeGreaterThan(3);
    expect(docs.every((d) => d.session === 'arch-1' && d.agent === 'gemini' && d.path === 'layer3/2025-01-main-archive.md')).toBe(true);
    expect(docs.find((d) => d.kind === 'decision')?.date).toBe('2026-02-06');
  });

  it('gives nothing for layer2 and survives text with no structure', () => {
    expect(memoryDocs('layer2/current-state.md', '# Current state\n- x')).toEqual([]);
    expect(memoryDocs('layer1/2026-01/main-2026-01-01-s.md', 'garbage \u0000 ``` ## no')).toEqual([]);
  });
});
