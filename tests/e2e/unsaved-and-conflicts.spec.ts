import type { Page, TestInfo } from '@playwright/test';
import { expect, startConsole, test } from './fixtures';
import { ACCOUNT_A, ACCOUNT_B, addLocation, addUserByHand, edexmlFile, expectAccessible, importFile, signInHere, snap, startReferenceApi, switchTo } from './support';

test.describe.configure({ timeout: 150_000 });

/** A location with a confirmed file and two users, on step 7. */
async function onStep7(page: Page, testInfo: TestInfo): Promise<void> {
  await addLocation(page, ACCOUNT_B.brin6, 'Locatie Zuid', ACCOUNT_B.username);
  await addLocation(page, ACCOUNT_A.brin6, 'Locatie Noord', ACCOUNT_A.username);
  await importFile(page, edexmlFile(testInfo, ACCOUNT_A.brin6, 90, 4));
  await page.getByTestId('to-confirm').click();
  await page.getByTestId('confirm').click();
  await page.getByTestId('nav-add-users').click();
  await addUserByHand(page, { voornaam: 'Johan', achternaam: 'Johansen', email: 'johan@citotestschoolv01.nl' });
  // Saved (the form closed) before the next one is opened, as a person would see it.
  await expect(page.getByTestId('user-list')).toContainText('Johan Johansen');
  await addUserByHand(page, { voornaam: 'Bea', achternaam: 'Beheerder', email: 'bea@citotestschoolv01.nl' });
  await expect(page.getByTestId('user-list').getByRole('listitem')).toHaveCount(2);
  await page.getByTestId('nav-assign-roles').click();
}

const row = (page: Page, name: string) => page.getByTestId('roles-users').getByRole('listitem').filter({ hasText: name });

/** Johan gets Leerlingbegeleider with every class, not saved. */
async function editJohan(page: Page): Promise<void> {
  await row(page, 'Johan Johansen').getByRole('checkbox').check();
  const editor = page.getByTestId('role-editor');
  await editor.getByTestId('role-choice').selectOption('leerlingbegeleider');
  await editor.getByTestId('add-role').click();
  await editor.getByRole('button', { name: 'Alle klassen' }).click();
  await expect(editor.getByTestId('roles-dirty')).toHaveText('Niet opgeslagen wijzigingen');
}

test('step 7: unsaved roles and classes are never dropped without a word — another user, screen, location, or closing asks Opslaan / Niet opslaan / Annuleren', async ({ page, pageErrors }, testInfo) => {
  const console = await startConsole();
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(console.url);
    await onStep7(page, testInfo);
    await editJohan(page);
    const dialog = page.getByTestId('leave-dialog');

    // Another user: asked; Annuleren keeps everything as it was.
    await row(page, 'Bea Beheerder').getByRole('checkbox').click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Je hebt de rollen en klassen van Johan Johansen gewijzigd, maar nog niet opgeslagen.');
    await expect(dialog.getByRole('button', { name: 'Opslaan', exact: true })).toBeFocused();
    await expectAccessible(page, 'vraag bij verlaten');
    await snap(page, testInfo, 'niet-opgeslagen-vraag');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, 'Bea Beheerder').getByRole('checkbox')).not.toBeChecked();
    await expect(page.getByTestId('role-editor').getByTestId('roles-dirty')).toBeVisible();
    // Escape is Annuleren too.
    await page.getByTestId('nav-invite').click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('role-editor')).toBeVisible();

    // Another screen: Niet opslaan drops the changes and goes.
    await page.getByTestId('nav-invite').click();
    await dialog.getByRole('button', { name: 'Niet opslaan' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /Uitnodigen/ })).toBeVisible();
    await page.getByTestId('nav-assign-roles').click();
    await expect(row(page, 'Johan Johansen')).toContainText('geen toegang');

    // Another location: Opslaan saves, then switches.
    await editJohan(page);
    await page.getByTestId('location-switcher').click();
    await page.getByTestId('switcher-input').fill(ACCOUNT_B.brin6);
    await page.getByTestId('switcher-input').press('Enter');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', ACCOUNT_B.brin6);
    await switchTo(page, ACCOUNT_A.brin6);
    await page.getByTestId('nav-assign-roles').click();
    await expect(row(page, 'Johan Johansen')).toContainText('Leerlingbegeleider');

    // Closing the window: the page holds the close and the browser asks (Electron asks its own three answers).
    await row(page, 'Johan Johansen').getByRole('checkbox').check();
    await page.getByTestId('role-editor').getByTestId('role-choice').selectOption('kwaliteitsmedewerker');
    await page.getByTestId('role-editor').getByTestId('add-role').click();
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
  }
});

