/**
 * Every error the library throws on purpose. `code` is stable (tests and the CLI branch on it);
 * `hint` is the next step the user should take; `path` names the file at fault when there is one.
 */
export class HandoverError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly path: string | undefined;
  constructor(code: string, message: string, opts: { hint?: string; path?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HandoverError';
    this.code = code;
    this.hint = opts.hint;
    this.path = opts.path;
  }
}

export class CheckpointError extends HandoverError {
  constructor(message: string, opts: { hint?: string; path: string; cause?: unknown }) {
    super('CHECKPOINT_UNREADABLE', message, opts);
    this.name = 'CheckpointError';
  }
}

export class ValidationError extends HandoverError {
  constructor(message: string, opts: { hint?: string; path?: string } = {}) {
    super('INVALID_INPUT', message, opts);
    this.name = 'ValidationError';
  }
}

export class LockTimeoutError extends HandoverError {
  constructor(message: string, opts: { hint?: string; path: string }) {
    super('LOCK_TIMEOUT', message, opts);
    this.name = 'LockTimeoutError';
  }
}

export class PausedError extends HandoverError {
  constructor(message: string, opts: { path: string; hint?: string }) {
    super('PAUSED', message, opts);
    this.name = 'PausedError';
  }
}

export class GitError extends HandoverError {
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(message: string, opts: { exitCode: number | null; stderr: string; hint?: string }) {
    super('GIT_FAILED', message, { hint: opts.hint });
    this.name = 'GitError';
    this.exitCode = opts.exitCode;
    this.stderr = opts.stderr;
  }
}

export class SecretDetectedError extends HandoverError {
  constructor(message: string, opts: { path: string; hint?: string }) {
    super('SECRET_DETECTED', message, opts);
    this.name = 'SecretDetectedError';
  }
}

export class ConfigError extends HandoverError {
  constructor(message: string, opts: { path: string; hint?: string; cause?: unknown }) {
    super('CONFIG_INVALID', message, opts);
    this.name = 'ConfigError';
  }
}

/** One line for a log or stderr: message, file and next step. */
export function describeError(err: unknown): string {
  if (err instanceof HandoverError) {
    return [err.message, err.path ? `File: ${err.path}` : '', err.hint ? `Fix: ${err.hint}` : ''].filter(Boolean).join('\n');
  }
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}
