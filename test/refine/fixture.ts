// A hand-written set of planted cases for refine. Every item carries its truth:
// `dup` names the fact it states (items sharing a `dup` are duplicates phrased differently; an item
// without one is a fact of its own, often written to look like another); follow-ups say how they
// end; decisions say what reverses them. The cases are counted in CASES at the bottom.
import type { IndexedNote } from '../../src/render/note-index.js';
import type { ItemKind, NoteItem } from '../../src/render/session-note.js';
import type { CommitInfo } from '../../src/refine/types.js';

export interface PlantedItem {
  kind: Exclude<ItemKind, 'context'>;
  text: string;
  /** Fact label: same label, same fact. */
  dup?: string;
  /** Its own id (else derived from the position). */
  id?: string;
  /** Follow-ups: 'id' = must be closed (something names its id), 'work' = only fuzzy work exists (must stay open, may show maybe), 'open'. */
  ends?: 'id' | 'work' | 'open';
  /** Decisions: the id of the later decision that reverses this one. */
  reversedBy?: string;
}

export interface PlantedSession {
  session: string;
  date: string;
  agent?: string;
  summary?: string;
  closes?: string[];
  items: PlantedItem[];
}

const S = (session: string, date: string, items: PlantedItem[], extra: Partial<PlantedSession> = {}): PlantedSession => ({ session, date, items, agent: 'claude-code', ...extra });
const d = (text: string, dup?: string, more: Partial<PlantedItem> = {}): PlantedItem => ({ kind: 'decision', text, ...(dup ? { dup } : {}), ...more });
const g = (text: string, dup?: string, more: Partial<PlantedItem> = {}): PlantedItem => ({ kind: 'gotcha', text, ...(dup ? { dup } : {}), ...more });
const f = (text: string, dup?: string, more: Partial<PlantedItem> = {}): PlantedItem => ({ kind: 'followup', text, ...(dup ? { dup } : {}), ...more });

