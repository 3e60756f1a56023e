import { z } from 'zod';
import { method, noInput } from './contract';
import { brin6Schema } from '../api/common';

/** Why: only non-secret preferences live here; tokens never (they go to the OS keychain or stay in memory). */
export const settingsSchema = z.object({
  /** The address in use: IT's fixed one, the admin's, IT's default or the build's (main/settings/address.ts). */
  apiBaseUrl: z.string().nullable(),
  serviceAddress: z.object({
    source: z.enum(['policy', 'setting', 'policy-default', 'build', 'none']),
    /** False when IT's policy fixes the address (or forbids changing it). */
    changeable: z.boolean(),
    /** Where IT's policy for the address was found, or null. */
    policyWhere: z.string().nullable(),
  }),
  lastLocation: z.string().nullable(),
  /** The locations opened last, most recent first: the switcher lists them first. */
  recentLocations: z.array(z.string()),
  /** Confirming an import that removes more than this share (percent) of the confirmed pupils asks twice (default 10). */
  removalThresholdPercent: z.number(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** An API address must be https, or http on this machine only (the reference server during development). */
export const apiBaseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (value) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return false;
      }
      if (url.username || url.password || url.search || url.hash) return false;
      if (url.protocol === 'https:') return true;
      return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
    },
    { message: 'Vul een volledig adres in dat met https:// begint, zonder gebruikersnaam of ?-deel.' },
  );

export const settingsMethods = {
  'settings:get-all': method({
    summary: 'De bewaarde voorkeuren (API-adres, laatst gekozen locatie).',
    input: noInput,
    output: settingsSchema,
  }),
  'settings:set-api-base-url': method({
    summary: 'Legt het adres van de centrale dienst vast.',
    input: z.object({ apiBaseUrl: apiBaseUrlSchema }),
    output: settingsSchema,
  }),
  'settings:set-removal-threshold': method({
    summary: 'Legt vast bij welk deel (procent) van de leerlingen dat verdwijnt een import een tweede bevestiging vraagt.',
    input: z.object({
      percent: z
        .number({ message: 'Vul een percentage in van 1 tot en met 100.' })
        .int({ message: 'Vul een heel percentage in, bijvoorbeeld 10.' })
        .min(1, { message: 'Vul een percentage in van 1 tot en met 100.' })
        .max(100, { message: 'Vul een percentage in van 1 tot en met 100.' }),
    }),
    output: settingsSchema,
  }),
  'settings:set-last-location': method({
    summary: 'Onthoudt welke locatie (BRIN6) als laatste open stond.',
    input: z.object({
      brin6: brin6Schema,
    }),
    output: settingsSchema,
  }),
};
