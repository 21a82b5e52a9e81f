import { readIfExists } from '../io/atomic.js';

/** A JSON file's content when `ok` accepts it; undefined when it is missing, unreadable, not JSON or not accepted. */
export async function readJson<T>(path: string, ok: (data: T) => boolean): Promise<T | undefined> {
  try {
    const text = await readIfExists(path);
    const data = text === undefined ? undefined : (JSON.parse(text) as T);
    return data !== undefined && ok(data) ? data : undefined;
  } catch {
    return undefined;
  }
}
