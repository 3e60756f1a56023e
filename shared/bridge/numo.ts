import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { NUMO_LEVELS } from '../domain/numo';
import { method } from './contract';
import { syncStateSchema } from './sync';
import { emailText, freeText } from '../domain/text';

/**
 * The Numo coupling of one location (seed 004): the registration Cito asks for on cito.nl/cito-numo, the
 * terugstuuroptie, how many pupils of the confirmed import can be matched (on pupil number = Numo user name, or on
 * eck-id), and the Cito import file a Somtoday school sends to Kurve. Offline first: saving stores it locally with
 * its outbox entry (PUT /numo); `sync` says whether the service has it yet.
 */
const brin6Input = z.object({ brin6: brin6Schema });

const text = (label: string, max: number) => freeText({ field: label, max, required: `Vul ${label} in.` });

/** The salutation of the contact person; the form offers "Meneer" (the seed's default) and "Mevrouw", or none. */
export const aanhefSchema = z.enum(['meneer', 'mevrouw', 'geen'], { message: 'Kies een aanhef: meneer, mevrouw of geen.' });
export type Aanhef = z.infer<typeof aanhefSchema>;

export const numoLevelSchema = z.enum(NUMO_LEVELS, { message: 'Kies een niveau: vmbo-bb, vmbo-kb, vmbo-gt, havo of vwo.' });

/**
 * What the administrator fills in. BRIN is not here: it is always the location's own BRIN6 (read-only on screen).
 * `korteSchoolnaam` is the school's short name in Numo; Kurve's support finds the school by it, and the Kurve file
 * name carries it.
 */
export const numoRegistrationInputSchema = z.object({
  klantnummer: freeText({ field: 'het klantnummer', max: 32, required: 'Vul het klantnummer van Cito in.' })
    .regex(/^[0-9]+$/, { message: 'Het klantnummer van Cito bestaat alleen uit cijfers (zie de factuur of de webshop van Cito).' }),
  schoolnaam: text('de naam van de school of onderwijsorganisatie', 256),
  aanhef: aanhefSchema,
  voornaam: text('de voornaam', 64),
  achternaam: text('de achternaam', 128),
  email: emailText(),
  maximumNiveau: numoLevelSchema,
  korteSchoolnaam: text('de korte schoolnaam in Numo', 64),
  terugstuuroptie: z
    .number({ message: 'Kies een terugstuuroptie van −2 tot en met +2.' })
    .int({ message: 'Kies een terugstuuroptie van −2 tot en met +2.' })
    .min(-2, { message: 'Kies een terugstuuroptie van −2 tot en met +2.' })
    .max(2, { message: 'Kies een terugstuuroptie van −2 tot en met +2.' }),
});
export type NumoRegistrationInput = z.infer<typeof numoRegistrationInputSchema>;

/** The stored registration: the input plus the location's BRIN6 (the form's read-only "BRIN nummer"). */
export const numoRegistrationSchema = numoRegistrationInputSchema.extend({ brin6: z.string(), updatedAt: z.string() });
export type NumoRegistration = z.infer<typeof numoRegistrationSchema>;


/** A pupil of the confirmed import that Numo cannot match: no pupil number (gebruikersnaam) and no eck-id. */
export const unmatchablePupilSchema = z.object({
  key: z.string(),
  /** Roepnaam (or voornamen), voorvoegsel, achternaam. */
  name: z.string(),
  /** The class name (stamgroep), null when the pupil has none. */
  groep: z.string().nullable(),
});
export type UnmatchablePupil = z.infer<typeof unmatchablePupilSchema>;

/** How the confirmed import's pupils can be matched to Numo's (seed: pupil number = Numo user name, or eck-id). */
export const numoMatchingSchema = z.object({
  hasConfirmedImport: z.boolean(),
  schooljaar: z.string().nullable(),
  pupils: z.number().int().nonnegative(),
  withGebruikersnaam: z.number().int().nonnegative(),
  withEckid: z.number().int().nonnegative(),
  /** Pupils with neither: they cannot be coupled. */
  withNeither: z.number().int().nonnegative(),
  /** Those pupils, sorted by class and name, at most `UNMATCHABLE_LIST_LIMIT`; `withNeither` is the total. */
  unmatchable: z.array(unmatchablePupilSchema),
});
export type NumoMatching = z.infer<typeof numoMatchingSchema>;
export const UNMATCHABLE_LIST_LIMIT = 500;

export const numoViewSchema = z.object({
  brin6: z.string(),
  /** null: nothing filled in yet for this location. */
  registration: numoRegistrationSchema.nullable(),
  /** null when there is no registration. */
  sync: syncStateSchema.nullable(),
  matching: numoMatchingSchema,
});
export type NumoView = z.infer<typeof numoViewSchema>;

export const kurveExportSchema = z.object({
  /** `<korte-schoolnaam>_<BRIN6>_<schooljaar>.xml`, safe characters only. */
  fileName: z.string(),
  /** EDEXML 2.1, UTF-8, valid against the official XSD. */
  xml: z.string(),
  /** The ready-to-send text for support@kurve.nl, naming the korte schoolnaam. */
  message: z.string(),
  /** Address the message goes to. */
  to: z.string(),
  subject: z.string(),
  counts: z.object({
    groepen: z.number().int().nonnegative(),
    leerlingen: z.number().int().nonnegative(),
    withEckid: z.number().int().nonnegative(),
    withGebruikersnaam: z.number().int().nonnegative(),
  }),
});
export type KurveExport = z.infer<typeof kurveExportSchema>;

export const numoMethods = {
  'numo:get': method({
    summary: 'De Numo-aanmelding van deze locatie, de synchronisatie en hoeveel leerlingen te koppelen zijn.',
    input: brin6Input,
    output: numoViewSchema,
  }),
  'numo:save': method({
    summary: 'Legt de Numo-aanmelding en terugstuuroptie vast (en zet ze in de wachtrij voor de centrale dienst).',
    input: z.object({ brin6: brin6Schema, registration: numoRegistrationInputSchema }),
    output: numoViewSchema,
  }),
  'numo:export-kurve': method({
    summary: 'Maakt het Cito-importbestand voor Kurve (EDEXML 2.1 van het bevestigde bestand) met het bericht erbij.',
    input: brin6Input,
    output: kurveExportSchema,
  }),
};
