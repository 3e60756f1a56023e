import fs from 'node:fs';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';
import { expect, startConsole, test } from './fixtures';
import { ACCOUNT_A, ACCOUNT_B, addLocation, expectAccessible, importFile, signInHere, snap, startReferenceApi } from './support';
import { generateEdexml } from '../helpers/generate-edexml';
import { schoolYearOf } from '../../shared/domain/school-year';

test.describe.configure({ timeout: 120_000 });

/**
 * A generated file of the location where every third pupil has a pupil number (gebruikersnaam) and every fourth
 * (from the second) has no eck-id: some pupils have both, some one, some neither. Returns the expected figures.
 */
function numoFile(testInfo: TestInfo, brin6: string, pupils: number) {
  let i = 0;
  const figures = { pupils, withGebruikersnaam: 0, withEckid: 0, withNeither: 0 };
  const xml = generateEdexml({ pupils, seed: 5, brincode: brin6.slice(0, 4), dependancecode: brin6.slice(4), schooljaar: schoolYearOf(new Date()) }).replace(
    /<leerling key="(\d+)"( eckid="[^"]*")?>([\s\S]*?)<\/leerling>/g,
    (_all, key: string, eckid: string | undefined, body: string) => {
      const n = i++;
      const hasEckid = n % 4 !== 1 && eckid !== undefined;
      const hasUser = n % 3 === 0;
      if (hasEckid) figures.withEckid++;
      if (hasUser) figures.withGebruikersnaam++;
      if (!hasEckid && !hasUser) figures.withNeither++;
      const withUser = hasUser ? body.replace(/(\s*)<land>/, `$1<gebruikersnaam>ll${key}</gebruikersnaam>$1<land>`) : body;
      return `<leerling key="${key}"${hasEckid ? eckid : ''}>${withUser}</leerling>`;
    },
  );
  const file = testInfo.outputPath(`numo-${brin6}-${pupils}.xml`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, xml);
  return { file, figures };
}

