// Types for conversation.mjs, so the TypeScript tests can import the reader.
export interface Event {
  line: number;
  kind: 'prompt' | 'assistant' | 'call' | 'result';
  text?: string;
  tool?: string;
  input?: unknown;
  id?: string;
  error?: boolean;
  sidechain?: boolean;
}
export interface Conversation {
  agent: 'claude-code' | 'codex' | 'gemini' | 'copilot' | 'opencode';
  cwd: string;
  lines: string[];
  events: Event[];
  turnEnds: number[];
  compactions?: Array<{ line: number; trigger: string }>;
  doc?: unknown;
}
export function agentOf(path: string): Conversation['agent'] | undefined;
export function readConversation(path: string): Conversation;
export function conversationText(conv: Conversation): string;
export function fixtureName(path: string): string;
