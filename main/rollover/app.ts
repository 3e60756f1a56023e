import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { applyPlan, computePlan, undoPlan } from './rollover';

/** A new school year: the plan, applying it as one change, and undoing it as one (issue 37). */
export function rolloverApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `rollover:${string}`>> {
  return {
    'rollover:get-plan': (input) => computePlan(ctx.requireDb(), input).view,
    'rollover:apply': (input) => ctx.mutation(input.brin6, applyPlan(ctx.requireDb(), input, ctx.today())),
    'rollover:undo': ({ brin6 }) => ctx.mutation(brin6, undoPlan(ctx.requireDb(), brin6)),
  };
}
