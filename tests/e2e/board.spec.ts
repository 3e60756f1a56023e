import fs from 'node:fs';
import { expect, startConsole, test } from './fixtures';
import type { ConsoleServer } from './fixtures';
import { generateEdexml } from '../helpers/generate-edexml';
import { schoolYearOf } from '../../shared/domain/school-year';
import { ACCOUNT_A, ACCOUNT_B, expectAccessible, signInHere, snap, startReferenceApi, switchTo } from './support';

/** A school board: the two reference accounts, a Sint-Jozef, and 27 more, all added before the page opens. */
const LOCATIONS = [
  { brin6: ACCOUNT_A.brin6, name: 'Lyceum Noord', username: ACCOUNT_A.username },
  { brin6: ACCOUNT_B.brin6, name: 'Havo Zuid', username: ACCOUNT_B.username },
  { brin6: '99ZX12', name: 'Sint-Jozef College', username: '' },
  ...Array.from({ length: 27 }, (_, i) => ({
    brin6: `${String(20 + i)}BR01`,
    // One long name, as boards have them: cut in the table (readable in its title and detail), never widening it.
    name: `Stichtingsschool ${String(i + 1).padStart(2, '0')}${i === 5 ? ' voor havo, atheneum en gymnasium, locatie Oude Haven en Nieuwe Markt' : ''}`,
    username: '',
  })),
];

const fileFor = (brin6: string, pupils: number, schooljaar = schoolYearOf(new Date())) =>
  generateEdexml({ pupils, seed: 11, brincode: brin6.slice(0, 4), dependancecode: brin6.slice(4), schooljaar });

