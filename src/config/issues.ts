import { ConfigError } from '../errors.js';
import { config as msg } from '../messages/config.js';

export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  /** `steps[3].timeout`; `(top level)` or `(syntax)` when no key applies. */
  key: string;
  message: string;
  /** The allowed values or type, when there is something useful to say. */
  expected?: string;
}

/** A ConfigError that keeps every issue, so `doctor` can list them and tests can check each field. */
export class InvalidConfigError extends ConfigError {
  readonly issues: ConfigIssue[];
  constructor(file: string, issues: ConfigIssue[]) {
    const sorted = [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
    const lines = sorted.map(formatIssue);
    const message = lines.length === 1 ? lines[0]! : [msg.invalidHeader(file, lines.length), ...lines.map((l) => `  ${l}`)].join('\n');
    super(message, { path: file, hint: msg.fix(file) });
    this.name = 'InvalidConfigError';
    this.issues = sorted;
  }
}

export function formatIssue(i: ConfigIssue): string {
  return msg.issueLine(i.file, i.line, i.col, i.key, i.message, i.expected);
}
