import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildOpenApi } from '../../shared/api/openapi';
import { userInputSchema, userPatchSchema } from '../../shared/api/resources';
import { routes } from '../../shared/api/routes';
import { bridgeContract, bridgeMethodNames, userFieldsPatchSchema } from '../../shared/bridge';
import { propertySeed, seededRandom } from '../helpers/random';

/** Every nested schema of a zod 4 schema, found through its definition (objects, arrays, unions, pipes, wrappers…). */
function* walk(schema: z.ZodType, seen = new Set<unknown>()): Generator<z.ZodType> {
  if (seen.has(schema)) return;
  seen.add(schema);
  yield schema;
  const visit = function* (value: unknown): Generator<z.ZodType> {
    if (value && typeof value === 'object' && '_zod' in value) yield* walk(value as z.ZodType, seen);
    else if (Array.isArray(value)) for (const v of value) yield* visit(v);
    else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) yield* visit(v);
  };
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  for (const [k, v] of Object.entries(def)) if (k !== 'checks') yield* visit(k === 'shape' && typeof v === 'function' ? (v as () => unknown)() : v);
}

const kind = (s: z.ZodType) => (s as unknown as { _zod: { def: { type: string } } })._zod.def.type;

/** Every schema the API and the bridge take as input: route bodies and bridge method inputs. */
const contractInputs: Array<[string, z.ZodType]> = [
  ...routes.filter((r) => r.body).map((r) => [`API ${r.method} ${r.path}`, r.body!] as [string, z.ZodType]),
  ...bridgeMethodNames.map((name) => [`bridge ${name}`, bridgeContract[name].input as z.ZodType] as [string, z.ZodType]),
];

const validUser = { voornaam: 'Johan', initialen: 'J.P.', voorvoegsel: 'de', achternaam: 'Vries', email: 'j.devries@school.example' };

/**
 * The schemas that describe a change of some fields (absent = unchanged): every PATCH body, and every bridge input
 * that is one. A new partial schema is added here; the walker below also refuses defaults anywhere.
 */
const patchSchemas: Array<[string, z.ZodObject, Record<string, unknown>]> = [
  ...routes.filter((r) => r.method === 'PATCH').map((r) => [`API PATCH ${r.path}`, r.body as z.ZodObject, validUser] as [string, z.ZodObject, Record<string, unknown>]),
  ['bridge users:update (user)', userFieldsPatchSchema, validUser],
];

describe('absent means unchanged: no schema of the contract invents a value', () => {
  it('no input schema of the API or the bridge has a default, prefault or catch anywhere', () => {
    expect(contractInputs.length).toBeGreaterThan(30);
    const inventing: string[] = [];
    for (const [name, schema] of contractInputs) {
      for (const nested of walk(schema)) if (['default', 'prefault', 'catch'].includes(kind(nested))) inventing.push(`${name}: ${kind(nested)}`);
    }
    expect(inventing).toEqual([]);
  });

  it('the OpenAPI document shows no default on any request body', () => {
    const doc = buildOpenApi('1') as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const bodies = Object.values(doc.paths).flatMap((p) => Object.values(p).map((op) => JSON.stringify(op.requestBody ?? {})));
    expect(bodies.filter((b) => b.includes('"default"'))).toEqual([]);
  });

  it('the patch schemas are the user fields, each optional', () => {
    expect(patchSchemas.map(([name]) => name)).toEqual(['API PATCH /v1/locations/{brin6}/users/{id}', 'bridge users:update (user)']);
    expect(userPatchSchema).toBe(userFieldsPatchSchema);
    expect(Object.keys(userPatchSchema.shape).sort()).toEqual(Object.keys(userInputSchema.shape).sort());
    expect(userInputSchema.parse(validUser)).toEqual(validUser);
  });

  for (const [name, schema, valid] of patchSchemas) {
    it(`${name}: {} parses to {}, and any one field to exactly that field`, () => {
      expect(schema.parse({})).toEqual({});
      for (const [field, value] of Object.entries(valid)) expect(schema.parse({ [field]: value }), field).toEqual({ [field]: value });
    });

    it(`${name}: any subset of fields parses to exactly that subset (generated)`, () => {
      const seed = propertySeed(4242);
      const random = seededRandom(seed);
      const fields = Object.keys(valid);
      for (let round = 0; round < 500; round++) {
        const subset = random.subset(fields);
        const input = Object.fromEntries(subset.map((f) => [f, valid[f]]));
        expect(Object.keys(schema.parse(input)).sort(), `seed ${seed} round ${round}: ${subset.join(',')}`).toEqual([...subset].sort());
      }
    });
  }
});
