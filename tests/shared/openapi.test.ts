import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../shared/api/openapi';
import { routes } from '../../shared/api/routes';

describe('API contract', () => {
  it('shared/api/openapi.json is what the route table generates (run npm run generate:openapi)', () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../shared/api/openapi.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(buildOpenApi('1'), null, 2)}\n`);
  });

  it('gives every mutating route an Idempotency-Key and every route a unique id', () => {
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    for (const r of routes) {
      // A batch carries one Idempotency-Key per operation instead; a session is made or ended, never changed twice.
      const sessions = r.id === 'createSession' || r.id === 'deleteSession';
      if (r.method !== 'GET' && !sessions && r.id !== 'batch') expect(r.idempotent, r.id).toBe(true);
      if ((r.method === 'PATCH' || r.method === 'DELETE') && !sessions) expect(r.ifMatch, r.id).toBe(true);
    }
  });
});
