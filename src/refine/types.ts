import type { ItemKind } from '../render/session-note.js';

/** One captured item where it was found: a layer1 (or archived) note. */
export interface Occurrence {
  kind: ItemKind;
  id: string;
  text: string;
  /** YYYY-MM-DD */
  date: string;
  session: string;
  agent?: string;
  /** The note relative to the memory root (layer1/YYYY-MM/... or layer3/...). */
  noteRel: string;
  /** Position in the global note order: breaks ties between items of one day. */
  seq: number;
}

/** A commit as refine sees it (from `git log`): subjects close follow-ups, files place commits in topics. */
export interface CommitInfo {
  hash: string;
  /** YYYY-MM-DD (committer date, UTC). */
  date: string;
  subject: string;
  files: string[];
}

export type Closure = { by: 'id'; source: 'commit' | 'note'; ref: string; date: string };

/** One fact after refinement: every occurrence of it, with its provenance. */
export interface RefinedItem {
  kind: ItemKind;
  /** The id of its first occurrence: stable while later duplicates come and go. */
  id: string;
  /** The latest phrasing. */
  text: string;
  count: number;
  firstDate: string;
  latestDate: string;
  occurrences: Occurrence[];
  /** Follow-ups: closed only by a match of one of its ids. */
  closed?: Closure;
  /** Follow-ups: commits that look like the work (same files and key words); never closes. */
  maybeDoneBy?: string[];
  /** Decisions: the later item that reverses this one, and the earlier ones this one reverses. */
  supersededBy?: string;
  supersedes?: string[];
  /** Areas (topic slugs) the item belongs to. */
  topics: string[];
}

export interface TopicPage {
  slug: string;
  /** What the page is about: a folder (src/render) or a recurring term. */
  title: string;
  items: string[];
  sessions: Array<{ session: string; date: string; noteRel: string; summary: string }>;
  commits: CommitInfo[];
}

export interface Refined {
  items: RefinedItem[];
  topics: TopicPage[];
  /** Occurrences read, before merging. */
  before: number;
  /** Where each kind's clustering ended, for the next run to resume from (never rendered). */
  clusters?: Record<string, { threshold: number; keys: string[]; groups: number[] }>;
  /** Occurrences whose group came from the previous run's state instead of comparisons. */
  resumed?: number;
}
