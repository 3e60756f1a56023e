import type { z } from 'zod';
import {
  batchResultSchema,
  batchSchema,
  classListSchema,
  ipAllowlistSchema,
  numoSchema,
  pupilPageSchema,
  rolesSchema,
  schoolDataReceiptSchema,
  schoolDataSchema,
  sessionRequestSchema,
  sessionSchema,
  userFeedSchema,
  userInputSchema,
  userPatchSchema,
  userSchema,
  whoamiSchema,
  healthSchema,
} from './resources';

/**
 * Every route of the remote API, as data: the reference server registers exactly these, the sync client calls
 * exactly these, and the OpenAPI document (shared/api/openapi.json) is generated from them.
 * `idempotent`: the call needs an Idempotency-Key. `ifMatch`: the call needs If-Match with the current ETag.
 */
export interface Route {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path with {params}. */
  readonly path: string;
  readonly summary: string;
  readonly auth: boolean;
  readonly idempotent: boolean;
  readonly ifMatch: boolean;
  readonly body?: z.ZodType;
  readonly response?: z.ZodType;
  readonly status: number;
  /**
   * The largest request body the route takes (bytes): larger is 413 before the rest is read. Absent: 1 MB for a route
   * with a body, 1 KB without (`maxBodyOf`).
   */
  readonly maxBodyBytes?: number;
}

/** The body limit of a route (see `Route.maxBodyBytes`). */
export function maxBodyOf(r: Route): number {
  return r.maxBodyBytes ?? (r.body ? 1024 * 1024 : 1024);
}

/** Keeps each id as a literal type, so a handler map over `RouteId` must cover every route. */
const route = <const I extends string>(r: Route & { readonly id: I }): Route & { readonly id: I } => r;

