// Types for side-effects.mjs, so the TypeScript tests can import it.
import type { Conversation, Event } from './conversation.mjs';
export function projectPath(file: unknown, cwd: string): string | undefined;
export function shellCommand(call: Event): string | undefined;
export function commitSubjects(cmd: unknown): string[];
export function applyEvents(conv: Conversation, from: number, to: number, dir: string, commit: (subject: string) => void): { files: string[]; commits: string[] };
export function preexistingFiles(conv: Conversation): Array<{ file: string; content: string }>;
export function seedPreexisting(conv: Conversation, dir: string): number;
