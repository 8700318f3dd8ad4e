/**
 * An error meant for the person at the keyboard: a stable code (for tests and logs) and one
 * sentence they can act on. Everything else is a bug and goes to the central handler.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Bad usage (a flag's value, flags that contradict each other): exit status 2, not 1. */
export class UsageError extends UserError {
  constructor(code: string, message: string, hints: string[] = []) {
    super(code, message, hints);
    this.name = 'UsageError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A short reference a user can quote and an operator can grep for in the logs. */
export function errorRef(): string {
  return Math.random().toString(16).slice(2, 6);
}
