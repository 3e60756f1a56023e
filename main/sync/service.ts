import type Database from 'better-sqlite3';
import type { SettingsStore } from '../settings/settings';
import { ServiceError } from '../errors/service-error';
import { createSession, deleteSession, probeService } from './client';
import { pushLocation, pushUntilIdle } from './pusher';
import type { PushResult } from './pusher';
import type { SignInResult } from './client';
import { request } from './request';
import type { Answer, Endpoint, PullOutcome } from './request';
import type { RouteId, RouteParams } from '../../shared/api/routes';
import type { SyncRegistry } from './resources';
import { recordRoundSuccess, syncStatus } from './status';
import type { NetworkProblem } from '../../shared/domain/network';
import type { Transport } from '../transport/transport';

/**
 * Where session tokens live between runs. Electron: encrypted with the OS keychain (safeStorage); browser mode and
 * the CLI: memory only (a restart asks to sign in again). Never a plain file, never a log line.
 */
export interface TokenVault {
  load(brin6: string): string | null;
  save(brin6: string, token: string): void;
  clear(brin6: string): void;
}

export function memoryVault(): TokenVault {
  const tokens = new Map<string, string>();
  return {
    load: (brin6) => tokens.get(brin6) ?? null,
    save: (brin6, token) => void tokens.set(brin6, token),
    clear: (brin6) => void tokens.delete(brin6),
  };
}

/** `unknown`: an address is set but nothing has been asked of the service yet (never shown as "offline"). */
export type Connection = 'not-configured' | 'unknown' | 'online' | 'offline';

/** What the support log says of one sync round of one location. */
export interface SyncRoundSummary {
  readonly [field: string]: string | number | null;
  readonly brin6: string;
  readonly outcome: 'ok' | 'offline' | 'sign-in' | 'error';
  /** Why the service gave no answer (`tls.untrusted`, `diverted.page`, …), or null: a code, never a URL. */
  readonly cause: string | null;
  readonly sent: number;
  readonly failed: number;
  readonly pending: number | null;
  readonly ms: number;
}

/**
 * The sync engine as the app uses it: sign-in per location (one token per BRIN6), push and pull per location, and
 * an honest connection state: online after the service answered, offline after it could not be reached.
 */