/** Calls the console's bridge over HTTP as the page does (token, no foreign Origin): the board's set-up. */
async function bridge(server: ConsoleServer, method: string, input?: unknown): Promise<unknown> {
  const response = await fetch(`${server.origin}/bridge/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ input: input ?? null }),
  });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value;
}

async function importText(server: ConsoleServer, brin6: string, name: string, text: string, confirm: boolean): Promise<number> {
  const upload = await fetch(`${server.origin}/upload`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'x-file-name': name }, body: text });
  const { value } = (await upload.json()) as { value: { uploadId: string } };
  const stored = (await bridge(server, 'import:start', { brin6, uploadId: value.uploadId })) as { importId: number };
  if (confirm) await bridge(server, 'import:confirm', { brin6, importId: stored.importId });
  return stored.importId;
}

test('a school board of 30 locations: table, filter, sort, search, keyboard, type-ahead switch, many files at once, sync all', async ({ page, pageErrors }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startReferenceApi();
  const server = await startConsole(undefined, { api: api.origin });
  try {
    for (const l of LOCATIONS) await bridge(server, 'locations:add', l);
    // Attention, on purpose: a colleague who would see nothing at one location (another school year confirmed on
    // purpose is not a point: it was typed), a change waiting at another without a sign-in.
    const old = await importText(server, '20BR01', 'vorig-jaar.xml', fileFor('20BR01', 20, '2020-2021'), false);
    await bridge(server, 'import:confirm', { brin6: '20BR01', importId: old, acknowledgeYear: '2020-2021' });
    const eva = (await bridge(server, 'users:add', { brin6: '20BR01', user: { voornaam: 'Eva', initialen: 'E.', voorvoegsel: '', achternaam: 'Engels', email: 'eva@stichting.example' } })) as { id: string };
    await bridge(server, 'users:set-roles', { brin6: '20BR01', ids: [eva.id], access: true, roles: [{ role: 'vakdocent', subject: 'engels', classes: [] }], mode: 'replace' });
    await bridge(server, 'users:add', { brin6: '99ZX12', user: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: 'Smit', email: 'ria@sintjozef.example' } });

    await page.goto(server.url);
    // More than three locations: the table is the default.
    const table = page.getByTestId('locations-table');
    await expect(table).toBeVisible();
    await expect(page.getByTestId('board-count')).toHaveText('30 locaties · 2 locaties vragen aandacht');
    await expect(table.locator('tbody tr')).toHaveCount(30);
    await expectAccessible(page, 'overzicht als tabel');
    await snap(page, testInfo, '18-overzicht-tabel');

    // Only what needs attention; the row's detail says why, and what else is open, each with its step.
    await page.getByTestId('board-attention-only').check();
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('stand-20BR01')).toContainText('aandacht');
    await page.getByTestId('details-20BR01').click();
    await expect(page.getByTestId('details-20BR01')).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('detail-20BR01')).toContainText('Ziet niets (toegang, maar geen rol met klassen): Eva Engels.');
    await expect(page.getByTestId('detail-20BR01')).not.toContainText('Het bevestigde bestand is van schooljaar');
    await expect(page.getByTestId('readiness-20BR01').getByRole('button', { name: 'Naar stap 7' }).first()).toBeVisible();
    await page.getByTestId('details-99ZX12').click();
    await expect(page.getByTestId('detail-99ZX12')).toContainText('Niet aangemeld terwijl 1 wijziging wacht');
    await expect(page.getByTestId('detail-99ZX12')).toContainText('Nog niet klaar');
    await snap(page, testInfo, '18-overzicht-tabel-details');
    await page.getByTestId('details-20BR01').click();
    await page.getByTestId('details-99ZX12').click();
    await page.getByTestId('board-attention-only').uncheck();
    // The long name is cut in its cell, with the whole name in its title.
    await expect(page.getByTestId('row-25BR01').locator('.board-name')).toHaveAttribute('title', /locatie Oude Haven en Nieuwe Markt$/);
    // Opened, the long name does not wrap the header: one line, cut, the whole name in its title.
    await page.getByTestId('row-25BR01').click();
    await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', '25BR01');
    await expect(page.getByTestId('location-switcher').locator('.switcher-current')).toHaveAttribute('title', /Nieuwe Markt \(25BR01\)$/);
    expect((await page.locator('header').first().boundingBox())!.height).toBeLessThan(64);
    await snap(page, testInfo, '18-lange-naam');
    await page.getByRole('button', { name: 'Mijn schoollocaties' }).click();

    // Search by name (without the hyphen) or by BRIN6 (with spaces).
    await page.getByTestId('board-search').fill('sint jozef');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await page.getByTestId('board-search').fill('21 br');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.locator('tbody tr')).toContainText('Stichtingsschool 02');
    await page.getByTestId('board-search').fill('');

    // Sort: by name, then backwards; the header says how it is sorted.
    await page.getByTestId('sort-name').click();
    await expect(table.locator('tbody tr').first()).toContainText('Havo Zuid');
    await page.getByTestId('sort-name').click();
    await expect(table.locator('tbody tr').first()).toContainText('Stichtingsschool 27');
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('Naam');
    await page.getByTestId('sort-attention').click();
    await expect(table.locator('tbody tr').nth(0)).toHaveClass(/needs-attention/);
    await expect(table.locator('tbody tr').nth(1)).toHaveClass(/needs-attention/);

    // The export is the table as shown, as safe CSV.
    const download = page.waitForEvent('download');
    await page.getByTestId('board-export').click();
    const csv = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeffBRIN6;Naam;Stap 1;Stap 2;Stap 3;Stap 4;Stap 5;Stap 6;Stap 7;Stap 8;Stand;Account;Wachtrij;Vertraagd;Geweigerd;Conflicten;Laatst gesynchroniseerd;Schooljaar;Aandacht;Open punten',
    );
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(31);

    // Keyboard: a row is focusable, ↓ moves, Enter opens the location.
    await page.getByTestId('sort-brin6').click();
    await page.getByTestId('row-20BR01').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('row-21BR01')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', '21BR01');

    // Type-ahead switch with Ctrl+K: a name, Enter; the recent ones come first the next time.
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('switcher-dialog')).toBeVisible();
    await page.keyboard.type('jozef');
    await expect(page.getByTestId('switcher-list').getByRole('option')).toHaveCount(1);
    await expectAccessible(page, 'locatie kiezen');
    await snap(page, testInfo, '18-locatie-kiezen');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', '99ZX12');
    await page.getByTestId('location-switcher').click();
    await expect(page.getByTestId('switcher-list').getByRole('option').first()).toHaveAttribute('data-brin6', '99ZX12');
    await expect(page.getByTestId('switcher-list').getByRole('option').nth(1)).toHaveAttribute('data-brin6', '21BR01');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', '21BR01');

    // Many files at once, dropped anywhere: routed by the BRIN6 each names; the unknown one is offered, not read.
    await page.getByRole('button', { name: 'Mijn schoollocaties' }).click();
    const dropped = await page.evaluateHandle(
      (files) => {
        const transfer = new DataTransfer();
        for (const f of files) transfer.items.add(new File([f.content], f.name, { type: 'text/xml' }));
        return transfer;
      },
      [
        { name: 'noord.xml', content: fileFor(ACCOUNT_A.brin6, 60) },
        { name: 'zuid.xml', content: fileFor(ACCOUNT_B.brin6, 45) },
        { name: 'nieuw.xml', content: fileFor('88NW01', 25) },
      ],
    );
    await page.locator('main').dispatchEvent('drop', { dataTransfer: dropped });
    const batch = page.getByTestId('batch-import');
    await expect(page.getByTestId('batch-status')).toHaveText('3 bestanden gelezen; 2 zijn klaar om te bevestigen.', { timeout: 30_000 });
    await expect(page.getByTestId('batch-noord.xml')).toContainText('Lyceum Noord (99ZX10)');
    await expect(page.getByTestId('batch-noord.xml')).toContainText('Ingelezen: 60 leerlingen');
    await expect(page.getByTestId('batch-zuid.xml')).toContainText('Ingelezen: 45 leerlingen');
    await expect(page.getByTestId('batch-nieuw.xml')).toContainText('Locatie 88NW01 staat nog niet in deze console');
    await expect(batch.getByLabel('Naam van de school of locatie')).toHaveValue('Hoofdlocatie');
    await expectAccessible(page, 'meerdere bestanden');
    await snap(page, testInfo, '18-meerdere-bestanden');
    await batch.getByLabel('Naam van de school of locatie').fill('Nieuwe Vestiging');
    await batch.getByRole('button', { name: 'Toevoegen en inlezen' }).click();
    await expect(page.getByTestId('batch-nieuw.xml')).toContainText('Ingelezen: 25 leerlingen', { timeout: 30_000 });
    await expect(page.getByTestId('board-count')).toContainText('31 locaties');
    // Nothing confirmed: each location's step 3 still decides.
    await expect(page.getByTestId('row-99ZX10').locator('[data-state]').nth(2)).toHaveAttribute('data-state', 'todo');
    await page.getByTestId('batch-noord.xml').getByRole('button', { name: 'Naar stap 3 van 99ZX10' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /Controleren en bevestigen/ })).toBeVisible();

    // Sign in to the two locations that have an account, then sync everything from the overview.
    await page.getByTestId('nav-sign-in').click();
    await signInHere(page, ACCOUNT_A.password);
    await switchTo(page, ACCOUNT_B.brin6);
    await page.getByTestId('nav-sign-in').click();
    await signInHere(page, ACCOUNT_B.password);
    await page.getByRole('button', { name: 'Mijn schoollocaties' }).click();
    await page.getByTestId('sync-all').click();
    await expect(page.getByTestId('sync-all-result')).toContainText('2 van 2 aangemelde locaties gesynchroniseerd.', { timeout: 30_000 });
    await expect(page.getByTestId('sync-all-result')).toContainText('29 locaties zijn niet aangemeld en dus niet gesynchroniseerd.');
    // One line; the locations that wait for their own sign-in are folded under it.
    await expect(page.getByTestId('sync-all-waiting')).toContainText('2 locaties wachten op een aanmelding');
    await expect(page.getByTestId('sync-all-result').getByRole('listitem').first()).toBeHidden();
    await page.getByTestId('sync-all-waiting').locator('summary').click();
    await expect(page.getByTestId('sync-all-result').getByRole('listitem')).toHaveText([
      'Aanmelden bij Stichtingsschool 01 (20BR01) (3 wijzigingen wachten)',
      'Aanmelden bij Sint-Jozef College (99ZX12) (1 wijziging wacht)',
    ]);
    await expect(page.getByTestId('sync-99ZX10')).toHaveText(/^Klaar/);
    await expect(page.getByTestId('sync-99ZX11')).toHaveText(/^Klaar/);
    await expect(page.getByTestId('sync-99ZX12')).toHaveText('Niet aangemeld');
    await expectAccessible(page, 'alles synchroniseren');
    await snap(page, testInfo, '18-alles-synchroniseren');
    // The one that needs its own account: never signed in with another's; the link goes to its step 1.
    await page.getByTestId('sync-all-result').getByRole('button', { name: 'Aanmelden bij Sint-Jozef College (99ZX12)' }).click();
    await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', '99ZX12');
    await expect(page.getByRole('heading', { level: 2, name: /Aanmelden/ })).toBeVisible();
    expect(pageErrors).toEqual([]);
  } finally {
    await server.stop();
    await api.stop();
  }
});