test("step 6: a conflict shows both values per field; the admin's choice is sent, the colleague's achternaam stays", async ({ page, pageErrors }, testInfo) => {
  const api = await startReferenceApi();
  const console = await startConsole(undefined, { api: api.origin });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Locatie Noord', ACCOUNT_A.username);
    await signInHere(page, ACCOUNT_A.password);
    await page.getByTestId('nav-add-users').click();
    await addUserByHand(page, { voornaam: 'Ria', achternaam: 'Smit', email: 'ria@citotestschoolv01.nl' });
    const list = page.getByTestId('user-list');
    await expect(list.getByTestId('user-sync')).toHaveCount(0, { timeout: 20_000 }); // at the service

    // A colleague changes achternaam and e-mail at the service.
    const { token } = (await (await fetch(`${api.origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ACCOUNT_A) })).json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const feed = async () =>
      ((await (await fetch(`${api.origin}/v1/locations/${ACCOUNT_A.brin6}/users?since=0`, { headers: auth })).json()) as { changes: Array<{ user?: { id: string; version: number; voornaam: string; achternaam: string; email: string } }> }).changes
        .filter((c) => c.user)
        .at(-1)?.user;
    // The badge going away is not enough to know (it is not there yet right after adding): ask the service itself.
    await expect.poll(async () => (await feed())?.email, { timeout: 20_000 }).toBe('ria@citotestschoolv01.nl');
    const ria = (await feed())!;
    // This console signs out first, so it cannot learn of the colleague's change before the admin's edit is made
    // (its rounds are quick enough to pull it in between, and then there is nothing to clash): the edit is queued
    // against the version it knew, and meets the colleague's change when it is sent after signing in again.
    await page.getByTestId('nav-sign-in').click();
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await expect(page.getByTestId('signed-in')).toHaveCount(0);
    const patched = await fetch(`${api.origin}/v1/locations/${ACCOUNT_A.brin6}/users/${ria.id}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'collega-1', 'if-match': `"${ria.version}"` },
      body: JSON.stringify({ achternaam: 'de Vries', email: 'r.devries@citotestschoolv01.nl' }),
    });
    expect(patched.status).toBe(200);

    // Here: voornaam and e-mail.
    await page.getByTestId('nav-add-users').click();
    await list.getByRole('button', { name: /Bewerken/ }).click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('Voornaam').fill('Marja');
    await form.getByLabel('E-mailadres').fill('marja@citotestschoolv01.nl');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await expect(list.getByTestId('user-sync')).toContainText('Wacht op verzending');
    await page.getByTestId('nav-sign-in').click();
    await signInHere(page, ACCOUNT_A.password);
    await page.getByTestId('nav-add-users').click();
    await expect(list.getByTestId('user-sync')).toContainText('Conflict', { timeout: 20_000 });

    await list.getByRole('button', { name: /Conflict oplossen/ }).click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toContainText(`Gewijzigd door ${ACCOUNT_A.username}`);
    await expect(page.getByTestId('conflict-email-mine')).toHaveText('marja@citotestschoolv01.nl');
    await expect(page.getByTestId('conflict-email-theirs')).toHaveText('r.devries@citotestschoolv01.nl');
    await expect(page.getByTestId('conflict-achternaam')).toHaveCount(0); // only they changed it: not a question
    await expectAccessible(page, 'conflict per veld');
    await snap(page, testInfo, 'conflict-per-veld');
    // Nothing chosen: said at the field, which gets focus.
    await page.getByTestId('conflict-resolve').click();
    await expect(page.getByTestId('conflict-email-error')).toContainText('Kies bij e-mailadres welke versie blijft');
    await expect(conflict.getByRole('button', { name: 'Mijn versie houden' })).toBeFocused();
    await conflict.getByRole('button', { name: 'Die versie overnemen' }).click();
    await expect(conflict.getByRole('button', { name: 'Die versie overnemen' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('conflict-resolve').click();
    await expect(page.getByTestId('user-form')).toBeHidden();
    await expect(list.getByTestId('user-sync')).toHaveCount(0, { timeout: 20_000 });
    await expect(list).toContainText('Marja de Vries');
    await expect(list).toContainText('r.devries@citotestschoolv01.nl');
    expect(await feed()).toMatchObject({ voornaam: 'Marja', achternaam: 'de Vries', email: 'r.devries@citotestschoolv01.nl' });
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await api.stop();
  }
});
