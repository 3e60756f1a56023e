import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { rosterClassPupils, rosterClasses, searchPupils } from './store';

/** Steps 4–5: the classes and pupils as the service has them (read-only here). */
export function rosterApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `roster:${string}`>> {
  return {
    'roster:get-classes': ({ brin6 }) => rosterClasses(ctx.requireDb(), brin6),
    'roster:get-class-pupils': ({ brin6, classKey }) => rosterClassPupils(ctx.requireDb(), brin6, classKey),
    'roster:search-pupils': ({ brin6, query }) => searchPupils(ctx.requireDb(), brin6, query),
  };
}
