#!/usr/bin/env node
// npm run eval: how much of what the next session needs does its SessionStart context carry?
// Each fixture transcript in ../shared/fixtures/transcripts/ is replayed through the installed
// package (scripts/lib/eval/replay.mjs), and the context the next session receives is scored
// against ground truth written by reading the transcript (test/eval/ground-truth/<agent>/*.json),
// per kind of fact, next to a baseline: the last 8,000 characters of the conversation text.
//
//   node scripts/eval.mjs [--quick] [--json] [--only <substring>] [--agent claude-code|codex|gemini|copilot|opencode]
//                         [--misses] [--show-context] [--keep]
//
// --quick: two small fixtures (CI). --misses: list every fact the context missed.
// --show-context: print each context. --keep: keep the temp folder (the replayed repositories).
// The last line is always `eval: recall=R% baseline=B% chars_median=C noise=N%` (with --json, the
// JSON's `summary` field holds it).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, SHARED, tempBase } from './lib/env.mjs';
import { readConversation, conversationText, agentOf, fixtureName } from './lib/eval/conversation.mjs';
import { loadGroundTruth } from './lib/eval/ground-truth.mjs';
import { replay, packAndInstall } from './lib/eval/replay.mjs';
import { KINDS, baselineText, median, noise, scoreContext } from './lib/eval/score.mjs';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    agent: { type: 'string' },
    misses: { type: 'boolean' },
    'show-context': { type: 'boolean' },
    keep: { type: 'boolean' },
    fixtures: { type: 'string' },
    truth: { type: 'string' },
  },
});
const FIXTURES = opt.fixtures ?? join(SHARED, 'fixtures/transcripts');
const TRUTH = opt.truth ?? join(ROOT, 'test/eval/ground-truth');
// Two small fixtures of two agents: enough to prove the pipeline end to end in CI.
const QUICK = ['v2.0.26-plan-mode-askuserquestion', 'v0.66.0-cli-shell-command-apply-patch'];
const AGENTS = ['claude-code', 'codex', 'gemini', 'copilot', 'opencode'];
if (opt.agent && !AGENTS.includes(opt.agent)) {
  console.error(`eval: --agent must be one of ${AGENTS.join(', ')}; got ${JSON.stringify(opt.agent)}`);
  process.exit(2);
}
if (!existsSync(FIXTURES)) {
  console.error(`eval: ${FIXTURES} is missing: the evaluation needs ../shared beside the project (or --fixtures <dir>)`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'dist/cli.js'))) {
  console.error('eval: dist/ is missing: run `npm run build` first (npm run eval does)');
  process.exit(2);
}

const truth = loadGroundTruth(TRUTH);
const files = AGENTS.flatMap((a) => (existsSync(join(FIXTURES, a)) ? readdirSync(join(FIXTURES, a)).filter((f) => /\.jsonl?$/.test(f)).sort().map((f) => join(FIXTURES, a, f)) : []))
  .filter((f) => !opt.agent || agentOf(f) === opt.agent)
  .filter((f) => !opt.only || f.includes(opt.only))
  .filter((f) => !opt.quick || QUICK.includes(fixtureName(f)));
const scored = files.filter((f) => truth.has(fixtureName(f)));
const unscored = files.filter((f) => !truth.has(fixtureName(f))).map(fixtureName);
if (!scored.length) {
  console.error(`eval: no fixture with ground truth matches (fixtures in ${FIXTURES}, ground truth in ${TRUTH})`);
  process.exit(2);
}

const log = (s) => (opt.json ? process.stderr.write(`${s}\n`) : console.log(s));
const pct = (a, b) => (b ? (100 * a) / b : 0);
const f1 = (x) => x.toFixed(1);

