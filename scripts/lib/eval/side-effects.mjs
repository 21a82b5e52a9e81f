// What a session did to the working tree, re-done in the replay repository: the files its edit
// tools wrote and the commits its shell commands made. Best effort by design: an edit whose
// old text is not in our copy still changes the file, so the file exists and differs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';

/** Repo-relative path of a file the session touched, or undefined when it lies outside the project. */
export function projectPath(file, cwd) {
  if (typeof file !== 'string' || !file) return undefined;
  // A Windows session (C:\Users\…): compare its paths as forward-slash paths.
  if (/^[A-Za-z]:[\\/]/.test(cwd ?? '') || /^[A-Za-z]:[\\/]/.test(file)) {
    const posix = (p) => String(p).replace(/\\/g, '/').replace(/^([A-Za-z]):/, (_, d) => `/${d.toLowerCase()}`);
    file = posix(file);
    cwd = cwd ? posix(cwd) : cwd;
  }
  let rel = file;
  if (isAbsolute(file)) {
    if (!cwd) return undefined;
    rel = relative(cwd, file);
  }
  rel = normalize(rel);
  if (rel.startsWith('..') || isAbsolute(rel) || rel === '.' || rel.startsWith('.git/') || rel.startsWith('node_modules/')) return undefined;
  return rel;
}

