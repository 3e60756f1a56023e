import { z } from 'zod';
import { method, noInput } from './contract';

/** Why: one school location (BRIN6) is the unit of everything else; data never mixes between two of them. */
export const locationSchema = z.object({
  brin6: z.string(),
  name: z.string(),
});
export type Location = z.infer<typeof locationSchema>;

export const locationsMethods = {
  'locations:list-all': method({
    summary: 'De schoollocaties die in deze console zijn vastgelegd.',
    input: noInput,
    output: z.array(locationSchema),
  }),
};
