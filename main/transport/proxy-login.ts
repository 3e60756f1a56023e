import crypto from 'node:crypto';

/** What the window asks the coordinator: which proxy wants a sign-in, and how many tries this is. */
export interface ProxyLoginRequest {
  readonly id: string;
  /** `host:port` of the proxy. */
  readonly proxy: string;
  /** The proxy's realm (its own name for itself), or null. */
  readonly realm: string | null;
  /** 1 for the first question; 2 after the proxy refused what was typed. */
  readonly attempt: number;
}

export interface ProxyCredentials {
  readonly username: string;
  readonly password: string;
}

export interface ProxyLoginOptions {
  /** Questions per proxy within `windowMs` (a wrong password asks again, but never in a loop). */
  readonly maxAttempts?: number;
  readonly windowMs?: number;
  /** How long a question waits for the coordinator before it counts as cancelled. */
  readonly waitMs?: number;
  readonly now?: () => number;
}

/**
 * Proxy sign-in (issue 30): a proxy that answers 407 gets the coordinator's user name and password, asked in a Dutch
 * dialog in the window — Electron's `app.on('login')` for Chromium's requests, the Node transport in browser mode —
 * and kept only in memory for this run, never in a file or a log line. Plain (no Electron), so its rules are tested
 * in Node: one question per proxy at a time (concurrent requests share it), at most `maxAttempts` per proxy within
 * `windowMs`, and after "Annuleren" no question for that proxy until the window has passed.
 */
export class ProxyLogins {
  private readonly waiting = new Map<string, { request: ProxyLoginRequest; resolve: (c: ProxyCredentials | null) => void; timer: NodeJS.Timeout }>();
  private readonly asked = new Map<string, number[]>();
  private readonly cancelledAt = new Map<string, number>();
  private readonly pending = new Map<string, Promise<ProxyCredentials | null>>();
  private readonly maxAttempts: number;
  private readonly windowMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    /** Shows the question in the window (a bridge event); null when no window can ask (the CLI). */
    private readonly ask: ((request: ProxyLoginRequest) => boolean) | null,
    options: ProxyLoginOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 2;
    this.windowMs = options.windowMs ?? 10 * 60 * 1000;
    this.waitMs = options.waitMs ?? 5 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Credentials for `proxy` (`host:port`), or null: nobody can be asked, asked too often, or the coordinator cancelled. */
  request(proxy: string, realm: string | null = null): Promise<ProxyCredentials | null> {
    const shared = this.pending.get(proxy);
    if (shared) return shared;
    const now = this.now();
    const cancelled = this.cancelledAt.get(proxy);
    if (!this.ask || (cancelled !== undefined && now - cancelled < this.windowMs)) return Promise.resolve(null);
    const recent = (this.asked.get(proxy) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.maxAttempts) return Promise.resolve(null);
    this.asked.set(proxy, [...recent, now]);
    const request: ProxyLoginRequest = { id: crypto.randomBytes(12).toString('base64url'), proxy, realm, attempt: recent.length + 1 };
    const answer = new Promise<ProxyCredentials | null>((resolve) => {
      const timer = setTimeout(() => this.answer(request.id, null), this.waitMs);
      timer.unref?.();
      this.waiting.set(request.id, { request, resolve, timer });
    }).finally(() => this.pending.delete(proxy));
    this.pending.set(proxy, answer);
    if (!this.ask(request)) {
      // No window to ask (none open yet): not a "no" from the coordinator, so the next request may ask again.
      const open = this.waiting.get(request.id)!;
      this.waiting.delete(request.id);
      clearTimeout(open.timer);
      this.asked.set(proxy, recent);
      open.resolve(null);
    }
    return answer;
  }

  /** The coordinator's answer (null: Annuleren). False when the question is no longer open. */
  answer(id: string, credentials: ProxyCredentials | null): boolean {
    const open = this.waiting.get(id);
    if (!open) return false;
    this.waiting.delete(id);
    clearTimeout(open.timer);
    if (!credentials) this.cancelledAt.set(open.request.proxy, this.now());
    else this.cancelledAt.delete(open.request.proxy);
    open.resolve(credentials);
    return true;
  }

  /** The questions still open (a window that loads again shows them). */
  open(): ProxyLoginRequest[] {
    return [...this.waiting.values()].map((w) => w.request);
  }
}
