/** Why a class: callers (services, CLI) tell a refused database apart from a bug and show its Dutch message. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'too-new' | 'unreadable' | 'no-key' | 'wrong-key',
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}
