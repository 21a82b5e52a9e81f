import { readFile } from 'node:fs/promises';

/** Inputs a run's steps hand to each other, persisted in runs/<run-id>/ so a resume needs no stdin. */
export const FACTS = 'facts.json';
export const NEXT_STATE = 'session-next.json';

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}
