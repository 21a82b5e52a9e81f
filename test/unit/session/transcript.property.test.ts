import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFacts, mergeFacts, readTranscript, type TranscriptFacts } from '../../../src/session/transcript.js';
import { tempDir } from '../../helpers/repo.js';

const FIXTURES = resolve(process.cwd(), '../shared/fixtures/transcripts/claude-code');
const hasFixtures = existsSync(FIXTURES);
const fixtures = hasFixtures ? readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort().map((f) => readFileSync(join(FIXTURES, f))) : [];

/** Pending tool results are bookkeeping; they may differ by slicing without changing any fact. */
function publicFacts(f: TranscriptFacts): unknown {
  return { ...f, carry: { ...f.carry, pendingResults: [] } };
}

/** Lets `bytes` arrive in pieces ending at `cuts`, reading after each, as successive Stop hooks would. */
async function readWhileGrowing(path: string, bytes: Buffer, cuts: number[]): Promise<{ facts: TranscriptFacts; offset: number }> {
  writeFileSync(path, '');
  let facts = emptyFacts();
  let offset = 0;
  let written = 0;
  for (const cut of [...cuts, bytes.length]) {
    appendFileSync(path, bytes.subarray(written, cut));
    written = cut;
    const r = await readTranscript(path, { offset });
    expect(r.reset).toBe(false);
    facts = mergeFacts(JSON.parse(JSON.stringify(facts)) as TranscriptFacts, r.facts);
    offset = r.offset;
  }
  return { facts, offset };
}

/** FC_RUNS multiplies run counts; FC_SEED (and FC_PATH) replay a reported counterexample. */
const fcRuns = Number(process.env.FC_RUNS ?? '1') || 1;
function fcParams(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  return {
    numRuns: Math.round(numRuns * fcRuns),
    ...(seed !== undefined ? { seed: Number(seed), ...(process.env.FC_PATH ? { path: process.env.FC_PATH, endOnFailure: true } : {}) } : {}),
  };
}

const cutsOf = (size: number) => fc.uniqueArray(fc.integer({ min: 0, max: size }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y));

describe.skipIf(!hasFixtures)(`slices of the fixtures in ${FIXTURES}`, () => {
  it('a file read while it grows (cuts at arbitrary bytes) gives the facts of one read', async () => {
    const dir = tempDir();
    const arb = fc.integer({ min: 0, max: fixtures.length - 1 }).chain((i) => fc.tuple(fc.constant(i), cutsOf(fixtures[i]!.length)));
    await fc.assert(
      fc.asyncProperty(arb, async ([i, cuts]) => {
        const bytes = fixtures[i]!;
        const whole = join(dir, 'whole.jsonl');
        writeFileSync(whole, bytes);
        const once = await readTranscript(whole);
        const grown = await readWhileGrowing(join(dir, 'grow.jsonl'), bytes, cuts);
        expect(grown.offset).toBe(once.offset);
        expect(publicFacts(grown.facts)).toEqual(publicFacts(once.facts));
      }),
      fcParams(40),
    );
  });

  it('slices cut at line ends every few KB (maxBytes) give the facts of one read', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: fixtures.length - 1 }), fc.integer({ min: 512, max: 32_768 }), async (i, maxBytes) => {
        const path = join(dir, 't.jsonl');
        writeFileSync(path, fixtures[i]!);
        const once = await readTranscript(path);
        let facts = emptyFacts();
        let offset = 0;
        for (;;) {
          const r = await readTranscript(path, { offset, maxBytes });
          facts = mergeFacts(facts, r.facts);
          if (r.offset === offset) break;
          offset = r.offset;
        }
        expect(offset).toBe(once.offset);
        expect(publicFacts(facts)).toEqual(publicFacts(once.facts));
      }),
      fcParams(30),
    );
  });
});

// Synthetic sessions: every record kind the reader interprets, with results that refer back to calls
// made any number of lines earlier, plus garbage and CRLF, so slices separate calls from results.
const ids = fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6');
const text = fc.string({ maxLength: 30 });
const assistant = (content: unknown[], extra: object = {}) => ({ type: 'assistant', sessionId: 's', message: { role: 'assistant', content }, ...extra });
const user = (content: unknown, extra: object = {}) => ({ type: 'user', sessionId: 's', message: { role: 'user', content }, ...extra });

