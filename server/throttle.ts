/**
 * Sign-in throttling (issue 36): wrong passwords are counted per account and per client address. The first few are
 * free; after that each further wrong password closes sign-in for that account (or address) for twice as long as the
 * last time — 1 s, 2 s, 4 s … at most 15 minutes — and a sign-in while closed answers 429 with Retry-After, before any
 * password is checked (so a closed account costs the server nothing). A right password opens the account again; the
 * count of an account or address is forgotten 15 minutes after its last wrong password.
 *
 * Per address as well as per account: one PC guessing many accounts is stopped as soon as one account guessed many
 * times. The numbers are in the README ("Sign-in, sessions and limits").
 */
export const THROTTLE = {
  /** Wrong passwords an account may have before sign-in closes for it. */
  freePerAccount: 5,
  /** Wrong passwords one client address may have (over every account) before sign-in closes for it. */
  freePerAddress: 20,
  firstBlockMs: 1000,
  maxBlockMs: 15 * 60 * 1000,
  /** A count is forgotten this long after its last wrong password. */
  forgetAfterMs: 15 * 60 * 1000,
} as const;

interface Count {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export class SignInThrottle {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly now: () => number,
    private readonly enabled = true,
  ) {}

  /**
   * A sign-in starts: the milliseconds until sign-in opens again for this account or address (> 0: refused, nothing
   * counted), else 0 — and the guess is counted as wrong at once, until `succeeded` says otherwise. The password check
   * is asynchronous: counted only after it, a burst of parallel guesses would all pass before the first was counted.
   */
  attempt(username: string, address: string): number {
    if (!this.enabled) return 0;
    const at = this.now();
    const wait = Math.max(0, ...[this.get(accountKey(username)), this.get(addressKey(address))].map((c) => (c ? c.blockedUntil - at : 0)));
    if (wait > 0) return wait;
    this.count(accountKey(username), THROTTLE.freePerAccount);
    this.count(addressKey(address), THROTTLE.freePerAddress);
    if (this.counts.size > 100_000) this.sweep();
    return 0;
  }

  /** The password was right: the account opens again, and the address's count loses this guess. */
  succeeded(username: string, address: string): void {
    if (!this.enabled) return;
    this.counts.delete(accountKey(username));
    const count = this.get(addressKey(address));
    if (!count) return;
    count.failures -= 1;
    if (count.failures < THROTTLE.freePerAddress) count.blockedUntil = 0;
    if (count.failures <= 0) this.counts.delete(addressKey(address));
  }

  private count(key: string, free: number): void {
    const at = this.now();
    const current = this.get(key) ?? { failures: 0, lastFailure: at, blockedUntil: 0 };
    current.failures += 1;
    current.lastFailure = at;
    const over = current.failures - free;
    if (over >= 0) current.blockedUntil = at + Math.min(THROTTLE.firstBlockMs * 2 ** Math.min(over, 30), THROTTLE.maxBlockMs);
    this.counts.set(key, current);
  }

  private get(key: string): Count | undefined {
    const count = this.counts.get(key);
    if (count && this.now() - count.lastFailure > THROTTLE.forgetAfterMs && this.now() >= count.blockedUntil) {
      this.counts.delete(key);
      return undefined;
    }
    return count;
  }

  private sweep(): void {
    for (const key of [...this.counts.keys()]) this.get(key);
  }
}

const accountKey = (username: string) => `account\u0000${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `address\u0000${address}`;