const base = tempBase('ah-eval-');
const cleanUp = () => {
  if (opt.keep) return;
  // A detached SessionEnd worker may still be writing in a repository: retry for a few seconds.
  for (let i = 0; ; i++) {
    try {
      rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      return;
    } catch (err) {
      if (i >= 20) return console.error(`eval: could not remove ${base} (${err.code ?? err.message}); remove it by hand`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
};
// An interrupted run leaves no temp repositories behind either.
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => (cleanUp(), process.exit(130)));
const results = [];
const t0 = Date.now();
try {
  const { template } = packAndInstall(base);
  for (const [n, file] of scored.entries()) {
    const name = fixtureName(file);
    const gt = truth.get(name);
    const conv = readConversation(file);
    const r = await replay(conv, { base, name: `f${n}`, template, fixture: name });
    const ctx = scoreContext(gt, r.context);
    const bl = scoreContext(gt, baselineText(conversationText(conv)));
    const nz = noise(r.context);
    // The session notes on disk, scored the same way: what was extracted, whether or not it is shown.
    const note = scoreContext(gt, r.layer1);
    results.push({ name, agent: conv.agent, driver: r.driver, turns: r.turns, chars: r.context.length, noise: nz, context: r.context, ctx, bl, note, problems: r.problems, replayedCommits: r.commits, replayedFiles: r.files });
    if (!opt.json) process.stderr.write(`  replayed ${name} (${r.turns} turns, ${r.driver}) ${((Date.now() - t0) / 1000).toFixed(0)}s\n`);
  }
} finally {
  cleanUp();
}

const tally = (s) => {
  const hit = Object.values(s).flat().filter((x) => x.hit).length;
  return { hit, total: Object.values(s).flat().length };
};
const byKind = Object.fromEntries(KINDS.map((k) => {
  const all = results.flatMap((r) => r.ctx[k]);
  const bl = results.flatMap((r) => r.bl[k]);
  const note = results.flatMap((r) => r.note[k]);
  return [k, { hit: all.filter((x) => x.hit).length, baseline: bl.filter((x) => x.hit).length, note: note.filter((x) => x.hit).length, total: all.length }];
}));
const totalHit = results.reduce((s, r) => s + tally(r.ctx).hit, 0);
const totalBl = results.reduce((s, r) => s + tally(r.bl).hit, 0);
const totalNote = results.reduce((s, r) => s + tally(r.note).hit, 0);
const totalFacts = results.reduce((s, r) => s + tally(r.ctx).total, 0);
const noiseLines = results.reduce((s, r) => s + r.noise.noisy.length, 0);
const allLines = results.reduce((s, r) => s + r.noise.lines, 0);
const summary = `eval: recall=${f1(pct(totalHit, totalFacts))}% baseline=${f1(pct(totalBl, totalFacts))}% chars_median=${median(results.map((r) => r.chars))} noise=${f1(pct(noiseLines, allLines))}%`;

if (opt.json) {
  const out = {
    summary,
    recall: pct(totalHit, totalFacts),
    baseline: pct(totalBl, totalFacts),
    layer1Notes: pct(totalNote, totalFacts),
    charsMedian: median(results.map((r) => r.chars)),
    noise: pct(noiseLines, allLines),
    facts: totalFacts,
    byKind,
    byAgent: Object.fromEntries([...new Set(results.map((r) => r.agent))].map((a) => {
      const rs = results.filter((r) => r.agent === a);
      const total = rs.reduce((acc, r) => acc + tally(r.ctx).total, 0);
      const sum = (key) => rs.reduce((acc, r) => acc + tally(r[key]).hit, 0);
      return [a, { recall: pct(sum('ctx'), total), baseline: pct(sum('bl'), total), layer1Notes: pct(sum('note'), total), facts: total, transcripts: rs.length }];
    })),
    unscored,
    fixtures: results.map((r) => ({
      name: r.name,
      agent: r.agent,
      driver: r.driver,
      turns: r.turns,
      chars: r.chars,
      noise: r.noise.share * 100,
      noisy: r.noise.noisy,
      problems: r.problems,
      kinds: Object.fromEntries(KINDS.map((k) => [k, { hit: r.ctx[k].filter((x) => x.hit).length, baseline: r.bl[k].filter((x) => x.hit).length, note: r.note[k].filter((x) => x.hit).length, total: r.ctx[k].length, missed: r.ctx[k].filter((x) => !x.hit).map((x) => x.fact) }])),
      ...(opt['show-context'] ? { context: r.context } : {}),
    })),
  };
  console.log(JSON.stringify(out, null, 2));
} else {
  const short = { last_request: 'req', files: 'files', failed_commands: 'failed', open_tasks: 'tasks', commits: 'commits', decisions: 'decis', last_message: 'last' };
  const cell = (xs) => (xs.length ? `${xs.filter((x) => x.hit).length}/${xs.length}` : '-');
  const header = ['transcript'.padEnd(44), ...KINDS.map((k) => short[k].padStart(7)), 'recall'.padStart(7), 'base'.padStart(6), 'note'.padStart(6), 'chars'.padStart(6), 'noise'.padStart(6), '  driver'].join(' ');
  log(`\n${header}\n${'-'.repeat(header.length)}`);
  for (const r of results) {
    const t = tally(r.ctx);
    const b = tally(r.bl);
    const nt = tally(r.note);
    const short1 = (x) => `${f1(x).replace(/\.0$/, '')}%`;
    log([r.name.slice(0, 44).padEnd(44), ...KINDS.map((k) => cell(r.ctx[k]).padStart(7)), `${f1(pct(t.hit, t.total))}%`.padStart(7), short1(pct(b.hit, b.total)).padStart(6), short1(pct(nt.hit, nt.total)).padStart(6), String(r.chars).padStart(6), `${f1(r.noise.share * 100)}%`.padStart(6), `  ${r.driver}`].join(' '));
  }
  log('-'.repeat(header.length));
  log(['context (all)'.padEnd(44), ...KINDS.map((k) => `${f1(pct(byKind[k].hit, byKind[k].total))}%`.padStart(7)), `${f1(pct(totalHit, totalFacts))}%`.padStart(7)].join(' '));
  log(['baseline: last 8,000 chars'.padEnd(44), ...KINDS.map((k) => `${f1(pct(byKind[k].baseline, byKind[k].total))}%`.padStart(7)), `${f1(pct(totalBl, totalFacts))}%`.padStart(7)].join(' '));
  log(['layer1 notes on disk'.padEnd(44), ...KINDS.map((k) => `${f1(pct(byKind[k].note, byKind[k].total))}%`.padStart(7)), `${f1(pct(totalNote, totalFacts))}%`.padStart(7)].join(' '));
  log(['facts'.padEnd(44), ...KINDS.map((k) => String(byKind[k].total).padStart(7)), String(totalFacts).padStart(7)].join(' '));
  const agents = [...new Set(results.map((r) => r.agent))];
  if (agents.length > 1) {
    log('\nby agent:');
    for (const a of agents) {
      const rs = results.filter((r) => r.agent === a);
      const sum = (key) => rs.reduce((acc, r) => acc + tally(r[key]).hit, 0);
      const total = rs.reduce((acc, r) => acc + tally(r.ctx).total, 0);
      log(`  ${a.padEnd(12)} recall=${f1(pct(sum('ctx'), total))}% baseline=${f1(pct(sum('bl'), total))}% notes=${f1(pct(sum('note'), total))}% (${rs.length} transcripts, ${total} facts, ${rs[0].driver})`);
    }
  }
  if (unscored.length) log(`\nno ground truth yet (not scored): ${unscored.join(', ')}`);
  for (const r of results) for (const p of r.problems) log(`problem in ${r.name}: ${p}`);
  if (opt.misses)
    for (const r of results) {
      const missed = KINDS.flatMap((k) => r.ctx[k].filter((x) => !x.hit).map((x) => `  ${k}: ${typeof x.fact === 'string' ? x.fact : `${x.fact.text} [${(x.fact.keywords ?? []).join(', ')}]`}`));
      log(`\n${r.name}: replayed ${r.turns} turns, ${r.replayedCommits.length} commits, ${r.replayedFiles.length} files written`);
      if (missed.length) log(`missed:\n${missed.join('\n')}`);
      if (r.noise.noisy.length) log(`noise in ${r.name}:\n${r.noise.noisy.map((x) => `  ${x.why}: ${x.line.slice(0, 120)}`).join('\n')}`);
    }
  if (opt['show-context']) for (const r of results) log(`\n── context of ${r.name} (${r.chars} chars)\n${r.context}`);
  // Issue #11's targets, shown (not enforced: the context work is raising the numbers).
  const kindsBelow = KINDS.filter((k) => byKind[k].total && pct(byKind[k].hit, byKind[k].total) < 80);
  const yes = (b) => (b ? 'yes' : 'no');
  const recall = pct(totalHit, totalFacts);
  log(`\ntargets: recall >= 90% ${yes(recall >= 90)}; every kind >= 80% ${yes(!kindsBelow.length)}${kindsBelow.length ? ` (below: ${kindsBelow.join(', ')})` : ''}; >= 30 points above baseline ${yes(recall - pct(totalBl, totalFacts) >= 30)}; median context <= 6,000 chars ${yes(median(results.map((r) => r.chars)) <= 6000)}; noise <= 5% ${yes(pct(noiseLines, allLines) <= 5)}`);
  log(`(${results.length} transcripts, ${((Date.now() - t0) / 1000).toFixed(0)} s; ground truth: ${TRUTH.replace(ROOT + '/', '')}${opt.keep ? `; replayed repositories kept in ${base}` : ''})`);
  log(summary);
}
