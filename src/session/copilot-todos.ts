import type { TaskState } from './transcript-types.js';

/**
 * Copilot CLI keeps its plan in a session SQL database: its system prompt has the agent run
 * `INSERT INTO todos (id, title, description) VALUES (...)` and `UPDATE todos SET status = 'done'
 * WHERE id = '...'` through the `sql` tool (statuses pending, in_progress, done, blocked). This
 * reads those statements into task views (done becomes completed), so the open ones are the
 * session's open tasks. Anything it cannot read is skipped: a plan half-read beats a guess.
 */
export function copilotTodoChanges(query: string): TaskState[] {
  const out: TaskState[] = [];
  for (const stmt of statements(query)) {
    const insert = /^insert\s+(?:or\s+\w+\s+)?into\s+todos\s*\(([^)]*)\)\s*values\s*([\s\S]+)$/i.exec(stmt);
    if (insert) {
      const cols = insert[1]!.split(',').map((c) => c.trim().toLowerCase());
      for (const row of tuples(insert[2]!)) {
        const get = (c: string) => row[cols.indexOf(c)];
        const id = get('id');
        if (!id) continue;
        const title = get('title') ?? get('description');
        out.push({ id, ...(title ? { subject: title } : {}), status: status(get('status') ?? 'pending') });
      }
      continue;
    }
    const update = /^update\s+todos\s+set\s+([\s\S]+?)\s+where\s+([\s\S]+)$/i.exec(stmt);
    if (update) {
      const set = /\bstatus\s*=\s*'((?:[^']|'')*)'/i.exec(update[1]!)?.[1];
      const title = /\btitle\s*=\s*'((?:[^']|'')*)'/i.exec(update[1]!)?.[1];
      if (set === undefined && title === undefined) continue;
      for (const id of ids(update[2]!)) out.push({ id, ...(title !== undefined ? { subject: unquote(title) } : {}), ...(set !== undefined ? { status: status(unquote(set)) } : {}) });
      continue;
    }
    const del = /^delete\s+from\s+todos\s+where\s+([\s\S]+)$/i.exec(stmt);
    if (del) for (const id of ids(del[1]!)) out.push({ id, status: 'completed' });
  }
  return out;
}

function status(s: string): string {
  const v = s.trim().toLowerCase();
  return v === 'done' ? 'completed' : v || 'pending';
}

const unquote = (s: string) => s.replace(/''/g, "'");

/** Statements of a query, split at semicolons outside string literals; comments dropped. */
function statements(query: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inString = false;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (!inString && ch === '-' && query[i + 1] === '-') {
      const nl = query.indexOf('\n', i);
      i = nl === -1 ? query.length : nl;
      cur += ' ';
      continue;
    }
    if (ch === "'") inString = !inString;
    if (ch === ';' && !inString) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter(Boolean);
}

/** The rows of a VALUES list: each a list of its values (strings unquoted, NULL as undefined). */
function tuples(values: string): Array<Array<string | undefined>> {
  return [...values.matchAll(/\(((?:[^()']|'(?:[^']|'')*')*)\)/g)].map((m) =>
    [...m[1]!.matchAll(/'((?:[^']|'')*)'|([^,\s][^,]*)/g)].map((c) => (c[1] !== undefined ? unquote(c[1]) : /^null$/i.test(c[2]!.trim()) ? undefined : c[2]!.trim())),
  );
}

/** The ids a WHERE clause names: `id = 'x'` or `id IN ('x', 'y')`. */
function ids(where: string): string[] {
  const one = /\bid\s*=\s*'((?:[^']|'')*)'/i.exec(where);
  if (one) return [unquote(one[1]!)];
  const list = /\bid\s+in\s*\(([^)]*)\)/i.exec(where);
  return list ? [...list[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => unquote(m[1]!)) : [];
}
