// Generated data for the bench and the torture suite: session notes cloned from a real note that the
// package itself wrote, and Claude Code transcripts grown from the real fixtures in ../shared.
import { appendFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './env.mjs';
import { makeRepo, runHook } from './repo.mjs';

export const TEMPLATE_SESSION = 'tpl-session-0001';

let fixtureLines;
/** Every line of every Claude Code fixture, in file order (valid JSONL, several versions). */
export function fixtureLinesAll() {
  fixtureLines ??= readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter((l) => l.trim()));
  return fixtureLines;
}

export function fixtureFile(name = 'v2.1.34-taskcreate-taskupdate-agent-progress.jsonl') {
  return join(FIXTURES, name);
}

/** Appends whole fixture lines (cycling) until at least `bytes` were written; returns bytes written. */
export function appendTranscript(path, bytes, cursor = { i: 0 }) {
  const lines = fixtureLinesAll();
  const parts = [];
  let n = 0;
  while (n < bytes) {
    const l = lines[cursor.i++ % lines.length] + '\n';
    parts.push(l);
    n += Buffer.byteLength(l);
  }
  appendFileSync(path, parts.join(''));
  return n;
}

/** A transcript of about `bytes`, written in 8 MB chunks so building 50 MB stays cheap on memory. */
export function buildTranscript(path, bytes, cursor = { i: 0 }) {
  writeFileSync(path, '');
  let left = bytes;
  while (left > 0) left -= appendTranscript(path, Math.min(left, 8 << 20), cursor);
  return statSync(path).size;
}

/**
 * A real layer1 note: the package's Stop hook run once on a fixture transcript in a throwaway repo.
 * Cloning it keeps generated notes in the exact format the store writes and reads.
 */
export function realNoteTemplate(base) {
  const repo = makeRepo(base, 'template-repo');
  const transcript = join(base, 'template.jsonl');
  writeFileSync(transcript, readFileSync(fixtureFile()));
  const r = runHook(repo, 'stop', { session_id: TEMPLATE_SESSION, transcript_path: transcript, hook_event_name: 'Stop', stop_hook_active: false });
  if (r.status !== 0) throw new Error(`template Stop failed: ${r.stderr}`);
  // Shared mode (the default) keeps the readable copy of the memory in .agent-handover/memory.
  const dir = join(repo.dir, '.agent-handover/memory/layer1');
  const month = readdirSync(dir)[0];
  const name = readdirSync(join(dir, month)).find((f) => f.includes(TEMPLATE_SESSION));
  const text = readFileSync(join(dir, month, name), 'utf8');
  const date = /^date: "?(\d{4}-\d{2}-\d{2})"?$/m.exec(text)?.[1];
  const tag = /^tag: "?([^"\n]+)"?$/m.exec(text)?.[1];
  if (!date || !tag) throw new Error(`cannot read date/tag from the template note ${name}`);
  return { text, date, tag };
}

/**
 * Writes `count` notes into memoryDir/layer1, cycling over `dates` ('YYYY-MM-DD'), one per session id
 * `${prefix}-<n>`. Returns the session ids.
 */
export function cloneNotes(memoryDir, template, count, { dates, prefix = 'gen' }) {
  const ids = [];
  const made = new Set();
  for (let n = 0; n < count; n++) {
    const date = dates[n % dates.length];
    const session = `${prefix}-${String(n).padStart(6, '0')}`;
    const dir = join(memoryDir, 'layer1', date.slice(0, 7));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const text = template.text.replaceAll(TEMPLATE_SESSION, session).replaceAll(template.date, date);
    writeFileSync(join(dir, `${template.tag}-${date}-${session}.md`), text);
    ids.push(session);
  }
  return ids;
}

/** The `days` UTC dates ending today, oldest first (notes that compaction leaves alone when days < 30). */
export function recentDates(days) {
  const now = Date.now();
  return Array.from({ length: days }, (_, k) => new Date(now - (days - 1 - k) * 86_400_000).toISOString().slice(0, 10));
}

/** Every day (1-28) of `count` months from fromYear-fromMonth: old notes for compaction. */
export function monthDates(count, fromYear, fromMonth) {
  return monthsBack(count, fromYear, fromMonth).flatMap((m) => Array.from({ length: 28 }, (_, d) => `${m}-${String(d + 1).padStart(2, '0')}`));
}

export function monthsBack(count, fromYear = 2024, fromMonth = 1) {
  const out = [];
  for (let k = 0; k < count; k++) {
    const y = fromYear + Math.floor((fromMonth - 1 + k) / 12);
    const m = ((fromMonth - 1 + k) % 12) + 1;
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}
