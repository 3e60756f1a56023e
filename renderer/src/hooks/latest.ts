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
