import { z } from 'zod';
import { problemSchema } from './common';
import { maxBodyOf, routes } from './routes';

/**
 * The OpenAPI 3.1 document of the API, derived from the route table and its zod schemas (JSON Schema 2020-12,
 * which OpenAPI 3.1 uses). `npm run generate:openapi` writes it to shared/api/openapi.json; a test fails on drift.
 */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const problem = { 'application/problem+json': { schema: schema(problemSchema) } };
  // Request bodies are strict (issue 36): a field the contract does not name is refused (400 unknown-fields).
  const strict = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strict);
    if (typeof node !== 'object' || node === null) return node;
    const object = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, strict(v)]));
    return object['type'] === 'object' && object['properties'] && !('additionalProperties' in object) ? { ...object, additionalProperties: false } : object;
  };
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const headers = [
      ...(r.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 255 } }] : []),
      ...(r.ifMatch ? [{ name: 'If-Match', in: 'header', required: false, description: 'Required when the resource exists (428 when missing, 412 when stale).', schema: { type: 'string' } }] : []),
    ];
    const responses: Record<string, unknown> = {
      [String(r.status)]: r.response
        ? { description: 'OK', content: { 'application/json': { schema: schema(r.response) } } }
        : { description: 'OK, no content' },
      ...(r.body ? { '413': { description: `Body larger than ${maxBodyOf(r)} bytes: refused before it is read`, content: problem } } : {}),
      ...(r.id === 'createSession' ? { '429': { description: 'Too many wrong passwords for this account or client address: wait Retry-After seconds', content: problem } } : {}),
      default: { description: 'Problem (RFC 9457), detail in Dutch', content: problem },
    };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: r.id,
      summary: r.summary,
      ...(r.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [...params, ...headers],
      ...(r.body ? { requestBody: { required: true, description: `At most ${maxBodyOf(r)} bytes; unknown fields are refused.`, content: { 'application/json': { schema: strict(schema(r.body)) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Beheerconsole API', version, description: 'Per-location (BRIN6) API of the central Volgsysteem service, as the Beheerconsole uses it.' },
    servers: [{ url: 'http://127.0.0.1:{port}', variables: { port: { default: '8080' } } }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
