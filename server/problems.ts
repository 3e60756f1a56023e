/**
 * Every error of the reference server is an RFC 9457 problem (`application/problem+json`) with a Dutch `detail`
 * (issue 36): refusals the handlers make, a body that is too large (413), a method the path does not take (405 with
 * Allow), a database rule the client's data broke (422 naming what), and — never expected — an internal fault (500).
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const problem = (status: number, type: string, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  new ProblemError(status, type, title, detail, extra, headers);

export function problemBody(error: ProblemError) {
  return { type: `https://beheerconsole.example/problems/${error.type}`, title: error.title, status: error.status, detail: error.detail, ...error.extra };
}

export function problemResponse(error: ProblemError): Response {
  return new Response(JSON.stringify(problemBody(error)), { status: error.status, headers: { 'content-type': 'application/problem+json', ...error.headers } });
}

export { dutchWait } from '../shared/domain/wait';

/** The duplicates in a list of keys, each once, in the order first seen twice. */
export function duplicates(keys: Iterable<string>): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of keys) (seen.has(key) ? twice : seen).add(key);
  return [...twice];
}

/** A database rule the client's data broke (SQLite's constraint codes), as a 422; anything else is not ours to say. */
export function constraintProblem(error: unknown): ProblemError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  return problem(422, 'constraint', 'Gegevens in strijd met een regel', 'De gegevens kunnen zo niet worden bewaard: een sleutel of waarde komt dubbel voor, of ontbreekt. Controleer de gegevens en stuur ze opnieuw.');
}

export const internalProblem = () => problem(500, 'internal', 'Fout bij de dienst', 'Er ging iets mis bij de dienst. Probeer het later opnieuw; blijft het misgaan, meld het dan.');

/**
 * The fields of `raw` that the schema does not know (zod strips them from `parsed`): `operations.0.body.x`. A
 * strict contract refuses them instead of ignoring them silently.
 */
export function unknownFields(raw: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((item, i) => unknownFields(item, parsed[i], `${at}${at ? '.' : ''}${i}`));
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return [];
  return Object.entries(raw).flatMap(([key, value]) => {
    const path = `${at}${at ? '.' : ''}${key}`;
    if (!(key in parsed)) return value === undefined ? [] : [path];
    return unknownFields(value, parsed[key], path);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
