import { z } from 'zod';
import { apiBaseUrlSchema } from './settings';
import { brin6Schema } from '../api/common';
import { NETWORK_CAUSES } from '../domain/network';
import { method, noInput } from './contract';

/** Why the service gave no answer, as every screen shows it (shared/domain/network.ts). */
export const networkProblemSchema = z.object({
  cause: z.enum(NETWORK_CAUSES),
  code: z.string(),
  message: z.string(),
});

/** One certificate of the school's file, as the support dialog lists it. */
export const certificateSummarySchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  validTo: z.string(),
  isCa: z.boolean(),
});

/**
 * "Verbinding testen" (issue 30, point 4): each leg through the same transport the sync uses — which proxy, which
 * certificate was shown, whether /v1/health answers, and the public address the service sees (when signed in) —
 * plus `text`, the same as plain Dutch lines to copy for the helpdesk.
 */
export const connectionCheckSchema = z.object({
  checkedAt: z.string(),
  /** The service's address without credentials, path or query (null when none is set). */
  service: z.string().nullable(),
  transport: z.enum(['electron', 'node']),
  /** The proxy in use (`http://proxy.school.nl:8080`), or null for a direct connection. */
  proxy: z.string().nullable(),
  /** Where the school's extra certificates come from, or null (the system's only). */
  extraCertificates: z.string().nullable(),
  tls: z
    .object({ subject: z.string(), issuer: z.string(), validTo: z.string(), trusted: z.boolean(), error: z.string().nullable() })
    .nullable(),
  health: z.object({ ok: z.boolean(), status: z.number().int().nullable(), problem: networkProblemSchema.nullable() }),
  /** The public address the service sees; null with `addressNote` when it could not be asked. */
  publicAddress: z.string().nullable(),
  addressNote: z.string().nullable(),
  /** The whole report as lines, for "Kopiëren". */
  text: z.string(),
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

export const schoolCertificatesSchema = z.object({
  certificates: z.array(certificateSummarySchema),
});

/** A proxy that wants a sign-in (407): the window asks the coordinator (event `network:proxy-login`). */
export const proxyLoginRequestSchema = z.object({
  id: z.string(),
  /** `host:port` of the proxy. */
  proxy: z.string(),
  realm: z.string().nullable(),
  /** 2 after the proxy refused what was typed. */
  attempt: z.number().int().positive(),
});
export type ProxyLoginRequest = z.infer<typeof proxyLoginRequestSchema>;

const loginId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const networkMethods = {
  'network:answer-proxy-login': method({
    summary: 'Gebruikersnaam en wachtwoord voor de proxy van het schoolnetwerk, op de vraag van de console (alleen in het geheugen bewaard).',
    input: z.object({
      id: loginId,
      username: z.string().trim().min(1, { message: 'Vul je gebruikersnaam voor de proxy in.' }).max(256),
      password: z.string().min(1, { message: 'Vul je wachtwoord voor de proxy in.' }).max(1024),
    }),
    output: z.object({ accepted: z.boolean() }),
  }),
  'network:cancel-proxy-login': method({
    summary: 'Niet aanmelden bij de proxy: de console vraagt het een tijd niet opnieuw en werkt offline verder.',
    input: z.object({ id: loginId }),
    output: z.object({ accepted: z.boolean() }),
  }),
  'network:check-connection': method({
    summary: 'Test de verbinding met de centrale dienst langs dezelfde weg als de synchronisatie: proxy, certificaat, antwoord en publiek adres.',
    // `address`: test another address before saving it (Support en updates); absent: the address in use.
    input: z.object({ brin6: brin6Schema.optional(), address: apiBaseUrlSchema.optional() }).optional(),
    output: connectionCheckSchema,
  }),
  'network:get-certificates': method({
    summary: 'De certificaten van de school die de console naast die van het systeem vertrouwt (voor TLS-inspectie).',
    input: noInput,
    output: schoolCertificatesSchema,
  }),
  'network:set-certificates': method({
    summary: 'Legt het certificaat van de school vast (PEM-bestand), voor een netwerk met TLS-inspectie.',
    input: z.object({
      uploadId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'Onbekend bestand. Kies het bestand opnieuw.' }),
    }),
    output: schoolCertificatesSchema,
  }),
  'network:clear-certificates': method({
    summary: 'Vergeet het certificaat van de school; alleen de certificaten van het systeem gelden dan nog.',
    input: noInput,
    output: schoolCertificatesSchema,
  }),
};
