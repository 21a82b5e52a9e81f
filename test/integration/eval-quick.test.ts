import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../helpers/installed-project.js';
import { agentOf, conversationText, fixtureName, readConversation } from '../../scripts/lib/eval/conversation.mjs';
import { loadGroundTruth } from '../../scripts/lib/eval/ground-truth.mjs';
import { BASELINE_CHARS, baselineText, scoreContext } from '../../scripts/lib/eval/score.mjs';

const TRANSCRIPTS = join(SHARED, 'fixtures', 'transcripts');
const missing = !existsSync(TRANSCRIPTS) || !existsSync(join(process.cwd(), 'dist', 'cli.js'));
if (missing) console.warn(`eval-quick skipped: needs ${TRANSCRIPTS} and a build (npm run build)`);

interface EvalJson {
  summary: string;
  recall: number;
  baseline: number;
  facts: number;
  byKind: Record<string, { hit: number; baseline: number; total: number }>;
  fixtures: Array<{ name: string; agent: string; driver: string; chars: number; problems: string[]; kinds: Record<string, { hit: number; total: number; baseline: number; note: number; missed: unknown[] }> }>;
}

describe.skipIf(missing)('npm run eval --quick', () => {
  it('replays two fixtures through the installed package and prints a well-formed result', () => {
    const r = spawnSync(process.execPath, ['scripts/eval.mjs', '--quick', '--json'], { cwd: process.cwd(), encoding: 'utf8', timeout: 180_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as EvalJson;
    expect(out.summary).toMatch(/^eval: recall=\d+(\.\d)?% baseline=\d+(\.\d)?% chars_median=\d+ noise=\d+(\.\d)?%$/);
    expect(out.fixtures.map((f) => f.agent).sort()).toEqual(['claude-code', 'codex']);
    for (const f of out.fixtures) {
      expect(f.problems, f.name).toEqual([]);
      // A SessionStart that injected nothing would make every number meaningless.
      expect(f.chars, f.name).toBeGreaterThan(0);
    }
    expect(out.facts).toBe(Object.values(out.byKind).reduce((s, k) => s + k.total, 0));
    const claude = out.fixtures.find((f) => f.agent === 'claude-code')!;
    // The last request of a session that ran its last turn is what every context shows first.
    expect(claude.kinds.last_request).toMatchObject({ hit: 1, total: 1, missed: [] });
  }, 240_000);

  it('the baseline of a small fixture is its whole conversation, and it holds the requests', () => {
    const file = join(TRANSCRIPTS, 'codex', 'v0.66.0-cli-shell-command-apply-patch.jsonl');
    const text = conversationText(readConversation(file));
    expect(text.length).toBeLessThan(BASELINE_CHARS);
    expect(baselineText(text)).toBe(text);
    expect(text).toContain('User: cd to myapp and run python hoge.py');
    const truth = loadGroundTruth(join(process.cwd(), 'test/eval/ground-truth')).get('v0.66.0-cli-shell-command-apply-patch')!;
    const s = scoreContext(truth, baselineText(text));
    expect(s.last_request.map((x) => x.hit)).toEqual([1]);
    expect(s.files.map((x) => x.hit)).toEqual([1]);
  });

  it('a long fixture keeps only its last 8,000 characters, ending with the last message', () => {
    const conv = readConversation(join(TRANSCRIPTS, 'codex', 'v0.140.0-tui-mcp-web-search-tool-search-multi-turn-commits.jsonl'));
    const text = conversationText(conv);
    const last = conv.events.filter((e) => e.kind === 'assistant').at(-1)!.text!.trim();
    expect(text.length).toBeGreaterThan(BASELINE_CHARS);
    expect(baselineText(text)).toHaveLength(BASELINE_CHARS);
    expect(baselineText(text).endsWith(last)).toBe(true);
  });
});

describe.skipIf(!existsSync(TRANSCRIPTS))('eval fixtures and ground truth', () => {
  const files = ['claude-code', 'codex', 'gemini', 'copilot', 'opencode'].flatMap((a) =>
    existsSync(join(TRANSCRIPTS, a)) ? readdirSync(join(TRANSCRIPTS, a)).filter((f) => /\.jsonl?$/.test(f)).map((f) => join(TRANSCRIPTS, a, f)) : [],
  );

  it('every ground-truth file names a fixture that exists, of its own agent', () => {
    const byName = new Map(files.map((f) => [fixtureName(f), f]));
    const truth = loadGroundTruth(join(process.cwd(), 'test/eval/ground-truth'));
    for (const [name, t] of truth) {
      expect(byName.has(name), `${t.path} names ${name}`).toBe(true);
      expect(agentOf(byName.get(name)!), t.path).toBe(t.agent);
    }
  });

  it('every fixture reads into turns that end in order, at the end of the log', () => {
    for (const f of files) {
      const conv = readConversation(f);
      expect(conv.turnEnds.length, f).toBeGreaterThan(0);
      expect(conv.turnEnds.at(-1), f).toBe(conv.lines.length);
      for (let i = 1; i < conv.turnEnds.length; i++) expect(conv.turnEnds[i]!, f).toBeGreaterThan(conv.turnEnds[i - 1]!);
      expect(conv.events.some((e) => e.kind === 'assistant' || e.kind === 'call'), f).toBe(true);
    }
  });
});