function write(dir, rel, content) {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

function read(dir, rel) {
  const p = join(dir, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : '';
}

function replaceIn(dir, rel, oldText, newText, all = false) {
  const before = read(dir, rel);
  let after;
  if (oldText && before.includes(oldText)) after = all ? before.split(oldText).join(newText) : before.replace(oldText, () => newText);
  else after = `${before}${before && !before.endsWith('\n') ? '\n' : ''}${newText}\n`;
  if (after === before) after += '\n';
  write(dir, rel, after);
}

/** Applies a Codex apply_patch envelope ("*** Begin Patch … *** End Patch"). */
function applyPatch(dir, patch, cwd) {
  const lines = String(patch).split('\n');
  let file;
  let mode;
  let minus = [];
  let plus = [];
  const flush = () => {
    if (file && mode === 'update' && (minus.length || plus.length)) replaceIn(dir, file, minus.join('\n'), plus.join('\n'));
    minus = [];
    plus = [];
  };
  for (const l of lines) {
    let m;
    if ((m = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(l))) {
      flush();
      file = projectPath(m[2].trim(), cwd);
      mode = m[1].toLowerCase();
      if (file && mode === 'add') write(dir, file, '');
      if (file && mode === 'delete') rmSync(join(dir, file), { force: true });
    } else if ((m = /^\*\*\* Move to: (.+)$/.exec(l)) && file) {
      flush();
      const to = projectPath(m[1].trim(), cwd);
      if (to) {
        write(dir, to, read(dir, file));
        rmSync(join(dir, file), { force: true });
        file = to;
      }
    } else if (!file || l.startsWith('*** ')) continue;
    else if (mode === 'add') {
      if (l.startsWith('+')) write(dir, file, `${read(dir, file)}${l.slice(1)}\n`);
    } else if (mode === 'update') {
      if (l.startsWith('@@')) flush();
      else if (l.startsWith('-')) minus.push(l.slice(1));
      else if (l.startsWith('+')) plus.push(l.slice(1));
      else if (l.startsWith(' ')) {
        minus.push(l.slice(1));
        plus.push(l.slice(1));
      }
    }
  }
  flush();
}

/**
 * Files a shell command writes or removes, best effort: `> file`, `>> file`, `tee [-a] file`,
 * `rm [-f] files` and `git rm files` (heredocs and quoted text aside). Returns the files touched.
 */
function shellWrites(dir, cmd, cwd) {
  const touched = [];
  const text = cmd.replace(/<<-?\s*'?(\w+)'?[\s\S]*?\n\1\b/g, '').replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  for (const m of text.matchAll(/(?:^|[^0-9&<>])>>?\s*([\w@./-]+)/g)) {
    const file = projectPath(m[1], cwd);
    if (!file || m[1].startsWith('/dev/')) continue;
    const before = read(dir, file);
    write(dir, file, `${before}written by the session\n`);
    touched.push(file);
  }
  for (const m of text.matchAll(/(?:^|[;&|]\s*)(?:git\s+)?rm\s+((?:-[\w-]+\s+)*)([^;&|<>]+)/g)) {
    for (const arg of m[2].trim().split(/\s+/)) {
      const file = projectPath(arg, cwd);
      if (file && existsSync(join(dir, file))) {
        rmSync(join(dir, file), { recursive: true, force: true });
        touched.push(file);
      }
    }
  }
  return touched;
}

/** Shell command text of a tool call, for any of the agents' shell tools. */
export function shellCommand(call) {
  const i = call.input;
  if (typeof i === 'string') return call.tool === 'apply_patch' ? undefined : i;
  if (!i || typeof i !== 'object') return undefined;
  if (typeof i.command === 'string') return i.command;
  if (typeof i.cmd === 'string') return i.cmd;
  if (Array.isArray(i.command)) return i.command.at(-1);
  return undefined;
}

/** The subject of each `git commit -m …` in a shell command (heredoc messages included). */
export function commitSubjects(cmd) {
  if (typeof cmd !== 'string' || !/\bgit\b[^\n|;&]*\bcommit\b/.test(cmd) || /--amend\b/.test(cmd)) return [];
  const out = [];
  const heredoc = /-[a-zA-Z]*m\s+"\$\(cat\s+<<-?\s*'?(\w+)'?\s*\n([\s\S]*?)\n\s*\1\s*\n?\s*\)"/g;
  let m;
  while ((m = heredoc.exec(cmd))) out.push(m[2].split('\n').find((l) => l.trim())?.trim() ?? '');
  if (out.length) return out.filter(Boolean);
  const quoted = /(?:\s-[a-zA-Z]*m|--message)(?:\s+|=)(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/g;
  while ((m = quoted.exec(cmd))) {
    out.push((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1').split('\n')[0].trim());
    break; // the first -m is the subject; later ones are body paragraphs
  }
  return out.filter(Boolean);
}

/**
 * Re-does, in `dir`, the file writes and commits of the events in [from, to): only tool calls
 * whose result was not an error. `commit(subject)` makes the commit (the caller knows the repo).
 */
export function applyEvents(conv, from, to, dir, commit) {
  const results = new Map(conv.events.filter((e) => e.kind === 'result').map((e) => [e.id, e]));
  const done = { files: [], commits: [] };
  for (const e of conv.events) {
    if (e.kind !== 'call' || e.line < from || e.line >= to) continue;
    if (results.get(e.id)?.error) continue;
    const i = e.input ?? {};
    const tool = e.tool;
    const file = projectPath(i.file_path ?? i.notebook_path ?? i.path ?? i.absolute_path, conv.cwd);
    if ((tool === 'Write' || tool === 'write_file') && file) write(dir, file, String(i.content ?? ''));
    else if ((tool === 'Edit' || tool === 'replace' || tool === 'edit') && file) replaceIn(dir, file, i.old_string ?? '', String(i.new_string ?? ''), i.replace_all === true);
    else if (tool === 'MultiEdit' && file) for (const ed of i.edits ?? []) replaceIn(dir, file, ed.old_string ?? '', String(ed.new_string ?? ''), ed.replace_all === true);
    else if (tool === 'NotebookEdit' && file) replaceIn(dir, file, '', String(i.new_source ?? ''));
    else if (tool === 'apply_patch') applyPatch(dir, typeof i === 'string' ? i : (i.input ?? i.patch ?? ''), conv.cwd);
    else {
      const cmd = shellCommand(e);
      if (!cmd) continue;
      if (/^\s*apply_patch\b/.test(cmd) || cmd.includes('*** Begin Patch')) applyPatch(dir, cmd, conv.cwd);
      else done.files.push(...shellWrites(dir, cmd, conv.cwd));
      for (const s of commitSubjects(cmd)) {
        commit(s);
        done.commits.push(s);
      }
      continue;
    }
    if (file) done.files.push(file);
  }
  return done;
}

/** Paths (and a stand-in content) a patch updates or deletes, in order. */
function patchTargets(patch, cwd) {
  const out = [];
  let cur;
  for (const l of String(patch).split('\n')) {
    const m = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(l);
    if (m) {
      const file = projectPath(m[2].trim(), cwd);
      cur = file ? { file, kind: m[1].toLowerCase(), lines: [] } : undefined;
      if (cur) out.push(cur);
    } else if (cur?.kind === 'update' && (l.startsWith('-') || l.startsWith(' '))) cur.lines.push(l.slice(1));
  }
  return out.map((t) => ({ file: t.file, created: t.kind === 'add', content: t.lines.length ? `${t.lines.join('\n')}\n` : 'existing content\n' }));
}

/**
 * Files the session found in place: edited, patched or deleted before it created them (or
 * overwritten, per the tool's own result). The replay commits them before the session starts, so
 * the session's edits change tracked files as they did, instead of creating untracked ones.
 */
export function preexistingFiles(conv) {
  const results = new Map(conv.events.filter((e) => e.kind === 'result').map((e) => [e.id, e]));
  const seen = new Map();
  const touch = (file, created, content) => {
    if (file && !seen.has(file)) seen.set(file, created ? undefined : content);
  };
  for (const e of conv.events) {
    if (e.kind !== 'call') continue;
    const i = e.input ?? {};
    const file = projectPath(i.file_path ?? i.notebook_path ?? i.path ?? i.absolute_path, conv.cwd);
    const result = results.get(e.id);
    if (e.tool === 'Write' || e.tool === 'write_file') touch(file, !/has been updated|overwr/i.test(result?.text ?? ''), 'existing content\n');
    else if (e.tool === 'Edit' || e.tool === 'replace' || e.tool === 'edit') touch(file, false, `${i.old_string ?? 'existing content'}\n`);
    else if (e.tool === 'MultiEdit') touch(file, false, `${(i.edits ?? []).map((x) => x.old_string ?? '').join('\n')}\n`);
    else if (e.tool === 'apply_patch' || (shellCommand(e) ?? '').includes('*** Begin Patch')) {
      const patch = e.tool === 'apply_patch' ? (typeof i === 'string' ? i : (i.input ?? i.patch ?? '')) : shellCommand(e);
      for (const t of patchTargets(patch, conv.cwd)) touch(t.file, t.created, t.content);
    }
  }
  return [...seen].filter(([, content]) => content !== undefined).map(([file, content]) => ({ file, content }));
}

/** Writes the pre-existing files into `dir`; returns how many. */
export function seedPreexisting(conv, dir) {
  const files = preexistingFiles(conv);
  for (const { file, content } of files) write(dir, file, content);
  return files.length;
}