test('Numo: registration with Dutch field errors, sync, terugstuuroptie preview, matching figures, Kurve file and message, print', async ({ page, pageErrors, context }, testInfo) => {
  const api = await startReferenceApi();
  const console = await startConsole(undefined, { api: api.origin });
  const { file, figures } = numoFile(testInfo, ACCOUNT_A.brin6, 60);
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(console.url).origin });
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Noordlyceum', ACCOUNT_A.username);
    await signInHere(page, ACCOUNT_A.password);

    // Empty: nothing registered, no confirmed import yet.
    await page.getByTestId('nav-numo').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Numo-koppeling' })).toBeVisible();
    await expect(page.getByTestId('numo-not-registered')).toBeVisible();
    await expect(page.getByTestId('numo-sync')).toHaveText('Nog niet opgeslagen');
    await expect(page.getByTestId('matching-empty')).toContainText('Nog geen bevestigd bestand');
    await expect(page.getByTestId('numo-summary-empty')).toBeVisible();
    await expect(page.getByTestId('kurve-export')).toBeDisabled();
    await expect(page.getByTestId('numo-brin')).toHaveValue(ACCOUNT_A.brin6);
    await expect(page.getByTestId('numo-brin')).toHaveAttribute('readonly', '');
    await expectAccessible(page, 'Numo-koppeling (leeg)');
    await snap(page, testInfo, 'numo-leeg');

    // Import and confirm the location's file.
    await importFile(page, file);
    await expect(page.getByTestId('import-stored')).toContainText('60 leerlingen');
    await page.getByTestId('to-confirm').click();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('nav-load-planner')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });

    // Fill in the form; an empty save names every field, an invalid e-mail gets the contract's Dutch message.
    await page.getByTestId('nav-numo').click();
    await page.getByTestId('numo-save').click();
    await expect(page.getByTestId('numo-errors')).toBeVisible();
    await expect(page.getByTestId('numo-klantnummer-error')).toHaveText('Vul het klantnummer van Cito in.');
    await expect(page.getByTestId('numo-klantnummer')).toBeFocused();
    // Nothing is answered for the admin (issue 33): the level and the terugstuuroptie are theirs to choose.
    await expect(page.getByTestId('numo-maximumNiveau-error')).toContainText('Kies een niveau');
    await expect(page.getByTestId('terugstuuroptie')).toContainText('Kies een terugstuuroptie van −2 tot en met +2.');
    await expect(page.getByTestId('terugstuuroptie').getByRole('radio', { checked: true })).toHaveCount(0);
    await expect(page.getByTestId('preview-text')).toHaveText('Kies een terugstuuroptie; dan zie je hier welke resultaten naar Numo gaan.');
    await page.getByLabel('Klantnummer').fill('12a');
    await expect(page.getByTestId('numo-klantnummer-error')).toContainText('bestaat alleen uit cijfers');
    await page.getByLabel('Klantnummer').fill('4711');
    await page.getByLabel('School/onderwijsorganisatie').fill('Stichting Noordlyceum');
    await page.getByLabel('Aanhef').selectOption('mevrouw');
    await page.getByLabel('Voornaam').fill('Anna');
    await page.getByLabel('Achternaam').fill('de Boer');
    await page.getByLabel('E-mail', { exact: true }).fill('anna.deboer@noordlyceum');
    await page.getByLabel('Maximum niveau').selectOption('vwo');
    await page.getByLabel('Korte schoolnaam Numo').fill('Noordlyceum');
    await page.getByTestId('numo-save').click();
    await expect(page.getByTestId('numo-email-error')).toHaveText('Vul een geldig e-mailadres in, bijvoorbeeld j.jansen@school.nl.');
    await expect(page.getByTestId('numo-email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('numo-klantnummer-error')).toHaveCount(0);
    await expectAccessible(page, 'Numo-koppeling (veldfouten)');
    await snap(page, testInfo, 'numo-veldfouten');
    await page.getByLabel('E-mail', { exact: true }).fill('Anna.deBoer@Noordlyceum.example');
    await expect(page.getByTestId('numo-email-error')).toHaveCount(0);

    // Terugstuuroptie: the preview follows option and test level, in words and on the ladder.
    const preview = page.getByTestId('preview-text');
    const forwarded = page.getByTestId('ladder').locator('[data-forwarded="true"]');
    await page.getByLabel(/^0/).check();
    await expect(preview).toHaveText(/^Bij een havo-toets met terugstuuroptie 0 gaan de resultaten naar Numo van leerlingen die functioneren op vmbo basis/);
    await expect(forwarded).toHaveCount(4);
    await expect(page.getByTestId('ladder').locator('[data-level="vwo"]')).toContainText('gaat niet naar Numo');
    await expect(page.getByTestId('ladder').locator('[data-level="havo"]')).toContainText('toetsniveau');
    await page.getByLabel(/^\+2/).check();
    await expect(preview).toContainText('gaan de resultaten van alle leerlingen naar Numo');
    await expect(forwarded).toHaveCount(5);
    await page.getByLabel(/^−2/).check();
    await expect(preview).toContainText('havo-toets met terugstuuroptie −2 gaan de resultaten naar Numo van leerlingen die functioneren op vmbo basis en vmbo kader');
    await expect(forwarded).toHaveCount(2);
    await page.getByTestId('test-level').selectOption('vmbo-kb');
    await expect(preview).toContainText('Bij een vmbo-kb-toets met terugstuuroptie −2 gaan er geen resultaten naar Numo');
    await expect(forwarded).toHaveCount(0);
    await page.getByLabel(/^−1/).check();
    await expect(preview).toContainText('vmbo-kb-toets met terugstuuroptie −1 gaan de resultaten naar Numo van leerlingen die functioneren op vmbo basis');
    await expect(forwarded).toHaveCount(1);
    await page.getByLabel(/^0/).check();
    await page.getByTestId('test-level').selectOption('havo');

    // Save: the badge goes from waiting to "bij de centrale dienst" (signed in, so the outbox sends it).
    await page.getByTestId('numo-save').click();
    await expect(page.getByTestId('toast')).toContainText('Numo-aanmelding opgeslagen');
    await expect(page.getByTestId('numo-sync')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
    await expect(page.getByTestId('numo-sync')).toHaveText('Bij de centrale dienst');
    await expect(page.getByTestId('numo-email')).toHaveValue('anna.deboer@noordlyceum.example');
    await expect(page.getByTestId('numo-dirty')).toHaveCount(0);

    // Matching figures of the confirmed import, and the pupils that cannot be coupled.
    await expect(page.getByTestId('matching-pupils')).toHaveText(String(figures.pupils));
    await expect(page.getByTestId('matching-gebruikersnaam')).toHaveText(String(figures.withGebruikersnaam));
    await expect(page.getByTestId('matching-eckid')).toHaveText(String(figures.withEckid));
    await expect(page.getByTestId('matching-neither')).toHaveText(String(figures.withNeither));
    await expect(page.getByTestId('matching-warning')).toContainText(`${figures.withNeither} leerlingen hebben geen leerlingnummer en geen eck-id`);
    await expect(page.getByTestId('unmatchable-list').getByRole('listitem')).toHaveCount(figures.withNeither);

    // The summary to print (the print stylesheet hides the rest).
    const summary = page.getByTestId('numo-summary');
    await expect(summary).toContainText('4711');
    await expect(summary).toContainText('Mevrouw');
    await expect(summary).toContainText('Noordlyceum');
    await expect(summary).toContainText(ACCOUNT_A.brin6);
    await expect(page.getByTestId('numo-print')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('numo-form')).toBeHidden();
    await expect(page.locator('.sidenav')).toBeHidden();
    await expect(summary).toBeVisible();
    await snap(page, testInfo, 'numo-afdruk');
    await page.emulateMedia({ media: 'screen' });

    // Kurve: the file downloads under its name, and the message is ready to copy.
    const schooljaar = schoolYearOf(new Date());
    const downloading = page.waitForEvent('download');
    await page.getByTestId('kurve-export').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`Noordlyceum_${ACCOUNT_A.brin6}_${schooljaar}.xml`);
    const xml = fs.readFileSync(await download.path(), 'utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('EDEX');
    expect(xml).not.toContain('<bsn>');
    await expect(page.getByTestId('kurve-ready')).toContainText(`Noordlyceum_${ACCOUNT_A.brin6}_${schooljaar}.xml`);
    await expect(page.getByTestId('kurve-to')).toHaveText('support@kurve.nl');
    await expect(page.getByTestId('kurve-subject')).toContainText('Noordlyceum');
    await expect(page.getByTestId('kurve-message')).toHaveValue(/Korte schoolnaam in Numo: Noordlyceum/);
    await page.getByTestId('kurve-copy').click();
    await expect(page.getByTestId('toast')).toContainText('Bericht gekopieerd');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Aan: support@kurve.nl');
    expect(copied).toContain('Korte schoolnaam in Numo: Noordlyceum');
    await expectAccessible(page, 'Numo-koppeling (ingevuld, Kurve-bestand)');
    await page.getByTestId('kurve').scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'numo-kurve');
    await page.getByTestId('terugstuuroptie').scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'numo-terugstuuroptie');

    // The registration stays after a reload.
    await page.reload();
    await page.getByTestId('nav-numo').click();
    await expect(page.getByTestId('numo-klantnummer')).toHaveValue('4711');
    await expect(page.getByTestId('option-0')).toBeChecked();
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await api.stop();
  }
});

