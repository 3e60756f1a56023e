import { startApi } from '../helpers/api-server';
import { expect, startConsole, test } from './fixtures';
import { ACCOUNT_A, addLocation, addUserByHand, expectAccessible, signInHere, snap } from './support';

test.describe.configure({ timeout: 90_000 });

test('opened as http://localhost:PORT the console answers like under 127.0.0.1', async ({ page, consoleServer, pageErrors }) => {
  await page.goto(consoleServer.url.replace('127.0.0.1', 'localhost'));
  await expect(page.getByTestId('version')).toHaveText(/browsermodus$/);
  await addLocation(page, ACCOUNT_A.brin6, 'Locatie Noord', ACCOUNT_A.username);
  expect(pageErrors).toEqual([]);
});

test('an invisible character in a name is refused at its field, in Dutch, and nothing is added', async ({ page, consoleServer }, testInfo) => {
  await page.goto(consoleServer.url);
  await addLocation(page, ACCOUNT_A.brin6, 'Locatie Noord', ACCOUNT_A.username);
  await page.getByTestId('nav-add-users').click();
  await addUserByHand(page, { voornaam: 'Johan', achternaam: 'Berg\u200b', email: 'johan@citotestschoolv01.nl' });
  const form = page.getByTestId('user-form');
  await expect(page.getByTestId('user-achternaam-error')).toHaveText('De achternaam bevat een onzichtbaar teken; typ de naam opnieuw.');
  await expect(form.getByLabel('Achternaam')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Achternaam')).toBeFocused();
  await expectAccessible(page, 'gebruiker met onzichtbaar teken');
  await snap(page, testInfo, 'user-form-invisible-character');
  await form.getByLabel('Achternaam').fill('Berg');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByTestId('user-list')).toContainText('Johan Berg');
});

test('a service that keeps answering 503: the status bar says the change is delayed, with the reason, until it arrives', async ({ page, pageErrors }, testInfo) => {
  // The service's process is stopped and started again on the same port and data: real processes.
  const healthy = await startApi([], { process: true });
  const port = new URL(healthy.origin).port;
  const console = await startConsole(undefined, { api: healthy.origin });
  let storm: Awaited<ReturnType<typeof startApi>> | null = null;
  let back: Awaited<ReturnType<typeof startApi>> | null = null;
  try {
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Locatie Noord', ACCOUNT_A.username);
    await signInHere(page, ACCOUNT_A.password);
    await healthy.kill();
    storm = await startApi(['--fail-before', '1', '--port', port], { dataDir: healthy.dataDir, process: true });

    await page.getByTestId('nav-add-users').click();
    await addUserByHand(page, { voornaam: 'Johan', achternaam: 'Johansen', email: 'johan@citotestschoolv01.nl' });
    await expect(page.getByTestId('user-list')).toContainText('Johan Johansen');

    // Each "Nu synchroniseren" is one more try; after three the status bar stops calling it just "wacht".
    await page.getByTestId('nav-sign-in').click();
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
          return page.getByTestId('delayed').count();
        },
        { timeout: 30_000, intervals: [500] },
      )
      .toBe(1);
    await expect(page.getByTestId('delayed')).toHaveText(/^99ZX10: 1 wijziging vertraagd — De dienst is even niet beschikbaar/);
    await snap(page, testInfo, 'statusbar-delayed');
    await expectAccessible(page, 'status vertraagd');

    await storm.kill();
    back = await startApi(['--port', port], { dataDir: healthy.dataDir, process: true });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
          return page.getByTestId('pending').textContent();
        },
        { timeout: 30_000, intervals: [500] },
      )
      .toBe('Geen wijzigingen van 99ZX10 in de wachtrij');
    await expect(page.getByTestId('delayed')).toHaveCount(0);
    expect(pageErrors.filter((e) => !e.includes('503'))).toEqual([]);
  } finally {
    await console.stop();
    for (const api of [back, storm, healthy]) await api?.stop();
  }
});
