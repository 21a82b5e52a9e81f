export const recall = {
  noQuery: 'Give something to search for, e.g. `agent-handover recall "why did we pick sqlite"` or an id such as d-1a2b3c.',
  badKind: (kinds: readonly string[], got: string) => `--kind must be one of ${kinds.join(', ')}; got ${JSON.stringify(got)}.`,
  badSince: (got: string) => `--since takes a date YYYY-MM-DD (or a number of days, e.g. 30); got ${JSON.stringify(got)}.`,
  badLimit: (got: string) => `--limit takes a whole number from 1 to 100; got ${JSON.stringify(got)}.`,
  none: (query: string) => `Nothing in memory matches ${JSON.stringify(query)}. Try other words, fewer filters, or \`agent-handover context\` for the current state.`,
  hitHead: (n: number, kind: string, id: string) => `${n}. [${kind} ${id}]`,
  provenance: (h: { session: string; agent: string; date: string; branch: string; commit: string; status: string }) =>
    [`session ${h.session}`, h.agent, h.date, h.branch ? `branch ${h.branch}` : '', h.commit ? `commit ${h.commit.slice(0, 12)}` : '', h.status].filter(Boolean).join(', '),
  pausedStale: 'PAUSE is on: the search index was not updated, so the newest notes may be missing.',

  serverName: 'agent-handover',
  instructions:
    'Project memory kept by agent-handover: decisions, gotchas, follow-ups, constraints and session summaries from earlier sessions in this repository. ' +
    'Call `recall` before re-deciding something or when the user refers to earlier work; call `note` when a decision, gotcha, constraint or follow-up is made in this session.',
  tools: {
    recall:
      'Search the whole project memory (every earlier session, decision, gotcha, follow-up, constraint, task, failed command and commit, including archived months) ranked by relevance, with where each hit comes from (session, agent, date, branch, commit, note path). ' +
      'Call it before deciding something that may have been decided before, when the user mentions earlier work ("why did we…", "which session touched…"), or when the start-of-session context says items were left out. An exact id (d-…, f-…, g-…) returns that item.',
    note:
      'Record, for the current session, a decision (with its reason), a gotcha (a trap and how to avoid it), a follow-up (work left open), a constraint (a rule the user set) or a context line; or close a follow-up by passing kind "done" and its id. ' +
      'Call it the moment one of these is settled, so the next session gets it even if this one ends abruptly. Saved at once; it appears in the session note at the next handover.',
    state:
      'The current project state: open follow-ups, the last session, uncommitted work, recent decisions and gotchas, within a character budget (default the configured SessionStart budget). ' +
      'Call it when you need the start-of-session picture again, e.g. after a compaction or a long detour.',
    session: 'One session\u2019s full note, by session id or "last" (the most recent). Call it after `recall` pointed at a session and you need its details (requests, changes, commands, tasks).',
    followups: 'The follow-ups still open across all sessions, newest first, with ids you can close through `note` (kind "done"). Call it when planning what to do next or before ending a session.',
  },
  notePaused: (file: string) => `agent-handover is paused by ${file}: nothing was recorded. Remove it (\`agent-handover unpause\`) to resume.`,
  noteSaved: (id: string, session: string) => `Captured ${id} in session ${session}; it will be in the session note at the next handover.`,
  noSessionFound: (what: string) => `No session note matches ${JSON.stringify(what)}. Use "last" or an id from \`recall\` or \`followups\`.`,
  noOpenFollowups: 'No open follow-ups.',
} as const;

// MCP registration by install-hooks (src/install/mcp-register.ts)
export const mcpInstall = {
  mcpDetail: (agent: string) => `MCP server agent-handover for ${agent} (tools: recall, note, state, session, followups)`,
  mcpRemoved: (agent: string) => `MCP server agent-handover for ${agent} removed`,
  mcpForeign: (agent: string) => `an MCP server named agent-handover that is not ours is configured for ${agent}; left as it is (rename it to let install-hooks add ours)`,
  mcpUnreadable: (agent: string) => `not valid JSON, so the MCP server for ${agent} was not added; fix the file and run install-hooks again`,
  mcpSkippedFlag: 'MCP servers not registered (--no-mcp).',
  mcpCurrent: (files: string[]) => `MCP registrations start the current bin: ${files.join(', ')}`,
  mcpOld: (files: string[]) => `MCP registrations start dist/agent-handover.cjs, which this version no longer ships, so the agent's MCP server fails to start: ${files.join(', ')}`,
  mcpOldFix: 'Run `npx agent-handover install-hooks` again: it rewrites the registrations to start dist/cli.js.',
  // Inside a double-quoted sh string: no quotes, $ or backticks.
  mcpNotInstalled: 'agent-handover mcp: no node_modules/agent-handover in this project; run npm install -D agent-handover',
} as const;
