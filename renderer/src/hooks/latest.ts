import type { BridgeError, BridgeResult } from '../../../shared/bridge';

/**
 * Which answer of a screen's loads still counts (issue 32: eight screens had their own `let live = true`): only the
 * newest request's, not after the screen closed, and not when the admin switched to another location meanwhile — a
 * slow answer for location A never shows while B is on screen. Plain, so it is tested in Node.
 */
export interface Latest {
  /** A new request, asked while `location` is shown: its ticket. */
  begin(location: string | null): number;
  /** Whether the answer to `ticket` may still be shown, now that `location` is shown. */
  counts(ticket: number, location: string | null): boolean;
  /** The screen closed: no answer counts any more. */
  close(): void;
}

export function latestOnly(): Latest {
  let newest = 0;
  let closed = false;
  const asked = new Map<number, string | null>();
  return {
    begin(location) {
      newest += 1;
      asked.clear();
      asked.set(newest, location);
      return newest;
    },
    counts(ticket, location) {
      return !closed && ticket === newest && asked.get(ticket) === location;
    },
    close() {
      closed = true;
    },
  };
}

/**
 * The location store's loads (users, classes, the import's state and diff, the roster), by the same rule: a load's
 * answer is applied only if it is the newest of its `kind` and its location is still current. A command (`kind`
 * null: confirm, restore, discard) is applied whenever its location is still current — its answer is the new state.
 * Returns whether the answer was applied; a refusal goes to `onError`.
 */
export function scopedLoads(current: () => string | null, onError: (error: BridgeError) => void) {
  const guards = new Map<string, Latest>();
  return async function scoped<T>(kind: string | null, request: (brin6: string) => Promise<BridgeResult<T>>, apply: (value: T) => void): Promise<boolean> {
    const brin6 = current();
    if (!brin6) return false;
    const guard = kind === null ? latestOnly() : (guards.get(kind) ?? guards.set(kind, latestOnly()).get(kind)!);
    const ticket = guard.begin(brin6);
    const result = await request(brin6);
    if (!guard.counts(ticket, current())) return false;
    if (!result.ok) {
      onError(result.error);
      return false;
    }
    apply(result.value);
    return true;
  };
}
