// Wall time and peak RSS of one child process. Peak RSS comes from /usr/bin/time -f %M when present
// (every row, the `node -e 0` baseline included, goes through the same wrapper, so ratios stay fair);
// otherwise from a tiny preload that reports process.resourceUsage().maxRSS at exit.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
export const rssMethod = existsSync(TIME) ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS (preload)';

/** Runs argv once; returns { ms, rssMB, cpuMs (user+sys, /usr/bin/time only), status, signal, stdout, stderr }. */
export function measure(argv, { cwd, env, input, scratch }) {
  const rssFile = join(scratch, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  let file = argv[0];
  let args = argv.slice(1);
  let childEnv = env;
  if (existsSync(TIME)) {
    file = TIME;
    args = ['-f', '%M %U %S', '-o', rssFile, ...argv];
  } else if (argv[0] === process.execPath) {
    const preload = join(scratch, 'rss-preload.cjs');
    if (!existsSync(preload)) writeFileSync(preload, `process.on('exit',()=>require('fs').writeFileSync(${JSON.stringify(rssFile)},String(process.resourceUsage().maxRSS)))\n`);
    childEnv = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { cwd, env: childEnv, input: input ?? '', encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssMB = NaN;
  let cpuMs = NaN;
  try {
    const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    if (Number.isFinite(kb)) rssMB = kb / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000;
  } catch {
    // no RSS for this run (the child was killed before writing it)
  }
  return { ms, rssMB, cpuMs, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);

export function machine() {
  const cpu = cpus();
  let model = cpu[0]?.model ?? 'unknown CPU';
  return { model: model.trim(), cores: cpu.length, node: process.version, platform: `${process.platform} ${process.arch}` };
}

/** A Markdown table from a header and rows of cells; the same text goes to stdout and the file. */
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
