import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { sniffSchool } from '../../../main/edexml/sniff';
import { receiveUpload } from '../../../main/uploads/receive';
import type { BridgeOutput, ImportRouted, ImportState, LocationOverview } from '../../../shared/bridge';
import { ACCOUNT_A, ACCOUNT_B, signIn, startApi } from '../../helpers/api-server';
import { bridgeCaller } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const TODAY = new Date('2025-10-01T12:00:00Z');
const fileFor = (brin6: string, pupils = 40) => generateEdexml({ pupils, seed: 5, brincode: brin6.slice(0, 4), dependancecode: brin6.slice(4), schooljaar: '2025-2026' });

describe('a school board: many files routed by their BRIN6, one sync for every signed-in location', () => {
  let dir: string;
  let services: Services;
  const { call, refused } = bridgeCaller(() => createDispatcher(services.handlers, (line) => console.error(line)));
  const route = (text: string, name: string, brin6?: string) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
    if (!staged.ok) throw new Error(staged.error.message);
    return call<ImportRouted>('import:route', { uploadId: staged.value.uploadId, ...(brin6 ? { brin6 } : {}) });
  };

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    await call('locations:add', { brin6: '99ZX10', name: 'Lyceum', username: '' });
    await call('locations:add', { brin6: '99ZX11', name: 'Havo', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('reads the school from the start of a file without reading the rest', () => {
    const file = path.join(dir, 'a.xml');
    fs.writeFileSync(file, fileFor('12AB03'));
    expect(sniffSchool(file)).toEqual({ brin6: '12AB03', vestiging: 'Hoofdlocatie' });
    fs.writeFileSync(file, '<EDEX><leerlingen/></EDEX>');
    expect(sniffSchool(file)).toBeNull();
    expect(sniffSchool(path.join(dir, 'bestaat-niet.xml'))).toBeNull();
  });

  it('routes each file to the location it names, confirms nothing, and offers an unknown BRIN6 instead of reading it', async () => {
    expect(await route(fileFor('99ZX10', 40), 'lyceum.xml')).toMatchObject({ kind: 'stored', brin6: '99ZX10', report: { ok: true, counts: { leerlingen: 40 } } });
    expect(await route(fileFor('99ZX11', 30), 'havo.xml')).toMatchObject({ kind: 'stored', brin6: '99ZX11', report: { counts: { leerlingen: 30 } } });
    expect(await route(fileFor('99ZX12', 20), 'nieuw.xml')).toEqual({ kind: 'unknown-location', fileBrin6: '99ZX12', suggestedName: 'Hoofdlocatie' });
    for (const [brin6, pupils] of [['99ZX10', 40], ['99ZX11', 30]] as const) {
      const state = await call<ImportState>('import:get-state', { brin6 });
      expect(state.confirmed).toBeNull(); // each location's step 3 decides
      expect(state.pending?.counts.leerlingen).toBe(pupils);
    }
    expect((await call<LocationOverview[]>('locations:get-overview')).map((l) => l.brin6)).toEqual(['99ZX10', '99ZX11']); // not added silently
    // A file that names no school is read in full to say why; one for another location than required is refused.
    const unreadable = await route('<?xml version="1.0"?>\n<EDEX><leerlingen/></EDEX>\n', 'kapot.xml');
    expect(unreadable.kind).toBe('unreadable');
    expect(unreadable.kind === 'unreadable' && unreadable.report.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(await route(fileFor('99ZX11'), 'havo.xml', '99ZX10')).toEqual({ kind: 'other-location', brin6: '99ZX10', fileBrin6: '99ZX11', report: null });
    // A file with errors is blocked for its location, its previous pending import kept.
    const broken = await route(fileFor('99ZX10', 5).replace('</leerlingen>', '<onbekend/></leerlingen>'), 'fout.xml');
    expect(broken).toMatchObject({ kind: 'blocked', brin6: '99ZX10', report: { ok: false } });
    expect((await call<ImportState>('import:get-state', { brin6: '99ZX10' })).pending?.sourceName).toBe('lyceum.xml');
    expect(services.uploads.count()).toBe(0); // every staged file is gone, whatever became of it
    const log = fs.readFileSync(path.join(dir, 'logs', 'browser.log'), 'utf8');
    expect(log).toMatch(/import\.read brin6=99ZX12 outcome=unknown-location leerlingen=0/);
    expect(await refused('import:route', { uploadId: 'x' })).toMatchObject({ code: 'invalid-input' });
  });

  it('syncs every signed-in location with its own account and names the one that needs a sign-in', async () => {
    const api = await startApi();
    try {
      await call('locations:add', { brin6: '99ZX12', name: 'Vmbo', username: '' });
      await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
      await call('sync:sign-in', { ...ACCOUNT_A });
      await call('sync:sign-in', { ...ACCOUNT_B });
      for (const brin6 of ['99ZX10', '99ZX11', '99ZX12']) {
        await call('users:add', { brin6, user: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: `Smit ${brin6}`, email: `ria.${brin6.toLowerCase()}@school.example` } });
      }
      const events: unknown[] = [];
      const off = services.events.subscribe((name, payload) => name === 'sync:round' && events.push(payload));
      const all = await call<BridgeOutput<'sync:sync-all'>>('sync:sync-all');
      off();
      expect(all.rounds.map((r) => [r.brin6, r.outcome, r.pending])).toEqual([
        ['99ZX10', 'ok', 0],
        ['99ZX11', 'ok', 0],
      ]);
      expect(all.notSignedIn).toEqual([{ brin6: '99ZX12', pending: 1 }]);
      expect(events).toEqual(expect.arrayContaining(all.rounds));
      // Each location's user went out with that location's account, and nothing of 99ZX12 went anywhere.
      for (const account of [ACCOUNT_A, ACCOUNT_B]) {
        const token = await signIn(api.origin, account);
        const feed = (await (await fetch(`${api.origin}/v1/locations/${account.brin6}/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as { changes: Array<{ user?: { achternaam: string } }> };
        expect(feed.changes.map((c) => c.user?.achternaam)).toEqual([`Smit ${account.brin6}`]);
      }
    } finally {
      await api.stop();
    }
  }, 30_000);
});
