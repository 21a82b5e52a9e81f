import { describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useEngineChild } from '../fixtures/bundle.js';
import { Checkpoint } from '../../src/engine/checkpoint.js';
import { tempDir } from '../helpers/repo.js';

const run = promisify(execFile);
const engineChild = useEngineChild();

describe('concurrent engines on one checkpoint (separate processes)', () => {
  test('6 processes at once: valid checkpoint, every run completed, no step overlapped another', async () => {
    const dir = tempDir();
    const checkpoint = join(dir, 'state', 'checkpoint.json');
    const log = join(dir, 'steps.log');
    const N = 6;
    const STEPS = 3;
    const startGate = Date.now() + 1500;
    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const { stdout } = await run(process.execPath, [engineChild(), JSON.stringify({ mode: 'engine', checkpoint, log, id: `p${i}`, steps: STEPS, startGate })], { timeout: 120_000 });
        return JSON.parse(stdout.trim()) as { status: string; ran: string[]; runId: string; error?: string };
      }),
    );

    for (const r of results) expect(r).toMatchObject({ status: 'completed', ran: ['s0', 's1', 's2'] });
    expect(new Set(results.map((r) => r.runId)).size).toBe(N);

    const cp = await new Checkpoint(checkpoint).read();
    expect(cp?.status).toBe('completed');
    expect(Object.values(cp?.steps ?? {})).toEqual(['done', 'done', 'done']);

    // Serialised: every begin is followed directly by its own end, and each run's steps stay together.
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(N * STEPS * 2);
    const runsInOrder: string[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const [b, id, step] = lines[i]!.split(' ');
      expect(b).toBe('begin');
      expect(lines[i + 1]).toBe(`end ${id} ${step}`);
      if (step === 's0') runsInOrder.push(id!);
      else expect(runsInOrder[runsInOrder.length - 1]).toBe(id);
    }
    expect(new Set(runsInOrder).size).toBe(N);
    expect(readFileSync(log, 'utf8')).not.toMatch(/tmp|\.lock/);
  });
});
