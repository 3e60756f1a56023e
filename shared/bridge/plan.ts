import { z } from 'zod';
import { freeText } from '../domain/text';
import { brin6Schema } from '../api/common';
import { PLAN_ROLES, isSchooljaar } from '../domain/plan';
import { method } from './contract';

/**
 * The school-year plan for Leerling in beeld VO (seed 001): per location and school year a checklist of the seed's
 * tasks per role, pre-filled, plus the school's own tasks. Local to the console (no API resource for it).
 */
export const schooljaarSchema = z.string().refine(isSchooljaar, { message: 'Een schooljaar schrijf je als 2025-2026 (twee opeenvolgende jaren).' });

export const planRoleSchema = z.enum(PLAN_ROLES, { message: 'Kies wie de taak uitvoert: management, coördinator, beheerder Woots, docenten of kwaliteitsmedewerkers.' });

export const planTaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  ownerRole: planRoleSchema,
  /** YYYY-MM-DD, or null: no date set. */
  due: z.string().nullable(),
  done: z.boolean(),
  note: z.string(),
  /** A task of seed 001: it can be ticked off, dated and annotated, not renamed or removed. */
  fromSeed: z.boolean(),
  /** Not done and its due date is before today. */
  overdue: z.boolean(),
});
export type PlanTask = z.infer<typeof planTaskSchema>;

export const schoolYearPlanSchema = z.object({
  brin6: z.string(),
  schooljaar: z.string(),
  tasks: z.array(planTaskSchema),
  counts: z.object({
    total: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    overdue: z.number().int().nonnegative(),
  }),
});
export type SchoolYearPlan = z.infer<typeof schoolYearPlanSchema>;

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Gebruik een datum als jjjj-mm-dd, bijvoorbeeld 2025-10-01.' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: 'Deze datum bestaat niet.' });

/**
 * A task to add (no `id`) or update (`id` of an existing task). For a seed task only `due`, `done` and `note` are
 * taken; its title and role stay the seed's.
 */
export const planTaskInputSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  title: freeText({ field: 'de omschrijving', max: 300, required: 'Vul in wat er moet gebeuren.' }),
  ownerRole: planRoleSchema,
  due: dateSchema.nullable(),
  done: z.boolean(),
  note: freeText({ field: 'de notitie', max: 2000 }),
});
export type PlanTaskInput = z.infer<typeof planTaskInputSchema>;

const planInput = z.object({ brin6: brin6Schema, schooljaar: schooljaarSchema });

export const planMethods = {
  'plan:get': method({
    summary: 'Het jaarplan Leerling in beeld VO van deze locatie en dit schooljaar: taken per rol, wat af is en wat te laat is.',
    input: planInput,
    output: schoolYearPlanSchema,
  }),
  'plan:save-task': method({
    summary: 'Voegt een taak toe aan het jaarplan of wijzigt er een (datum, afgevinkt, notitie).',
    input: planInput.extend({ task: planTaskInputSchema }),
    output: schoolYearPlanSchema,
  }),
  'plan:remove-task': method({
    summary: 'Verwijdert een eigen taak uit het jaarplan (taken uit het stappenplan blijven staan).',
    input: planInput.extend({ id: z.string().min(1).max(64) }),
    output: schoolYearPlanSchema,
  }),
};
