import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { requireLocation } from '../locations/locations';
import { ServiceError } from '../errors/service-error';
import { whoamiSchema } from '../../shared/api/resources';
import { allowlistView, checkAddress, saveAllowlist } from './allowlist';

/**
 * GET /v1/whoami with this location's token: the address the service sees this PC as (the IP check of seed 002). The
 * sync engine keeps the connection and the sign-in (askFor); the words are this capability's. Throws a Dutch
 * 'unavailable' when there is no sign-in, no connection, or no usable answer.
 */
async function whoami(ctx: CapabilityContext, brin6: string): Promise<string> {
  const answer = await ctx.requireSync().askFor(brin6, 'whoami');
  switch (answer.kind) {
    case 'not-signed-in':
      throw new ServiceError('unavailable', `Meld je eerst aan voor ${brin6}; de controle vraagt de centrale dienst welk adres hij van deze pc ziet.`);
    case 'unreachable':
    case 'timeout':
      throw new ServiceError('unavailable', `Het adres van deze pc kan nu niet worden gecontroleerd. ${answer.message}`);
    case 'sign-in':
      throw new ServiceError('unavailable', 'Je sessie is verlopen. Meld je opnieuw aan en controleer het adres dan nog eens.');
    case 'answer': {
      const parsed = whoamiSchema.safeParse(answer.body);
      if (answer.status !== 200 || !parsed.success) throw new ServiceError('unavailable', `De centrale dienst kon het adres niet geven (status ${answer.status}). Probeer het later opnieuw.`);
      return parsed.data.address;
    }
  }
}

/** Toetsbeveiliging: the school's IP addresses, and "Controleer dit adres" (what the service sees this PC as). */
export function allowlistApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `allowlist:${string}`>> {
  return {
    'allowlist:get': ({ brin6 }) => allowlistView(ctx.requireDb(), brin6, ctx.today()),
    'allowlist:save': ({ brin6, entries }) => ctx.mutation(brin6, saveAllowlist(ctx.requireDb(), brin6, entries, ctx.today())),
    'allowlist:check-this-pc': async ({ brin6 }) => {
      requireLocation(ctx.requireDb(), brin6);
      return checkAddress(ctx.requireDb(), brin6, await whoami(ctx, brin6));
    },
  };
}