export const SESSIONS: PlantedSession[] = [
  S('s01', '2026-03-02', [
    d('Use vitest instead of jest for the unit tests', 'vitest'),
    d('Keep the CLI bundle under 200 kB', 'bundle-size'),
    g('git status is slow on the 2,000-note repository; cache folder mtimes', 'status-slow'),
    g('The Stop hook times out after 30 seconds on Windows', 'stop-timeout-win'),
    f('Add a bench row for SessionStart latency', 'bench-start', { id: 'f-aaaa01', ends: 'id' }),
    f('Document the merge driver in the README', 'doc-merge', { id: 'f-aaaa02', ends: 'id' }),
    d('Write current-state.md through the store, never directly', 'store-writes'),
    g('Node 18 lacks fs.cp recursive on some builds', 'node18-cp'),
  ]),
  S('s02', '2026-03-03', [
    d('Unit tests run with vitest, not jest.', 'vitest'),
    g('git status is slow on the big 2,000-note repository, so cache the folder mtimes', 'status-slow'),
    g('The Stop hook times out after 30 seconds on macOS', 'stop-timeout-mac'),
    f('Add a bench row for SessionEnd latency', 'bench-end', { ends: 'open' }),
    d('Keep the CLI bundle under 300 kB', 'bundle-300'),
    g('Redaction must run before anything is stored', 'redact-first'),
    f('Handle CRLF line endings in settings.json', 'crlf', { id: 'f-aaaa03', ends: 'id' }),
  ]),
  S('s03', '2026-03-05', [
    d('use Vitest instead of Jest for unit tests', 'vitest'),
    g('Redaction has to run before anything gets stored.', 'redact-first'),
    g('Redaction runs after the note is rendered, not before', 'redact-after'),
    f('Add a bench row for the SessionStart latency', 'bench-start', { id: 'f-aaaa04', ends: 'id' }),
    d('Store the index in .agent-handover/index.json', 'index-json'),
    g('The lock file is left behind when the process is killed with SIGKILL', 'lock-sigkill'),
    f('Support the Gemini CLI hook payload', 'gemini', { ends: 'work' }),
  ], { summary: 'Benchmarks and redaction order; the README now documents the merge driver (f-aaaa02).' }),
  S('s04', '2026-03-06', [
    d('Store the index at .agent-handover/index.json', 'index-json'),
    d('Store the checkpoint at .agent-handover/checkpoint.json', 'checkpoint-json'),
    g('A lock file stays behind when the process is killed by SIGKILL', 'lock-sigkill'),
    g('A lock file stays behind when the process is killed by SIGTERM', 'lock-sigterm'),
    f('Support CRLF line endings in settings.json', 'crlf', { id: 'f-aaaa05', ends: 'id' }),
    d('Hooks fail open: exit 0 and log the error', 'fail-open'),
    d('Bundle with tsc output', undefined, { id: 'd-bbbb00', reversedBy: 'd-bbbb01' }),
    g('npm ci fails offline without a cache', 'npm-offline'),
    f('Make `doctor` report a missing post-commit hook', 'doctor-postcommit', { id: 'f-aaaa06', ends: 'id' }),
  ], { closes: ['f-aaaa06'] }),
  S('s05', '2026-03-09', [
    d('Hooks always fail open (exit code 0, error written to the log)', 'fail-open'),
    d('Hooks fail closed in CI so errors are visible', 'fail-closed-ci'),
    g('npm ci fails when offline and there is no cache', 'npm-offline'),
    g('pnpm install fails when offline and there is no store', 'pnpm-offline'),
    f('Add a bench row for SessionEnd latency.', 'bench-end', { ends: 'open' }),
    f('Retry sync when the remote is unreachable', 'sync-retry', { ends: 'work' }),
    d('Switch to esbuild instead of tsc for the bundle', undefined, { id: 'd-bbbb01', reversedBy: 'd-bbbb03' }),
  ]),
  S('s06', '2026-03-10', [
    d('Use port 8080 for the dev server', 'port-8080'),
    d('Use port 3000 for the dev server', 'port-3000'),
    g('The session id can contain slashes on Codex', 'codex-slash'),
    g('Codex session ids may contain slashes', 'codex-slash'),
    g('Gemini session ids may contain colons', 'gemini-colon'),
    f('Escape slashes in session ids from Codex', 'escape-slash', { id: 'f-aaaa07', ends: 'id' }),
    d('Compact months older than 60 days into layer3 archives', 'compact-60', { reversedBy: 'd-bbbb02' }),
    d('Compaction archives months older than 60 days into layer3', 'compact-60', { reversedBy: 'd-bbbb02' }),
  ]),
  S('s07', '2026-03-12', [
    d('Compact months older than 90 days into layer3 archives', 'compact-90'),
    d('We no longer compact after 60 days; compact months older than 90 days instead', undefined, { id: 'd-bbbb02' }),
    g('Windows paths need forward slashes in the note index', 'win-slash'),
    g('The note index needs forward slashes for Windows paths', 'win-slash'),
    f('Add a recall command that searches old notes', 'recall', { ends: 'open' }),
    f('Add a recall command that searches the archives', 'recall-archives', { ends: 'open' }),
    d('The context budget defaults to 8000 characters', 'budget-8000'),
    d('Default context budget is 8000 chars', 'budget-8000'),
  ], { summary: 'Compaction window and Windows paths. Escaped the Codex slashes (done: f-aaaa07).' }),
  S('s08', '2026-03-14', [
    d('The context budget defaults to 6000 characters', 'budget-6000'),
    g('The post-commit hook runs twice during a rebase', 'postcommit-rebase'),
    g('During a rebase the post-commit hook runs twice', 'postcommit-rebase'),
    g('During a merge the post-commit hook does not run', 'postcommit-merge'),
    f('Skip the post-commit hook during a rebase', 'skip-rebase', { id: 'f-aaaa08', ends: 'id' }),
    d('Revert the switch to esbuild; bundle with tsc output again', undefined, { id: 'd-bbbb03' }),
    d('Read transcripts as JSONL, line by line', 'jsonl'),
    d('Transcripts are read line by line as JSONL', 'jsonl'),
  ]),
  S('s09', '2026-03-16', [
    d('Use a single git wrapper with fixed flags (src/git/git.ts)', 'git-wrapper'),
    d('All git calls go through the one wrapper in src/git/git.ts with fixed flags', 'git-wrapper'),
    g('Clock skew between machines reorders sessions with the same date', 'clock-skew'),
    g('Sessions with the same date get reordered by clock skew between machines', 'clock-skew'),
    f('Print the lock holder pid in `status`', 'status-pid', { id: 'f-aaaa09', ends: 'id' }),
    f('Print the lock holder in status output', 'status-pid', { id: 'f-aaaa10', ends: 'id' }),
    d('Use pnpm for installs', undefined, { id: 'd-bbbb04', reversedBy: 'd-bbbb05' }),
    g('Secretlint misses tokens split across lines', 'secretlint-split'),
  ]),
  S('s10', '2026-03-18', [
    d('Go back to npm for installs instead of pnpm; the lock file churn was too much', undefined, { id: 'd-bbbb05' }),
    g('Secretlint does not catch tokens that are split over two lines', 'secretlint-split'),
    g('Secretlint does not catch tokens inside base64 blobs', 'secretlint-base64'),
    f('Add a redaction test for split tokens', 'redact-split', { ends: 'work' }),
    d('Notes are plain Markdown with a YAML front matter header', 'markdown-notes'),
    d('Session notes are plain Markdown files with YAML front matter', 'markdown-notes'),
    d('Archives are plain Markdown files with YAML front matter', 'markdown-archives'),
    f('Show the skipped steps in `run --dry-run`', 'dry-run-skips', { id: 'f-aaaa11', ends: 'id' }),
  ]),
  S('s11', '2026-03-20', [
    d('Drop the derived cache; derive the state from the index every time instead', undefined, { id: 'd-bbbb06' }),
    g('The derived cache goes stale when a note is edited in place', 'derived-stale'),
    g('Editing a note in place leaves the derived cache stale', 'derived-stale'),
    f('Add a bench row for SessionStart latency', 'bench-start', { id: 'f-aaaa12', ends: 'id' }),
    d('Keep the CLI bundle below 200 kB', 'bundle-size'),
    g('The Stop hook times out after 30s on Windows', 'stop-timeout-win'),
    d('Sort sessions by their updated_at then by file name', 'sort-sessions'),
    f('Close follow-ups named in commit messages', 'close-commit', { ends: 'open' }),
  ]),
  S('s12', '2026-03-22', [
    d('Cache the derived state in .agent-handover/derived.json', undefined, { id: 'd-bbbb07' }),
    g('Vitest workers run out of memory with 8 threads on 2 cores', 'vitest-oom'),
    g('With 8 threads on 2 cores the vitest workers run out of memory', 'vitest-oom'),
    g('With 8 threads on 2 cores the esbuild workers are slow', 'esbuild-slow'),
    f('Limit vitest to 2 threads in CI', 'vitest-threads', { id: 'f-aaaa13', ends: 'id' }),
    d('Ship the plugin manifest in the npm package', 'plugin-manifest'),
    d('The npm package ships the plugin manifest', 'plugin-manifest'),
    f('Rename `regenerate` to `rebuild`', 'rename-regen', { ends: 'open' }),
  ]),
];