const record = fc.oneof(
  text.map((t) => JSON.stringify(user(t))),
  fc.tuple(text, fc.boolean()).map(([t, side]) => JSON.stringify(assistant([{ type: 'text', text: t }], { isSidechain: side }))),
  fc.tuple(ids, text, fc.boolean()).map(([id, c, side]) => JSON.stringify(assistant([{ type: 'tool_use', id, name: 'Bash', input: { command: c } }], { isSidechain: side }))),
  fc.tuple(ids, text).map(([id, p]) => JSON.stringify(assistant([{ type: 'tool_use', id, name: 'Task', input: { description: 'd', prompt: p } }]))),
  fc.tuple(ids, fc.constantFrom('Read', 'Grep')).map(([id, name]) => JSON.stringify(assistant([{ type: 'tool_use', id, name, input: {} }]))),
  fc.tuple(ids, fc.boolean(), text, fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined })).map(([id, err, out, agentId]) =>
    JSON.stringify(user([{ type: 'tool_result', tool_use_id: id, is_error: err, content: [{ type: 'text', text: out }] }], agentId ? { toolUseResult: { agentId, totalDurationMs: 1 } } : {})),
  ),
  fc.constantFrom('a.ts', 'b.ts', 'c.ts').map((f) => JSON.stringify(assistant([{ type: 'tool_use', id: 'e', name: 'Edit', input: { file_path: f } }]))),
  fc.array(fc.record({ content: text, status: fc.constantFrom('pending', 'completed') }), { maxLength: 3 }).map((todos) => JSON.stringify(assistant([{ type: 'tool_use', id: 'w', name: 'TodoWrite', input: { todos } }]))),
  fc.tuple(fc.constantFrom('1', '2'), text).map(([id, subject]) => JSON.stringify(user([{ type: 'tool_result', tool_use_id: 'c', content: 'ok' }], { toolUseResult: { task: { id, subject } } }))),
  fc.tuple(fc.constantFrom('1', '2', '3'), fc.constantFrom('in_progress', 'completed')).map(([taskId, status]) => JSON.stringify(assistant([{ type: 'tool_use', id: 'u', name: 'TaskUpdate', input: { taskId, status } }]))),
  text.map((p) => JSON.stringify(user(p, { isSidechain: true, parentUuid: null }))),
  text.map((t) => JSON.stringify(user(t, { isCompactSummary: true }))),
  text.map((t) => JSON.stringify({ type: 'summary', summary: t })),
  fc.constantFrom('{"type":"mystery"}', '{broken', '[]', '', '{"sessionId":"s2","type":"progress"}'),
);

/**
 * Real tool_use ids are unique: gives every call a fresh id and points each result at the latest call
 * of its drawn id (or at one made before the file starts). Reused ids would make "which call does this
 * result answer" depend on the slice, which no transcript can show.
 */
function uniqueCallIds(lines: string[]): string[] {
  const latest = new Map<string, string>();
  return lines.map((l, n) => {
    let r: { message?: { content?: unknown } };
    try {
      r = JSON.parse(l) as typeof r;
    } catch {
      return l;
    }
    const content = r?.message?.content;
    if (!Array.isArray(content)) return l;
    for (const b of content as Record<string, unknown>[]) {
      if (b.type === 'tool_use' && typeof b.id === 'string' && /^t\d$/.test(b.id)) {
        latest.set(b.id, `${b.id}-${n}`);
        b.id = `${b.id}-${n}`;
      } else if (b.type === 'tool_result' && typeof b.tool_use_id === 'string') {
        b.tool_use_id = latest.get(b.tool_use_id) ?? b.tool_use_id;
      }
    }
    return JSON.stringify(r);
  });
}

describe('slices of synthetic sessions', () => {
  it('any byte cuts give the facts of one read', async () => {
    const dir = tempDir();
    const arb = fc.tuple(fc.array(record, { maxLength: 60 }).map(uniqueCallIds), fc.boolean()).chain(([lines, crlf]) => {
      const bytes = Buffer.from(lines.map((l) => l + (crlf ? '\r\n' : '\n')).join(''));
      return fc.tuple(fc.constant(bytes), cutsOf(bytes.length));
    });
    await fc.assert(
      fc.asyncProperty(arb, async ([bytes, cuts]) => {
        const whole = join(dir, 'whole.jsonl');
        writeFileSync(whole, bytes);
        const once = await readTranscript(whole);
        const grown = await readWhileGrowing(join(dir, 'grow.jsonl'), bytes, cuts);
        expect(grown.offset).toBe(bytes.length);
        expect(publicFacts(grown.facts)).toEqual(publicFacts(once.facts));
      }),
      fcParams(150),
    );
  });
});
