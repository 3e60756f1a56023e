import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { requireLocation } from '../locations/locations';
import { allowlistView, checkAddress, saveAllowlist } from './allowlist';

/** Toetsbeveiliging: the school's IP addresses, and "Controleer dit adres" (what the service sees this PC as). */
export function allowlistApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `allowlist:${string}`>> {
  return {
    'allowlist:get': ({ brin6 }) => allowlistView(ctx.requireDb(), brin6, ctx.today()),
    'allowlist:save': ({ brin6, entries }) => ctx.mutation(brin6, saveAllowlist(ctx.requireDb(), brin6, entries, ctx.today())),
    'allowlist:check-this-pc': async ({ brin6 }) => {
      requireLocation(ctx.requireDb(), brin6);
      const seen = await ctx.requireSync().whoami(brin6);
      return checkAddress(ctx.requireDb(), brin6, seen);
    },
  };
}