/** Commits of the fixture repository: some name follow-up ids, some only look like the work. */
export const COMMITS: CommitInfo[] = [
  { hash: 'c1000000000000000000000000000000000000a1', date: '2026-03-06', subject: 'bench: SessionStart latency row (f-aaaa01)', files: ['scripts/bench.mjs'] },
  { hash: 'c1000000000000000000000000000000000000a2', date: '2026-03-07', subject: 'settings: keep CRLF line endings, closes f-aaaa05', files: ['src/install/json-format.ts'] },
  { hash: 'c1000000000000000000000000000000000000a3', date: '2026-03-11', subject: 'gemini: read the Gemini CLI hook payload', files: ['src/hooks/payload.ts', 'src/session/gemini-session.ts'] },
  { hash: 'c1000000000000000000000000000000000000a4', date: '2026-03-12', subject: 'sync: retry when the remote is unreachable', files: ['src/sync/sync.ts'] },
  { hash: 'c1000000000000000000000000000000000000a5', date: '2026-03-15', subject: 'post-commit: skip during rebase [f-aaaa08]', files: ['src/hooks/post-commit.ts'] },
  { hash: 'c1000000000000000000000000000000000000a6', date: '2026-03-17', subject: 'status: print the lock holder pid; f-aaaa10', files: ['src/cli/commands/status.ts'] },
  { hash: 'c1000000000000000000000000000000000000a7', date: '2026-03-19', subject: 'redact: test for tokens split across lines', files: ['test/unit/redact.test.ts'] },
  { hash: 'c1000000000000000000000000000000000000a8', date: '2026-03-19', subject: 'run --dry-run lists skipped steps (f-aaaa11)', files: ['src/cli/commands/run.ts'] },
  { hash: 'c1000000000000000000000000000000000000a9', date: '2026-03-23', subject: 'ci: vitest with 2 threads, f-aaaa13', files: ['vitest.config.ts'] },
  { hash: 'c1000000000000000000000000000000000000b1', date: '2026-03-23', subject: 'bench: SessionStart latency again for f-aaaa12', files: ['scripts/bench.mjs'] },
];

let counter = 0;
function autoId(kind: string): string {
  counter += 1;
  return `${kind[0]}-z${String(counter).padStart(5, '0')}`;
}

/** The fixture as the index hands notes to refine, with every planted item's id filled in. */
export function fixtureNotes(): { notes: IndexedNote[]; planted: Array<PlantedItem & { id: string; session: string }> } {
  counter = 0;
  const planted: Array<PlantedItem & { id: string; session: string }> = [];
  const notes: IndexedNote[] = SESSIONS.map((s) => {
    const items: NoteItem[] = s.items.map((it) => {
      const id = it.id ?? autoId(it.kind);
      planted.push({ ...it, id, session: s.session });
      return { kind: it.kind, id, text: it.text, date: s.date };
    });
    const rel = `layer1/${s.date.slice(0, 7)}/main-${s.date}-${s.session}.md`;
    return {
      ref: { layer: 1, path: `/fixture/${rel}`, rel, tag: 'main', date: s.date, session: s.session, month: s.date.slice(0, 7) },
      note: {
        session: s.session,
        tag: 'main',
        date: s.date,
        ...(s.agent ? { agent: s.agent } : {}),
        startedAt: `${s.date}T09:00:00.000Z`,
        updatedAt: `${s.date}T10:00:00.000Z`,
        status: 'ended',
        summary: s.summary ?? `session ${s.session}`,
        summaryBlock: s.summary ?? '',
        items,
        closes: s.closes ?? [],
      },
    };
  });
  return { notes, planted };
}
