import { z } from 'zod';
import type { SyncRound } from '../../shared/bridge';
import { brin6Schema } from '../../shared/api/common';
import { cliMethod } from '../capability/cli-method';
import type { CliMethods } from '../capability/cli-method';
import type { CapabilityContext } from '../capability/context';
import type { EventListener, Handlers } from '../capability/handlers';
import { recordSignIn, recordSignOut } from '../accounts/accounts';
import { requireLocation } from '../locations/locations';

/** Sign-in per location and "Nu synchroniseren" / "Alles synchroniseren" (`sync:*`). */
export function syncMethods(ctx: CapabilityContext, subscribe: (listener: EventListener) => () => void): Pick<Handlers, Extract<keyof Handlers, `sync:${string}`>> {
  /** The rounds of a sync the handler asked for (`sync:sync-all` lists them in its answer). */
  const subscribeRounds = (listener: (round: SyncRound) => void) =>
    subscribe((name, payload) => {
      if (name === 'sync:round') listener(payload as SyncRound);
    });
  const offlineStatus = () => ({
    connection: ctx.settings.get().apiBaseUrl ? ('unknown' as const) : ('not-configured' as const),
    offlineSince: null,
    problem: null,
    nextRoundAt: null,
    pendingChanges: 0,
    locations: [],
  });
  return {
    'sync:get-status': () => ctx.sync()?.status() ?? offlineStatus(),
    'sync:sign-in': async ({ brin6, username, password }) => {
      requireLocation(ctx.requireDb(), brin6);
      await ctx.requireSync().signIn(brin6, username, password);
      recordSignIn(ctx.requireDb(), brin6, username);
      await ctx.requireSync().syncNow(brin6, { explicit: true });
      return ctx.requireSync().status();
    },
    'sync:sign-out': ({ brin6 }) => {
      // The token is forgotten here at once; the service is asked to forget it in the background (never waited for).
      void ctx.requireSync().signOut(brin6).then((revoked) => ctx.log.info('sync.sign-out', { brin6, revoked }));
      recordSignOut(ctx.requireDb(), brin6);
      return ctx.requireSync().status();
    },
    'sync:sync-all': async () => {
      const service = ctx.requireSync();
      // A background round already running is joined and one more follows: the last round per location counts.
      const rounds = new Map<string, SyncRound>();
      const off = subscribeRounds((round) => rounds.set(round.brin6, round));
      try {
        await service.syncNow(undefined, { explicit: true });
      } finally {
        off();
      }
      const status = service.status();
      return { status, rounds: [...rounds.values()], notSignedIn: status.locations.filter((l) => !l.signedIn).map((l) => ({ brin6: l.brin6, pending: l.pending })) };
    },
    'sync:sync-now': async (input) => {
      await ctx.requireSync().syncNow(input?.brin6, { explicit: true });
      return ctx.requireSync().status();
    },
  };
}

/**
 * The CLI's `sync` (main/capability/cli-method.ts): it keeps no secrets on disk, so it signs in and pushes with a token
 * of this run only (from the environment), never the vault.
 */
export function syncCliMethods(ctx: CapabilityContext) {
  const endpoint = { brin6: brin6Schema, baseUrl: z.string().min(1) };
  return {
    'cli:sign-in-once': cliMethod(z.object({ ...endpoint, username: z.string(), password: z.string() }), ({ baseUrl, brin6, username, password }) =>
      ctx.requireSync().signInOnce(baseUrl, brin6, username, password),
    ),
    'cli:sign-out-once': cliMethod(z.object({ baseUrl: z.string().min(1), token: z.string().min(1) }), ({ baseUrl, token }) =>
      ctx.requireSync().signOutOnce(baseUrl, token).then((revoked) => ({ revoked })),
    ),
    'cli:push-with-token': cliMethod(z.object({ ...endpoint, token: z.string().min(1), maxMs: z.number().int().positive() }), ({ brin6, ...push }) =>
      ctx.requireSync().pushWithToken(brin6, push),
    ),
  } satisfies CliMethods;
}
