import { z } from 'zod';
import { BRIN6_PATTERN } from '../domain/brin';

/**
 * Building blocks of the remote API contract (`/v1`): the console and the reference server both import these, so
 * a request the console sends is exactly what the server validates.
 */
/** The one BRIN6 schema for the API and the bridge: the rule from shared/domain/brin.ts, with a Dutch message. */
export const brin6Schema = z.string().regex(BRIN6_PATTERN, { message: 'Een Brin6-code is 2 cijfers, 2 hoofdletters en 2 cijfers, bijvoorbeeld 99ZX10.' });

/** RFC 9457 problem details; `detail` is Dutch and says what to do. Extra members per problem type. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  /** On 412: the current representation, so the client can rebase. */
  current: z.unknown().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Resources that change carry a version; it is also their ETag (`"<version>"`). */
export const versionSchema = z.number().int().positive();

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Parses an If-Match value (`"3"` or `W/"3"` are not both allowed: only strong ETags); null when malformed. */
export function versionFromEtag(value: string | undefined): number | null {
  const m = value ? /^"(\d+)"$/.exec(value.trim()) : null;
  return m ? Number(m[1]) : null;
}
