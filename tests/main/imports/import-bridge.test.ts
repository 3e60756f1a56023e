import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import type { ImportOutcome, ImportProgress, ImportState, ImportDiff } from '../../../shared/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { reviewedImportId } from '../../helpers/bridge';

const trusted = { trusted: true };
const TODAY = new Date('2025-10-01T12:00:00Z');

/** Steps 2 and 3 through the real dispatcher: upload (the Electron path), import in the worker, state, diff, confirm. */
describe('import through the bridge', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const open = () => {
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
  };
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch(method, input, trusted);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const upload = (name: string, text: string) => {
    const result = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
    if (!result.ok) throw new Error(result.error.message);
    return result.value.uploadId;
  };
  const importText = (brin6: string, text: string, name = 'school.xml') => call<ImportOutcome>('import:start', { brin6, uploadId: upload(name, text) });

  beforeEach(() => {
    dir = makeTempDir();
    open();
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('needs the location first, and a staged upload', async () => {
    const id = upload('school.xml', generateEdexml({ pupils: 20 }));
    expect(await dispatch('import:start', { brin6: '99ZX10', uploadId: id }, trusted)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('Voeg de locatie eerst toe') },
    });
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    expect(await dispatch('import:start', { brin6: '99ZX10', uploadId: 'a'.repeat(24) }, trusted)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Kies het bestand opnieuw') },
    });
  });

  it('stores a file as the pending import with throttled progress events, and deletes the staged file', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    const events: ImportProgress[] = [];
    const times: number[] = [];
    services.events.subscribe((name, payload) => {
      if (name !== 'import:progress') return;
      events.push(payload as ImportProgress);
      times.push(Date.now());
    });
    const text = generateEdexml({ pupils: 3000, seed: 5 });
    const outcome = await importText('99ZX10', text, 'C:\\export\\school 2025.xml');
    expect(outcome).toMatchObject({ kind: 'stored', report: { ok: true, school: { brin6: '99ZX10', schooljaar: '2025-2026' }, counts: { leerlingen: 3000 } } });
    expect(outcome.report.findingsTotal).toBe(outcome.report.findings.length);
    expect(outcome.report.dropped.length).toBeGreaterThan(0);
    expect(services.uploads.count()).toBe(0);

    expect(events[0]).toMatchObject({ brin6: '99ZX10', phase: 'lezen', bytesRead: 0 });
    expect(events.at(-1)).toEqual({ brin6: '99ZX10', phase: 'klaar', bytesRead: Buffer.byteLength(text), totalBytes: Buffer.byteLength(text) });
    expect(events.map((e) => e.phase)).toContain('opslaan');
    // Throttled: two events of the same phase are at least ~100 ms apart.
    events.forEach((e, i) => {
      if (i > 0 && e.phase === events[i - 1]!.phase) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(95);
    });
    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['lezen', 'controleren', 'opslaan', 'klaar']);

    const state = await call<ImportState>('import:get-state', { brin6: '99ZX10' });
    expect(state.confirmed).toBeNull();
    expect(state.pending).toMatchObject({ sourceName: 'school 2025.xml', confirmedAt: null, school: { brin6: '99ZX10', schooljaar: '2025-2026' }, counts: { leerlingen: 3000 } });
  }, 60_000);

  it('refuses a file of another location without changing anything, and says whether that location is here', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    await importText('99ZX10', generateEdexml({ pupils: 30 }), 'eigen.xml');
    const other = generateEdexml({ pupils: 30, dependancecode: '11' });
    const unknown = await importText('99ZX10', other, 'ander.xml');
    expect(unknown).toMatchObject({ kind: 'other-location', fileBrin6: '99ZX11', known: false, report: { ok: false } });
    expect(unknown.report.findings[0]).toMatchObject({ severity: 'error', code: 'domain.other-location' });
    await call('locations:add', { brin6: '99ZX11', name: 'Dependance', username: '' });
    expect(await importText('99ZX10', other, 'ander.xml')).toMatchObject({ kind: 'other-location', fileBrin6: '99ZX11', known: true });
    expect((await call<ImportState>('import:get-state', { brin6: '99ZX10' })).pending).toMatchObject({ sourceName: 'eigen.xml' });
    expect((await call<ImportState>('import:get-state', { brin6: '99ZX11' })).pending).toBeNull();
    expect(services.uploads.count()).toBe(0);
  }, 60_000);

  it('blocks a broken file: findings capped at 1,000 with the total, errors first; the earlier import stays', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    await importText('99ZX10', generateEdexml({ pupils: 30 }), 'goed.xml');
    // Every other pupil gets an unknown element (error); every pupil an impossible birth date (warning).
    const broken = generateEdexml({ pupils: 1100, seed: 3 })
      .replace(/<roepnaam>([^<]*)<\/roepnaam>/g, (m: string, v: string, i: number) => (i % 2 ? `<roepnaam>${v}</roepnaam><onbekend>x</onbekend>` : m))
      .replace(/<geboortedatum>[^<]*<\/geboortedatum>/g, '<geboortedatum>2014-02-30</geboortedatum>');
    const outcome = await importText('99ZX10', broken, 'kapot.xml');
    expect(outcome.kind).toBe('blocked');
    const { findings, findingsTotal } = outcome.report;
    expect(findings).toHaveLength(1000);
    expect(findingsTotal).toBeGreaterThan(1000);
    const firstWarning = findings.findIndex((f) => f.severity === 'warning');
    expect(firstWarning).toBeGreaterThan(0);
    expect(findings.slice(firstWarning).every((f) => f.severity === 'warning')).toBe(true);
    expect(findings.filter((f) => f.severity === 'error').length).toBeGreaterThan(500);
    expect(JSON.stringify(findings)).not.toMatch(/Emma|Noah|Jansen/);
    expect((await call<ImportState>('import:get-state', { brin6: '99ZX10' })).pending).toMatchObject({ sourceName: 'goed.xml' });
  }, 60_000);

  it('keeps the capped findings of the pending import across a restart', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    const warnings = generateEdexml({ pupils: 1100, seed: 3 }).replace(/<geboortedatum>[^<]*<\/geboortedatum>/g, '<geboortedatum>2014-02-30</geboortedatum>');
    const outcome = await importText('99ZX10', warnings, 'waarschuwingen.xml');
    expect(outcome).toMatchObject({ kind: 'stored', report: { ok: true, findingsTotal: 1100 } });
    expect(outcome.report.findings).toHaveLength(1000);
    services.close();
    open();
    const state = await call<ImportState>('import:get-state', { brin6: '99ZX10' });
    expect(state.pending).toMatchObject({ sourceName: 'waarschuwingen.xml', findingsTotal: 1100, counts: { leerlingen: 1100 } });
    expect(state.pending!.findings).toHaveLength(1000);
    expect(state.pending!.findings[0]).toMatchObject({ severity: 'warning', code: 'xsd.invalid-optional-value' });
  }, 60_000);

  it('shows the diff with names and class names, confirms, and discards', async () => {
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    expect(await call('import:get-diff', { brin6: '99ZX10' })).toBeNull();
    expect(await dispatch('import:confirm', { brin6: '99ZX10', importId: 1 }, trusted)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('geen ingelezen bestand') },
    });
    const first = generateEdexml({ pupils: 600, seed: 9 });
    await importText('99ZX10', first, 'eerste.xml');
    const firstDiff = await call<ImportDiff>('import:get-diff', { brin6: '99ZX10' });
    expect(firstDiff.first).toBe(true);
    expect(firstDiff.leerlingen.added.total).toBe(600);
    expect(firstDiff.leerlingen.added.items).toHaveLength(500);
    expect(firstDiff.leerlingen.added.items[0]!.name).toMatch(/^\S+( \S+)+$/);
    expect(firstDiff.leerlingen.added.items[0]!.groep).toMatch(/^\d[A-Z]/);
    expect(firstDiff.groepen.added.items).toContainEqual({ key: 'K0001', naam: '1A' });

    const statuses: string[] = [];
    services.events.subscribe((name) => statuses.push(name));
    const confirmed = await call<ImportState>('import:confirm', { brin6: '99ZX10', importId: await reviewedImportId(call, '99ZX10') });
    expect(confirmed.pending).toBeNull();
    expect(confirmed.confirmed).toMatchObject({ sourceName: 'eerste.xml', confirmedAt: expect.any(String) });
    expect(statuses).toContain('sync:status');

    // The next file: one pupil renamed, one moved to another class, one left.
    const second = first
      .replace('<leerling key="00100000"', '<leerling key="00100000"')
      .replace(/(<leerling key="00100001"[^]*?<roepnaam>)[^<]*(<\/roepnaam>)/, '$1Xerxes$2')
      .replace(/(<leerling key="00100002"[^]*?<groep key=")K0003("\/>)/, '$1K0004$2')
      .replace(/\t\t<leerling key="00100005"[^]*?<\/leerling>\n/, '');
    await importText('99ZX10', second, 'tweede.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: '99ZX10' });
    expect(diff.first).toBe(false);
    expect(diff.leerlingen.added.total).toBe(0);
    expect(diff.leerlingen.removed.items).toEqual([expect.objectContaining({ key: '00100005' })]);
    expect(diff.leerlingen.removed.items[0]!.name.length).toBeGreaterThan(3);
    expect(diff.leerlingen.changed.items).toContainEqual(expect.objectContaining({ key: '00100001', name: expect.stringMatching(/^Xerxes /), fields: ['roepnaam'] }));
    expect(diff.leerlingen.moved.items).toEqual([expect.objectContaining({ key: '00100002', from: '3A', to: '4A' })]);

    const discarded = await call<ImportState>('import:discard', { brin6: '99ZX10' });
    expect(discarded.pending).toBeNull();
    expect(discarded.confirmed).toMatchObject({ sourceName: 'eerste.xml' });
    expect(await call('import:get-diff', { brin6: '99ZX10' })).toBeNull();
  }, 60_000);

  it('refuses uploads that are not a file, or from an untrusted sender', () => {
    expect(receiveUpload(services.uploads, false, 'a.xml', new Uint8Array(3))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(receiveUpload(services.uploads, true, 42, new Uint8Array(3))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(receiveUpload(services.uploads, true, 'a.xml', 'tekst')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const result = receiveUpload(services.uploads, true, '../../etc/passwd', new Uint8Array([1, 2, 3]).buffer);
    expect(result).toMatchObject({ ok: true, value: { name: 'passwd', size: 3, uploadId: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) } });
    expect(fs.readdirSync(path.join(dir, 'uploads'))).toHaveLength(1);
  });
});
