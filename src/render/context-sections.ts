import { render as msg } from '../messages/render.js';

/** The context's sections: the key the closing line counts and the score reports each by, and the heading that opens it. */
export const CONTEXT_SECTIONS = {
  interrupted: msg.context.interrupted,
  request: msg.context.lastRequest,
  summary: msg.context.summaryLine,
  commits: msg.context.commits,
  files: msg.context.files,
  failures: msg.context.failures,
  tasks: msg.context.tasks,
  stated: msg.context.stated,
  message: msg.context.lastMessage,
  compact: msg.context.compact,
  followups: msg.context.followups,
  captured: msg.context.captured,
  decisions: msg.context.decisions,
  gotchas: msg.context.gotchas,
  uncommitted: msg.context.uncommitted,
  sessions: msg.context.sessions,
};

export type SectionKey = keyof typeof CONTEXT_SECTIONS;