export const routes = [
  route({ id: 'health', method: 'GET', path: '/v1/health', summary: 'Of de dienst bereikbaar is (zonder aanmelding).', auth: false, idempotent: false, ifMatch: false, response: healthSchema, status: 200 }),
  route({ id: 'createSession', method: 'POST', path: '/v1/sessions', summary: 'Aanmelden met het portaalaccount van één BRIN6 (na te veel mislukte pogingen 429 met Retry-After).', auth: false, idempotent: false, ifMatch: false, body: sessionRequestSchema, response: sessionSchema, status: 201, maxBodyBytes: 8 * 1024 }),
  route({ id: 'deleteSession', method: 'DELETE', path: '/v1/sessions', summary: 'Afmelden: het token van dit verzoek werkt daarna niet meer.', auth: true, idempotent: false, ifMatch: false, status: 204 }),
  route({ id: 'whoami', method: 'GET', path: '/v1/whoami', summary: 'Het adres waarmee de dienst deze pc ziet (voor de IP-check).', auth: true, idempotent: false, ifMatch: false, response: whoamiSchema, status: 200 }),
  route({ id: 'putSchoolData', method: 'PUT', path: '/v1/locations/{brin6}/school-data', summary: 'De bevestigde import van deze locatie.', auth: true, idempotent: true, ifMatch: false, body: schoolDataSchema, response: schoolDataReceiptSchema, status: 200, maxBodyBytes: 64 * 1024 * 1024 }),
  route({ id: 'listClasses', method: 'GET', path: '/v1/locations/{brin6}/classes', summary: 'De klassen die de dienst heeft, met het aantal leerlingen.', auth: true, idempotent: false, ifMatch: false, response: classListSchema, status: 200 }),
  route({ id: 'listPupils', method: 'GET', path: '/v1/locations/{brin6}/pupils', summary: 'De leerlingen die de dienst heeft, per pagina (?cursor, ?limit).', auth: true, idempotent: false, ifMatch: false, response: pupilPageSchema, status: 200 }),
  route({ id: 'userFeed', method: 'GET', path: '/v1/locations/{brin6}/users', summary: 'Wijzigingen in gebruikers sinds ?since (cursor), per pagina.', auth: true, idempotent: false, ifMatch: false, response: userFeedSchema, status: 200 }),
  route({ id: 'createUser', method: 'POST', path: '/v1/locations/{brin6}/users', summary: 'Gebruiker toevoegen.', auth: true, idempotent: true, ifMatch: false, body: userInputSchema, response: userSchema, status: 201 }),
  route({ id: 'patchUser', method: 'PATCH', path: '/v1/locations/{brin6}/users/{id}', summary: 'Gegevens van een gebruiker wijzigen.', auth: true, idempotent: true, ifMatch: true, body: userPatchSchema, response: userSchema, status: 200 }),
  route({ id: 'deleteUser', method: 'DELETE', path: '/v1/locations/{brin6}/users/{id}', summary: 'Gebruiker verwijderen.', auth: true, idempotent: true, ifMatch: true, status: 204 }),
  route({ id: 'putRoles', method: 'PUT', path: '/v1/locations/{brin6}/users/{id}/roles', summary: 'Rollen, klassen en toegang van een gebruiker.', auth: true, idempotent: true, ifMatch: true, body: rolesSchema, response: userSchema, status: 200 }),
  route({ id: 'inviteUser', method: 'POST', path: '/v1/locations/{brin6}/users/{id}/invitation', summary: 'Uitnodiging (opnieuw) versturen.', auth: true, idempotent: true, ifMatch: false, response: userSchema, status: 200 }),
  route({ id: 'getIpAllowlist', method: 'GET', path: '/v1/locations/{brin6}/ip-allowlist', summary: 'Toegestane publieke IP-adressen voor het afnemen van toetsen.', auth: true, idempotent: false, ifMatch: false, response: ipAllowlistSchema, status: 200 }),
  route({ id: 'putIpAllowlist', method: 'PUT', path: '/v1/locations/{brin6}/ip-allowlist', summary: 'De lijst van toegestane adressen vervangen.', auth: true, idempotent: true, ifMatch: true, body: ipAllowlistSchema, response: ipAllowlistSchema, status: 200 }),
  route({ id: 'getNumo', method: 'GET', path: '/v1/locations/{brin6}/numo', summary: 'De Numo-koppeling van deze locatie.', auth: true, idempotent: false, ifMatch: false, response: numoSchema, status: 200 }),
  route({ id: 'batch', method: 'POST', path: '/v1/locations/{brin6}/batch', summary: 'Meerdere wijzigingen in één verzoek, op volgorde, elk met eigen Idempotency-Key en antwoord.', auth: true, idempotent: false, ifMatch: false, body: batchSchema, response: batchResultSchema, status: 200, maxBodyBytes: 8 * 1024 * 1024 }),
  route({ id: 'putNumo', method: 'PUT', path: '/v1/locations/{brin6}/numo', summary: 'De Numo-koppeling vastleggen.', auth: true, idempotent: true, ifMatch: true, body: numoSchema, response: numoSchema, status: 200 }),
] as const;

export type RouteId = (typeof routes)[number]['id'];

export type RouteOf<I extends RouteId> = Extract<(typeof routes)[number], { readonly id: I }>;

const byId = new Map<string, (typeof routes)[number]>(routes.map((r) => [r.id, r]));

export function routeOf<I extends RouteId>(id: I): RouteOf<I> {
  return byId.get(id) as RouteOf<I>;
}

export function isRouteId(id: string): id is RouteId {
  return byId.has(id);
}

/** The values for a route's {params}: every location route has {brin6}, a user route also {id}. */
export interface RouteParams {
  readonly brin6?: string;
  readonly id?: string;
}

/**
 * The request path of a route with its {params} filled in (URL-encoded). A param the path needs but `params` lacks
 * is a programming error, and throws.
 */
export function routePath(id: RouteId, params: RouteParams = {}): string {
  return routeOf(id).path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = (params as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`routePath(${id}): missing {${name}}`);
    return encodeURIComponent(value);
  });
}