export class SyncService {
  private connection: Connection;
  /** Since when the service could not be reached (epoch ms), while offline. */
  private offlineSince: number | null = null;
  /** Why the service gave no answer, while offline (or after a timeout): shown by every screen and the CLI. */
  private problem: NetworkProblem | null = null;
  /** Per BRIN6: why the last sign-in was refused (wrong password, other location), until a sign-in succeeds. */
  private readonly refusals = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private nextRoundAt: number | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly settings: SettingsStore,
    private readonly vault: TokenVault,
    /** What the features registered (main/app/sync-resources.ts), and which locations there are (main/locations). */
    private readonly wiring: { readonly registry: SyncRegistry; readonly locations: () => readonly string[] },
    /** Called after anything that may change the status (sign-in, a sync round). */
    private readonly notify: () => void = () => {},
    /** One summary per location and round, for the support log: counts and codes only. */
    private readonly onRound: (round: SyncRoundSummary) => void = () => {},
    /** The one transport of this process (main/transport): every request of the engine goes through it. */
    private readonly transport: () => Transport,
  ) {
    this.connection = settings.get().apiBaseUrl ? 'unknown' : 'not-configured';
  }

  /** `problem`: why there is no answer (offline), or a timeout seen while the service otherwise answers. */
  private setConnection(next: Connection, problem: NetworkProblem | null = null): void {
    if (next === 'offline' && this.connection !== 'offline') this.offlineSince = Date.now();
    if (next !== 'offline') this.offlineSince = null;
    this.connection = next;
    this.problem = problem;
  }

  private endpoint(baseUrl: string) {
    return { baseUrl, transport: this.transport() };
  }

  /** Asks the service whether it answers, and records why not. */
  private async probeConnection(baseUrl: string): Promise<void> {
    const problem = await probeService(this.endpoint(baseUrl));
    this.setConnection(problem ? 'offline' : 'online', problem);
  }

  /**
   * Asks the service whether it answers at all (GET /v1/health, no sign-in): so "bereikbaar" or "niet bereikbaar"
   * is true before anyone has signed in. Rounds with a signed-in location learn it from their own requests.
   */
  async probe(): Promise<Connection> {
    const baseUrl = this.settings.get().apiBaseUrl;
    if (!baseUrl) this.setConnection('not-configured');
    else await this.probeConnection(baseUrl);
    this.notify();
    return this.connection;
  }

  private baseUrl(): string {
    const url = this.settings.get().apiBaseUrl;
    if (!url) throw new ServiceError('unavailable', 'Stel eerst het adres van de centrale dienst in.');
    return url;
  }

  async signIn(brin6: string, username: string, password: string): Promise<void> {
    const result = await createSession(this.endpoint(this.baseUrl()), brin6, username, password);
    if (result.ok || !result.unreachable) this.setConnection('online');
    else this.setConnection('offline', result.problem);
    if (!result.ok) {
      // Refused: the service answered (so it is reachable) and said no; the screens say that, not "niet bereikbaar".
      if (!result.unreachable) this.refusals.set(brin6, result.message);
      this.notify();
      throw new ServiceError(result.unreachable ? 'unavailable' : 'forbidden', result.message);
    }
    this.refusals.delete(brin6);
    this.vault.save(brin6, result.token);
    this.notify();
  }

  /**
   * Forgets the token of one location at once (its queue stays and is sent after the next sign-in), and asks the
   * service to forget it too (DELETE /v1/sessions, in the background: offline, signing out still works here).
   * Resolves when the service was asked: true when it forgot the token.
   */
  signOut(brin6: string): Promise<boolean> {
    const token = this.vault.load(brin6);
    this.vault.clear(brin6);
    this.refusals.delete(brin6);
    this.notify();
    const baseUrl = this.settings.get().apiBaseUrl;
    if (!token || !baseUrl) return Promise.resolve(false);
    return deleteSession({ ...this.endpoint(baseUrl), token }).catch(() => false);
  }

  /** The CLI's sign-out of a token it signed in for itself (`signInOnce`). */
  signOutOnce(baseUrl: string, token: string): Promise<boolean> {
    return deleteSession({ ...this.endpoint(baseUrl), token }).catch(() => false);
  }

  isSignedIn(brin6: string): boolean {
    return this.vault.load(brin6) !== null;
  }

  /**
   * Pushes, then pulls, every signed-in location (or one); a location without token is skipped, not blocked.
   * `explicit`: the user asked (sync-now, sign-in), so the service's classes and pupils are fetched again too.
   * While a round runs, a request is never just joined: that round may have pushed already, or be for another
   * location, so the change that asked would wait for the next interval. It gets one more round right after the
   * running one — shared by every request made meanwhile, for the locations they named (explicit: its own round).
   */
  syncNow(only?: string, options: { explicit?: boolean } = {}): Promise<void> {
    if (this.running && options.explicit) {
      const again = () => this.syncNow(only, options);
      return this.running.then(again, again);
    }
    if (this.running) {
      if (!this.next) {
        const next: { locations: Set<string> | 'all'; done: Promise<void> } = { locations: new Set(), done: Promise.resolve() };
        const run = () => {
          this.next = null;
          return this.startRound(next.locations, false);
        };
        next.done = this.running.then(run, run);
        this.next = next;
      }
      if (only === undefined) this.next.locations = 'all';
      else if (this.next.locations !== 'all') this.next.locations.add(only);
      return this.next.done;
    }
    return this.startRound(only === undefined ? 'all' : new Set([only]), options.explicit ?? false);
  }

  /** The follow-up round asked for while another ran: which locations, and its promise. */
  private next: { locations: Set<string> | 'all'; done: Promise<void> } | null = null;

  private startRound(locations: ReadonlySet<string> | 'all', explicit: boolean): Promise<void> {
    // Another round began first (an explicit one): these locations are asked for after it, not widened to all.
    if (this.running) return locations === 'all' ? this.syncNow(undefined, { explicit }) : Promise.all([...locations].map((b) => this.syncNow(b, { explicit }))).then(() => {});
    this.running = this.runOnce(locations, explicit).finally(() => {
      this.running = null;
      this.notify();
    });
    return this.running;
  }

  private async runOnce(only: ReadonlySet<string> | 'all', explicit: boolean): Promise<void> {
    const wanted = (brin6: string) => only === 'all' || only.has(brin6);
    const baseUrl = this.settings.get().apiBaseUrl;
    if (!baseUrl) {
      this.setConnection('not-configured');
      return;
    }
    const locations = this.wiring.locations().map((brin6) => ({ brin6 }));
    // Nobody signed in: no request of a round says whether the service answers, so ask it.
    if (!locations.some(({ brin6 }) => wanted(brin6) && this.vault.load(brin6) !== null)) {
      await this.probeConnection(baseUrl);
      return;
    }
    for (const { brin6 } of locations) {
      if (!wanted(brin6)) continue;
      const token = this.vault.load(brin6);
      if (!token) continue;
      const started = Date.now();
      const connection = { baseUrl, token, transport: this.transport() };
      const { registry } = this.wiring;
      const before = await this.pullBeforePush(brin6, connection, explicit);
      if (before.some((o) => o.needsSignIn)) {
        this.vault.clear(brin6);
        this.onRound({ brin6, outcome: 'sign-in', sent: 0, failed: 0, pending: null, ms: Date.now() - started, cause: null });
        continue;
      }
      const pushed = await pushLocation(this.db, brin6, { registry, ...connection });
      // After it, in order, as long as the service answers: e.g. the users feed, then the classes and pupils.
      const after: PullOutcome[] = [];
      for (const puller of registry.pullers.filter((p) => p.phase === 'after-push')) {
        if (pushed.needsSignIn || after.some((o) => o.needsSignIn || o.unreachable)) break;
        if (puller.due?.(this.db, brin6, explicit) ?? true) after.push(await puller.pull(this.db, brin6, connection, explicit));
      }
      const pulls = [...before, ...after];
      const needsSignIn = pushed.needsSignIn || pulls.some((o) => o.needsSignIn);
      if (needsSignIn) this.vault.clear(brin6);
      const problem = pushed.problem ?? pulls.find((o) => o.problem)?.problem ?? null;
      this.setConnection(pushed.unreachable || pulls.some((o) => o.unreachable) ? 'offline' : 'online', problem);
      // Clean: nothing went wrong, and the pulls after the push were not cut short by a push that needs a sign-in.
      const clean = pushed.error === null && !pushed.needsSignIn && pulls.every((o) => o.error === null);
      if (clean) recordRoundSuccess(this.db, brin6);
      this.onRound({
        brin6,
        outcome: needsSignIn ? 'sign-in' : this.connection === 'offline' ? 'offline' : clean ? 'ok' : 'error',
        sent: pushed.delivered,
        failed: pushed.failed,
        pending: pushed.pending,
        ms: Date.now() - started,
        cause: problem?.code ?? null,
      });
    }
  }

  /** Before the push: e.g. the service's Numo and allowlist versions (once, or when asked), for the right If-Match. */
  private async pullBeforePush(brin6: string, connection: Endpoint & { readonly token: string }, explicit: boolean): Promise<PullOutcome[]> {
    const before: PullOutcome[] = [];
    for (const puller of this.wiring.registry.pullers.filter((p) => p.phase === 'before-push')) {
      if (before.some((o) => o.needsSignIn || o.unreachable)) break;
      if (puller.due?.(this.db, brin6, explicit) ?? true) before.push(await puller.pull(this.db, brin6, connection, explicit));
    }
    return before;
  }

  /**
   * The CLI's `sync`: the push part of a round with a token of this run only (never stored), at `baseUrl` (--api),
   * waiting out retries for at most `maxMs`. The versions first (those not yet known), as in a round; no pull after it.
   */
  async pushWithToken(brin6: string, push: { readonly baseUrl: string; readonly token: string; readonly maxMs: number }): Promise<PushResult> {
    const connection = { ...this.endpoint(push.baseUrl), token: push.token };
    await this.pullBeforePush(brin6, connection, false);
    return pushUntilIdle(this.db, brin6, { registry: this.wiring.registry, ...connection, maxMs: push.maxMs });
  }

  /** The CLI's sign-in: a token for this run only, at `baseUrl`; nothing is kept (no vault, no connection state). */
  signInOnce(baseUrl: string, brin6: string, username: string, password: string): Promise<SignInResult> {
    return createSession(this.endpoint(baseUrl), brin6, username, password);
  }

  /**
   * A request a feature makes for one location with its token, outside a round (the IP check's GET /v1/whoami): the
   * engine keeps what the answer says of the connection and the sign-in — unreachable marks the console offline, a
   * 401 ends the location's session — and the feature words the outcome. 'not-signed-in': no token to send.
   */
  async askFor(brin6: string, routeId: RouteId, params: RouteParams = {}): Promise<Answer | { readonly kind: 'not-signed-in' }> {
    const token = this.vault.load(brin6);
    if (!token) return { kind: 'not-signed-in' };
    const answer = await request({ ...this.endpoint(this.baseUrl()), token }, routeId, params);
    if (answer.kind === 'unreachable' || answer.kind === 'timeout') {
      this.setConnection(answer.kind === 'timeout' ? this.connection : 'offline', answer.problem);
      this.notify();
      return answer;
    }
    this.setConnection('online');
    if (answer.kind === 'sign-in') {
      this.vault.clear(brin6);
      this.notify();
    }
    return answer;
  }

  /** Background sync every `intervalMs` while the app runs. */
  start(intervalMs = 30_000): void {
    this.nextRoundAt = Date.now() + intervalMs;
    this.timer ??= setInterval(() => {
      this.nextRoundAt = Date.now() + intervalMs;
      // A round still running (many locations, a slow service) is the interval's round: no second one after it.
      void (this.running ?? this.syncNow()).catch(() => {});
    }, intervalMs);
    this.timer.unref();
    // The first look right away: the status bar should not wait half a minute to say whether the service answers.
    void this.syncNow().catch(() => {});
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.nextRoundAt = null;
  }

  status() {
    const locations = syncStatus(this.db, this.wiring.locations()).map((l) => ({ ...l, signedIn: this.vault.load(l.brin6) !== null, signInRefused: this.refusals.get(l.brin6) ?? null }));
    if (!this.settings.get().apiBaseUrl) this.setConnection('not-configured');
    else if (this.connection === 'not-configured') this.setConnection('unknown');
    return {
      connection: this.connection,
      offlineSince: this.offlineSince === null ? null : new Date(this.offlineSince).toISOString(),
      problem: this.problem ? { cause: this.problem.cause, code: this.problem.code, message: this.problem.message } : null,
      nextRoundAt: this.nextRoundAt === null ? null : new Date(this.nextRoundAt).toISOString(),
      pendingChanges: locations.reduce((n, l) => n + l.pending, 0),
      locations,
    };
  }
}