test('IP allowlist: internal and duplicate addresses flagged beside the field, save and sync, expired entries, "Controleer dit adres"', async ({ page, pageErrors }, testInfo) => {
  const publicAddress = '145.97.33.8';
  const api = await startReferenceApi(['--public-address', publicAddress]);
  const console = await startConsole(undefined, { api: api.origin });
  try {
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_B.brin6, 'Locatie Zuid', ACCOUNT_B.username);

    await page.getByTestId('nav-allowlist').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Toetsbeveiliging: IP-adressen' })).toBeVisible();
    await expect(page.getByTestId('allowlist-empty')).toBeVisible();
    await expect(page.getByTestId('allowlist-sync')).toHaveText('Nog niet opgeslagen');
    await expectAccessible(page, 'Toetsbeveiliging (leeg)');
    await snap(page, testInfo, 'allowlist-leeg');

    // Not signed in: the check needs the service, and says so in Dutch.
    await page.getByTestId('check-address').click();
    await expect(page.getByTestId('check-this-pc').getByTestId('screen-error')).toContainText('Meld je eerst aan voor 99ZX11');

    // A private address: the internal-address message beside the field.
    await page.getByTestId('ip-add-row').click();
    const rows = page.getByTestId('ip-row');
    await expect(rows.nth(0).getByTestId('ip-address')).toBeFocused();
    await rows.nth(0).getByTestId('ip-address').fill('10.0.0.1');
    await expect(rows.nth(0).getByTestId('ip-address-error')).toContainText('dit is een intern adres; de toetsomgeving ziet het publieke adres');
    await expect(rows.nth(0).getByTestId('ip-address')).toHaveAttribute('aria-invalid', 'true');
    await rows.nth(0).getByTestId('ip-address').fill('145.97.33.7');
    await expect(rows.nth(0).getByTestId('ip-address-error')).toHaveCount(0);
    await rows.nth(0).getByTestId('ip-label').fill('Hoofdgebouw');

    // The same address twice: flagged on the second row, naming the first.
    await page.getByTestId('ip-add-row').click();
    await rows.nth(1).getByTestId('ip-address').fill(' 145.97.33.7 ');
    await expect(rows.nth(1).getByTestId('ip-address-error')).toHaveText('145.97.33.7 staat al in de lijst (regel 1).');
    await page.getByTestId('allowlist-save').click();
    await expect(page.getByTestId('allowlist-problems')).toBeVisible();
    await expectAccessible(page, 'Toetsbeveiliging (fouten)');
    await snap(page, testInfo, 'allowlist-fouten');

    // A pupil elsewhere: an end date already past is refused at its field (issue 15, point 4), a later one is fine.
    await rows.nth(1).getByTestId('ip-address').fill('2a02:A46:0001:0:0:0:0:10');
    await rows.nth(1).getByTestId('ip-label').fill('Leerling thuis');
    await rows.nth(1).getByTestId('ip-until').fill('2024-07-31');
    await expect(rows.nth(1).getByTestId('ip-until-error')).toContainText('Deze einddatum is al voorbij');
    await page.getByTestId('allowlist-save').click();
    await expect(page.getByTestId('allowlist-problems')).toBeVisible();
    await expect(rows.nth(1).getByTestId('ip-until')).toBeFocused();
    await expect(page.getByTestId('allowlist-sync')).toHaveText('Nog niet opgeslagen');
    await rows.nth(1).getByTestId('ip-until').fill(`${new Date().getFullYear() + 1}-07-31`);
    await expect(rows.nth(1).getByTestId('ip-until-error')).toHaveCount(0);

    // Save (offline: waiting), then sign in and see it reach the service.
    await page.getByTestId('allowlist-save').click();
    await expect(page.getByTestId('toast')).toContainText('Lijst opgeslagen: 2 adressen');
    await expect(rows.nth(1).getByTestId('ip-address')).toHaveValue('2a02:a46:1::10');
    await expect(page.getByTestId('allowlist-sync')).toHaveAttribute('data-state', 'pending');
    await page.getByTestId('nav-sign-in').click();
    await signInHere(page, ACCOUNT_B.password);
    await page.getByTestId('nav-allowlist').click();
    await expect(page.getByTestId('allowlist-sync')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
    await expect(rows).toHaveCount(2);

    // The pupil is done: remove the row and save.
    await rows.nth(1).getByTestId('ip-remove').click();
    await expect(rows).toHaveCount(1);
    await page.getByTestId('allowlist-save').click();
    await expect(page.getByTestId('toast')).toContainText('Lijst opgeslagen: 1 adres');
    await expect(page.getByTestId('allowlist-expired')).toHaveCount(0);

    // "Controleer dit adres": the service sees the public address; it is not on the list; one click adds it.
    await page.getByTestId('check-address').click();
    await expect(page.getByTestId('check-seen')).toHaveText(publicAddress);
    await expect(page.getByTestId('check-not-on-list')).toBeVisible();
    await expectAccessible(page, 'Toetsbeveiliging (controle)');
    await snap(page, testInfo, 'allowlist-controle');
    await page.getByTestId('check-add').click();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1).getByTestId('ip-address')).toHaveValue(publicAddress);
    await expect(page.getByTestId('allowlist-added')).toContainText('Klik op ‘Lijst opslaan’');
    await expect(page.getByTestId('check-added')).toBeVisible();
    await page.getByTestId('allowlist-save').click();
    // Right after "Lijst opslaan" the check follows the saved list — no "nog niet opgeslagen", no second check needed.
    await expect(page.getByTestId('check-on-list')).toBeVisible();
    await expect(page.getByTestId('check-added')).toHaveCount(0);
    await expect(page.getByTestId('allowlist-sync')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
    await page.getByTestId('check-address').click();
    await expect(page.getByTestId('check-on-list')).toBeVisible();
    await expectAccessible(page, 'Toetsbeveiliging (opgeslagen)');
    await snap(page, testInfo, 'allowlist-opgeslagen');
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await api.stop();
  }
});

