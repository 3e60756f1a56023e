import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { method } from './contract';

/**
 * A new school year in one sitting (issue 37): the plan that carries every colleague's classes into the confirmed
 * file from the file's own evidence, applied as one change and undone as one.
 */
export const strategySchema = z.enum(['file', 'follow', 'name']);
export const reasonSchema = z.enum(['volgens het bestand', 'klas volgt leerlingen', 'zelfde naam', 'blijft', 'vervalt']);

const choiceSchema = z.object({ userId: z.string().min(1).max(64), roleIndex: z.number().int().nonnegative().max(19), strategies: z.array(strategySchema).min(1).max(3) });

export const rolloverRequestSchema = z.object({
  brin6: brin6Schema,
  /** In order of preference (default: the file's links, then the class that follows its pupils, then the same name). */
  strategies: z.array(strategySchema).min(1).max(3).optional(),
  /** Per colleague and role, other strategies than the default (the screen's choices and bulk choices). */
  choices: z.array(choiceSchema).max(4000).optional(),
});

const classRef = z.object({ key: z.string(), naam: z.string() });

export const rolloverPlanSchema = z.object({
  brin6: z.string(),
  /** Null when there is nothing to compare: the location has no earlier confirmed file with its data kept. */
  available: z.boolean(),
  reason: z.string().nullable(),
  from: z.object({ schooljaar: z.string().nullable(), sourceName: z.string().nullable() }).nullable(),
  to: z.object({ schooljaar: z.string().nullable(), sourceName: z.string().nullable() }).nullable(),
  succession: z.array(z.object({ from: classRef, successor: classRef.nullable(), line: z.string() })),
  colleagues: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      access: z.boolean(),
      changed: z.boolean(),
      roles: z.array(
        z.object({
          index: z.number().int(),
          label: z.string(),
          kind: z.enum(['leerlingbegeleider', 'vakdocent']),
          current: z.array(classRef),
          proposed: z.array(classRef),
          reasons: z.array(z.object({ from: classRef.nullable(), to: classRef.nullable(), reason: reasonSchema })),
          strategies: z.array(strategySchema),
          fileKnown: z.boolean(),
        }),
      ),
      /** Classes in which the colleague will see something afterwards (names). */
      sees: z.array(z.string()),
    }),
  ),
  seeNothing: z.array(z.object({ id: z.string(), name: z.string() })),
  uncovered: z.array(classRef),
  changes: z.number().int().nonnegative(),
  /** The last applied plan that *Terugdraaien* restores, or null. */
  undo: z.object({ appliedAt: z.string(), colleagues: z.number().int() }).nullable(),
  /**
   * What this plan would write and what it rests on (both files, every changed colleague's roles now and after), as a
   * digest: `rollover:apply` names it, so what is applied is what was reviewed. Null when there is no plan.
   */
  revision: z.string().nullable(),
});
export type RolloverPlanView = z.infer<typeof rolloverPlanSchema>;

export const rolloverApplySchema = rolloverRequestSchema.extend({
  /** The `revision` of the plan the admin looked at: a plan that changed since (another file, other roles) is refused. */
  revision: z.string().min(1).max(128),
});

export const rolloverUndoneSchema = rolloverPlanSchema.extend({
  /** Colleagues whose classes were changed after the plan: left as they are now (never overwritten by the undo). */
  kept: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type RolloverUndone = z.infer<typeof rolloverUndoneSchema>;

export const rolloverMethods = {
  'rollover:get-plan': method({
    summary: 'Het plan voor het nieuwe schooljaar: per collega en rol de huidige klassen, het voorstel en de reden.',
    input: rolloverRequestSchema,
    output: rolloverPlanSchema,
  }),
  'rollover:apply': method({
    summary: 'Voert het bekeken plan uit als één wijziging (één logregel, rollen in de wachtrij voor de centrale dienst).',
    input: rolloverApplySchema,
    output: rolloverPlanSchema,
  }),
  'rollover:undo': method({
    summary: 'Terugdraaien: zet de rollen van de collega\'s terug zoals ze waren vóór het laatst uitgevoerde plan (wie daarna is gewijzigd, blijft zo).',
    input: z.object({ brin6: brin6Schema }),
    output: rolloverUndoneSchema,
  }),
};
