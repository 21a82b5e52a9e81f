// Types for score.mjs, so the TypeScript tests can import the scorer.
export type Kind = 'last_request' | 'files' | 'failed_commands' | 'open_tasks' | 'commits' | 'decisions' | 'last_message';
export type Fact = string | { text: string; keywords?: string[]; why?: string };
export interface Truth {
  fixture: string;
  agent?: string;
  summary?: string;
  facts: Partial<Record<Kind, Fact[]>>;
}
export const KINDS: Kind[];
export const PREFIX: Record<'last_request' | 'failed_commands' | 'commits', number>;
export const KEYWORD_SHARE: number;
export const BASELINE_CHARS: number;
export function normalise(text: unknown): string;
export function keyWords(text: string): string[];
export function keywordShare(normalisedCtx: string, words: string[]): number;
export function scoreFact(kind: Kind, fact: Fact, normalisedCtx: string): 0 | 1;
export function scoreContext(truth: Truth, context: string): Record<Kind, Array<{ fact: Fact; hit: 0 | 1 }>>;
export function baselineText(conversation: string): string;
export function noise(context: string): { share: number; lines: number; noisy: Array<{ line: string; why: string }> };
export function median(xs: number[]): number;
