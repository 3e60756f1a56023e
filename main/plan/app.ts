import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { removeTask, saveTask, schoolYearPlan } from './plan';

/** The Jaarplan Leerling in beeld VO per school year (`plan:*`): stored locally, not synced. */
export function planApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `plan:${string}`>> {
  return {
    'plan:get': ({ brin6, schooljaar }) => schoolYearPlan(ctx.requireDb(), brin6, schooljaar, ctx.today()),
    'plan:save-task': ({ brin6, schooljaar, task }) => saveTask(ctx.requireDb(), brin6, schooljaar, task, ctx.today()),
    'plan:remove-task': ({ brin6, schooljaar, id }) => removeTask(ctx.requireDb(), brin6, schooljaar, id, ctx.today()),
  };
}
