import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { addLocation } from '../accounts/accounts';
import { listLocations, removeLocation, requireLocation } from '../locations/locations';
import { locationOverview, locationsOverview } from './overview';

/**
 * The `locations:*` methods: "Mijn schoollocaties" and each location's progress. They live with the overview (the
 * read model over every capability) because the locations table itself is platform, below every capability.
 */
export function locationsApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `locations:${string}`>> {
  const overviewDeps = () => ({
    db: ctx.requireDb(),
    signedIn: (brin6: string) => ctx.vault.load(brin6) !== null,
    apiConfigured: ctx.settings.get().apiBaseUrl !== null,
    today: ctx.today(),
  });
  return {
    'locations:list-all': () => listLocations(ctx.requireDb()),
    'locations:add': (input) => addLocation(ctx.requireDb(), input),
    'locations:remove': ({ brin6 }) => {
      const db = ctx.requireDb();
      removeLocation(db, brin6);
      ctx.vault.clear(brin6);
      ctx.settings.clearLastLocation(brin6);
      ctx.statusChanged();
      return listLocations(db);
    },
    'locations:get-overview': () => locationsOverview(overviewDeps()),
    'locations:get-progress': ({ brin6 }) => {
      const overview = locationOverview(overviewDeps(), brin6);
      if (!overview) requireLocation(ctx.requireDb(), brin6);
      return overview!;
    },
  };
}