test('school-year plan: seed tasks per role, tick off, overdue, filter, own task added and removed, per year', async ({ page, pageErrors }, testInfo) => {
  const console = await startConsole();
  try {
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Noordlyceum', ACCOUNT_A.username);
    await page.getByTestId('nav-plan').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Jaarplan Leerling in beeld VO' })).toBeVisible();
    const current = schoolYearOf(new Date());
    await expect(page.getByTestId('plan-year')).toHaveValue(current);

    // The seed's roles, each with its tasks.
    const roles: Array<[string, string, number]> = [
      ['management', 'Management', 4],
      ['coordinator', 'Coördinator Leerling in beeld VO', 12],
      ['woots-beheerder', 'Beheerder Woots', 4],
      ['docent', 'Docenten', 4],
      ['kwaliteitsmedewerker', 'Kwaliteitsmedewerkers', 1],
    ];
    for (const [id, label, n] of roles) {
      const card = page.getByTestId(`plan-role-${id}`);
      await expect(card.getByRole('heading', { level: 3 })).toHaveText(label);
      await expect(card.getByTestId('plan-task')).toHaveCount(n);
    }
    await expect(page.getByTestId('plan-counts')).toContainText('0 van 25 taken klaar');
    await expect(page.getByTestId('plan-role-coordinator')).toContainText('Jij bent de spin in het web van het leerlingvolgsysteem.');
    // Seed tasks cannot be removed.
    await expect(page.getByTestId('plan-role-management').getByTestId('task-remove')).toHaveCount(0);
    await expectAccessible(page, 'Jaarplan');
    await snap(page, testInfo, 'plan-leeg');

    // Tick one off; give another a date in the past: overdue, in text.
    const keuzes = page.locator('[data-task="seed:management-keuzes"]');
    await keuzes.getByRole('checkbox').check();
    await expect(keuzes).toContainText('Klaar');
    await expect(page.getByTestId('plan-counts')).toContainText('1 van 25 taken klaar');
    const licenties = page.locator('[data-task="seed:coordinator-licenties"]');
    await licenties.getByTestId('task-due').fill('1-9-2024');
    await expect(licenties).toHaveAttribute('data-overdue', 'true');
    await expect(licenties.getByTestId('task-overdue')).toContainText('Te laat');
    await expect(page.getByTestId('plan-overdue-count')).toContainText('1 taak is te laat');
    await licenties.getByTestId('task-note').fill('Contract loopt via het bestuur');
    await licenties.getByTestId('task-note').press('Tab');

    // Filters: only overdue, only open.
    await page.getByTestId('plan-filter').getByText(/Alleen te laat/).click();
    await expect(page.getByTestId('plan-task')).toHaveCount(1);
    await expectAccessible(page, 'Jaarplan (te laat)');
    await snap(page, testInfo, 'plan-te-laat');
    await page.getByTestId('plan-filter').getByText(/^Open/).click();
    await expect(page.getByTestId('plan-task')).toHaveCount(24);
    await page.getByTestId('plan-filter').getByText(/^Alle taken/).click();

    // An own task: added under its role, then removed after confirmation.
    await page.getByTestId('add-task').click();
    await expect(page.getByTestId('plan-add')).toContainText('Vul in wat er moet gebeuren.');
    await page.getByTestId('add-title').fill('Inhaalmoment voor 2A plannen');
    await page.getByTestId('add-role').selectOption('docent');
    // Days are typed and shown the Dutch way in every browser (issue 33: a date input showed mm/dd/yyyy).
    await expect(page.getByTestId('add-due')).toHaveAttribute('placeholder', 'dd-mm-jjjj');
    await page.getByTestId('add-due').fill('31-02-2099');
    await page.getByTestId('add-due').blur();
    await expect(page.getByTestId('add-due-error')).toHaveText('Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 15-09-2026.');
    await page.getByTestId('add-due').fill('01-03-2099');
    await page.getByTestId('add-task').click();
    const own = page.getByTestId('plan-role-docent').getByTestId('plan-task').filter({ hasText: 'Inhaalmoment voor 2A plannen' });
    await expect(own).toContainText('Eigen taak');
    await expect(page.getByTestId('plan-counts')).toContainText('1 van 26 taken klaar');
    await own.getByTestId('task-remove').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Inhaalmoment voor 2A plannen');
    await expectAccessible(page, 'Jaarplan (taak verwijderen)');
    await dialog.getByRole('button', { name: 'Verwijder taak' }).click();
    await expect(own).toHaveCount(0);
    await expect(page.getByTestId('plan-counts')).toContainText('1 van 25 taken klaar');

    // Kept after a reload; another school year has its own plan.
    await page.reload();
    await page.getByTestId('nav-plan').click();
    await expect(page.locator('[data-task="seed:management-keuzes"]').getByRole('checkbox')).toBeChecked();
    await expect(page.locator('[data-task="seed:coordinator-licenties"]').getByTestId('task-note')).toHaveValue('Contract loopt via het bestuur');
    const start = Number(current.slice(0, 4));
    await page.getByTestId('plan-year').selectOption(`${start + 1}-${start + 2}`);
    await expect(page.getByTestId('plan-counts')).toContainText('0 van 25 taken klaar');
    await page.getByTestId('plan-year').selectOption(current);
    await expect(page.getByTestId('plan-counts')).toContainText('1 van 25 taken klaar');
    await page.locator('[data-task="seed:coordinator-licenties"]').scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'plan-ingevuld');
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
  }
});
