// The promises the torture suite checks after every fault, each returning a list of violations
// (plain sentences). Read-only: nothing here changes the repository it inspects.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import YAML from 'yaml';
import { CLI } from './env.mjs';

const LAYER1 = /^layer1\/(\d{4}-\d{2})\/(.+)-(\d{4}-\d{2}-\d{2})-([^/]+)\.md$/;
const LAYER3 = /^layer3\/\d{4}-\d{2}-.+-archive\.md$/;
const EXIT_TO_STATE = { 0: 'none', 1: 'in_progress', 2: 'completed', 3: 'unreadable' };

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Front matter: '---\n', a YAML mapping, '\n---\n'. Returns the parsed mapping or a reason. */
export function frontMatter(text) {
  if (!text.startsWith('---\n')) return { error: 'does not start with ---' };
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) return { error: 'front matter never closed' };
  try {
    const meta = YAML.parse(text.slice(4, end));
    if (!meta || typeof meta !== 'object') return { error: 'front matter is not a mapping' };
    return { meta };
  } catch (err) {
    return { error: `front matter is not YAML: ${err.message.split('\n')[0]}` };
  }
}

/** Archive entries (layer3): `<!-- agent-handover:note {json} -->` … `<!-- agent-handover:end -->`. */
function archiveIds(text) {
  const ids = [];
  const re = /<!-- agent-handover:note (\{.*?\}) -->\n/g;
  for (let m; (m = re.exec(text)); ) {
    try {
      const meta = JSON.parse(m[1]);
      ids.push(String(meta.session ?? meta.id));
    } catch {
      ids.push('(unparseable marker)');
    }
  }
  return ids;
}

/**
 * memory/: only expected files, each whole (front matter closed, current-state parses), one note
 * per session across layer1 and layer3. Returns { violations, sessions: Map<session, count> }.
 */
export function inspectMemory(repoDir) {
  const mem = join(repoDir, 'memory');
  const violations = [];
  const sessions = new Map();
  const seen = (s, where) => {
    sessions.set(s, [...(sessions.get(s) ?? []), where]);
  };
  for (const file of walk(mem)) {
    const rel = relative(mem, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8');
    const l1 = LAYER1.exec(rel);
    if (l1) {
      const fm = frontMatter(text);
      if (fm.error) violations.push(`${rel}: ${fm.error} (half-written?)`);
      else if (String(fm.meta.session) !== l1[4]) violations.push(`${rel}: front matter session ${fm.meta.session} does not match its name`);
      seen(l1[4], rel);
    } else if (rel === 'layer2/current-state.md') {
      const fm = frontMatter(text);
      if (fm.error) violations.push(`${rel}: ${fm.error} (half-written?)`);
    } else if (LAYER3.test(rel)) {
      const fm = frontMatter(text);
      if (fm.error && !text.startsWith('# ')) violations.push(`${rel}: ${fm.error}`);
      if (!text.endsWith('\n')) violations.push(`${rel}: does not end with a newline (truncated?)`);
      const starts = (text.match(/<!-- agent-handover:note /g) ?? []).length;
      const ends = (text.match(/<!-- agent-handover:end -->/g) ?? []).length;
      if (starts !== ends) violations.push(`${rel}: ${starts} entry markers but ${ends} end markers (truncated?)`);
      for (const id of archiveIds(text)) seen(id, rel);
    } else {
      violations.push(`memory/${rel}: unexpected file (a temp file left behind?)`);
    }
  }
  for (const [s, where] of sessions) if (where.length > 1) violations.push(`session ${s} appears ${where.length} times: ${where.join(', ')}`);
  return { violations, sessions };
}

/** A session id appears in an archive under its note id; match either the id or a suffix of it. */
export function hasSession(sessions, id) {
  if (sessions.has(id)) return sessions.get(id).length;
  for (const [k, v] of sessions) if (k.endsWith(`-${id}`) || k.endsWith(`/${id}`) || k.includes(`-${id}.`)) return v.length;
  return 0;
}

export function cliStatus(repo) {
  const run = (args) => spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  const check = run(['check']);
  const status = run(['status', '--json']);
  let state;
  try {
    const j = JSON.parse(status.stdout);
    // A broken config makes both say "unreadable": check exits 3, status reports configError.
    state = j.configError ? 'unreadable' : j.run.state;
  } catch {
    state = `(status --json printed no JSON, exit ${status.status})`;
  }
  return { check: check.status, state, statusExit: status.status, checkOut: (check.stdout + check.stderr).trim() };
}

/** `check` and `status --json` describe the same run state. */
export function checkAgreesWithStatus(st) {
  const want = EXIT_TO_STATE[st.check];
  if (!want) return [`check exited ${st.check}: ${st.checkOut.slice(0, 200)}`];
  if (want !== st.state) return [`check exited ${st.check} (${want}) but status --json says ${st.state}`];
  if ((st.check === 3) !== (st.statusExit === 3)) return [`check exited ${st.check} but status exited ${st.statusExit}`];
  return [];
}

const sha = (p) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent');

/**
 * The user's work outside memory/: staged and unstaged diffs, and the bytes of the touched files.
 * The config is left out: the corrupt-config fault rewrites it on purpose, and checks its bytes itself.
 */
export function userSnapshot(repo, files) {
  const outside = ['--', '.', ':(exclude)memory', ':(exclude).agent-handover', ':(exclude).agent-handover.yml'];
  return {
    staged: repo.git('diff', '--cached', '--binary', ...outside),
    unstaged: repo.git('diff', '--binary', ...outside),
    files: Object.fromEntries(files.map((f) => [f, sha(join(repo.dir, f))])),
    head: repo.git('rev-parse', 'HEAD').trim(),
  };
}

export function compareUser(repo, before, files) {
  const now = userSnapshot(repo, files);
  const v = [];
  if (now.staged !== before.staged) v.push("the user's staged changes changed");
  if (now.unstaged !== before.unstaged) v.push("the user's unstaged changes changed");
  for (const f of files) if (now.files[f] !== before.files[f]) v.push(`the user's file ${f} changed`);
  const touched = repo.git('diff', '--name-only', before.head, 'HEAD').split('\n').filter(Boolean);
  const foreign = touched.filter((p) => !p.startsWith('memory/'));
  if (foreign.length) v.push(`handover commits touched non-memory paths: ${foreign.slice(0, 5).join(', ')}`);
  return v;
}

export function fileSize(p) {
  try {
    return statSync(p).size;
  } catch {
    return -1;
  }
}

/** Does any ref's history (every commit's patch, message included) or memory/ contain `needle`? */
export function secretFound(repo, needle, { history = true } = {}) {
  const where = [];
  if (history && repo.git('log', '--all', '-p', '--format=%H%n%B').includes(needle)) where.push('git history');
  const mem = join(repo.dir, 'memory');
  for (const file of walk(mem)) if (readFileSync(file, 'utf8').includes(needle)) where.push(relative(repo.dir, file));
  return where;
}
