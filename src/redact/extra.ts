import { ValidationError } from '../errors.js';
import { redactMsg } from '../messages/index.js';
import { normalizeKind } from './placeholder.js';
import type { PatternRule } from './rules.js';
import type { RedactOptions } from './types.js';

/** The user's `extraPatterns` as rules; a pattern with a capture group redacts group 1 only. Throws ValidationError on bad regex. */
export function compileExtraPatterns(opts: RedactOptions | undefined): PatternRule[] {
  return (opts?.extraPatterns ?? []).map(({ name, pattern }) => {
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'dg');
    } catch (err) {
      throw new ValidationError(redactMsg.badPattern(name, (err as Error).message), { hint: redactMsg.badPatternFix });
    }
    const groups = new RegExp(`${pattern}|`).exec('')?.length ?? 1;
    return { kind: normalizeKind(name), re, priority: 3, ...(groups > 1 ? { group: 1 } : {}) };
  });
}
