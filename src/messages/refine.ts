const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const refine = {
  topicTitle: (title: string) => `# Topic: ${title}`,
  topicGenerated: 'Derived by `agent-handover refine` from the session notes and commits; regenerated, do not edit by hand.',
  kinds: { decision: 'Decisions', gotcha: 'Gotchas', followup: 'Open follow-ups', context: 'Context' } as Record<string, string>,
  closedFollowups: 'Closed follow-ups',
  superseded: 'Superseded decisions',
  sessions: 'Sessions',
  commits: 'Commits',
  seen: (count: number, latest: string) => (count > 1 ? `\u00d7${count}, latest ${latest}` : latest),
  moreSessions: (n: number) => `\u2026 ${n} more`,
  supersededBy: (id: string) => `superseded by ${id}`,
  supersedes: (ids: string[]) => `supersedes ${ids.join(', ')}`,
  closedBy: (source: string, ref: string, date: string) => `closed by ${source} ${ref} (${date})`,
  maybeDoneBy: (hashes: string[]) => `maybe done by ${hashes.join(', ')}`,
  report: {
    header: (before: number, after: number, dry: boolean) => `${dry ? 'Would refine' : 'Refined'}: ${plural(before, 'item')} \u2192 ${plural(after, 'fact')}.`,
    merge: (kind: string, id: string, count: number, ids: string[], text: string) => `merge ${kind} ${id} \u00d7${count} (${ids.join(', ')}): ${text}`,
    close: (id: string, how: string) => `close ${id}: ${how}`,
    maybe: (id: string, hashes: string[]) => `maybe ${id}: done by ${hashes.join(', ')}? (not closed: no commit or note names the id)`,
    supersede: (earlier: string, later: string) => `supersede ${earlier} \u2192 ${later}`,
    write: (rel: string, state: 'new' | 'changed' | 'unchanged') => `${state === 'unchanged' ? 'keep ' : 'write'} ${rel}${state === 'new' ? ' (new)' : ''}`,
    remove: (rel: string) => `remove ${rel} (no longer derived)`,
    nothing: 'Nothing to merge, close or supersede.',
    dryRun: 'Dry run: nothing written.',
  },
  background: {
    done: (before: number, after: number, written: number, removed: number, resumed: number, ms: number) =>
      `refined in the background: ${plural(before, 'item')} \u2192 ${plural(after, 'fact')}, ${plural(written, 'topic page')} written, ${removed} removed (${resumed} items clustered as last time) in ${Math.round(ms)} ms`,
    failed: (detail: string) => `background refine failed: ${detail}; the topic pages stay as they were (run \`agent-handover refine\` to see why).`,
  },
} as const;
