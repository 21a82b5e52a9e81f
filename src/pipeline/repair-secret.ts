import { readFile, rm } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { Project } from '../project/project.js';

export type Repair = { path: string; how: 'redacted' | 'lines' | 'removed'; kinds: string[] };

/**
 * Repairs a memory file that the final secret scan refused: the one sanitiser runs over the file as
 * it is on disk (its final rendered form, where a later transform may have made a match), first as
 * is, then line by line, and as a last resort the file is removed (every memory file is derived:
 * the next turn renders it again). Returns undefined for a path outside the memory folder (we
 * never rewrite a file we did not write) and for a file that does not hold what was refused.
 */
export async function repairSecret(p: Project, file: string): Promise<Repair | undefined> {
  const memory = resolve(p.layout.memoryDir);
  const path = resolve(file);
  if (!path.startsWith(memory + sep)) return undefined;
  const opts = { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow };
  const [{ redact }, { scanForSecrets }] = await Promise.all([import('../redact/redact.js'), import('../redact/scan.js')]);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  // What the scan refused is not in this file as it stands (shared mode merges it with the memory
  // ref's copy): nothing here to repair, and retrying would only refuse the same text again.
  if (!(await scanForSecrets(text, opts)).length) return undefined;
  const kinds = new Set<string>();
  // Redacting can join what was apart (a placeholder beside a value): a few rounds settle it.
  for (let round = 0; round < 3; round++) {
    const r = await redact(text, opts);
    for (const k of Object.keys(r.kinds)) kinds.add(k);
    if (r.count === 0) break;
    text = r.text;
  }
  if (!(await scanForSecrets(text, opts)).length) {
    await writeFileAtomic(path, text);
    return { path: relative(p.root, path), how: 'redacted', kinds: [...kinds] };
  }
  // Whatever the scan still sees, the lines it sees it on go.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if ((await scanForSecrets(lines[i]!, opts)).length) lines[i] = '[REDACTED:line]';
  const byLine = lines.join('\n');
  if (!(await scanForSecrets(byLine, opts)).length) {
    await writeFileAtomic(path, byLine);
    return { path: relative(p.root, path), how: 'lines', kinds: [...kinds] };
  }
  await rm(path, { force: true });
  return { path: relative(p.root, path), how: 'removed', kinds: [...kinds] };
}
