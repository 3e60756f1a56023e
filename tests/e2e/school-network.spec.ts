import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startConsole, test } from './fixtures';
import { ACCOUNT_A, addLocation, expectAccessible, signInHere, snap, startReferenceApi } from './support';
import { SERVICE_HOST, makePki, startBlockPage, startConnectProxy, startHttpsFront } from '../helpers/network';

/**
 * Issue 30 in the real UI (browser mode in Debian's Chromium): behind a web filter, a TLS-inspecting network and a
 * proxy that wants a password, every screen says why there is no connection — "omgeleid", "certificaat", "proxy" —
 * "Verbinding testen" shows each leg, and the school's certificate chosen in "Support en updates" makes it work.
 */
test.describe.configure({ timeout: 120_000 });

test('behind a web filter: "omgeleid" in the status bar, step 1 and "Verbinding testen"; nothing counts as sent', async ({ page, pageErrors }, testInfo) => {
  const filter = await startBlockPage('redirect');
  const console = await startConsole(undefined, { api: filter.origin });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
    await expect(page.getByTestId('connection')).toHaveText(/^Geen verbinding · omgeleid door het schoolnetwerk sinds \d\d:\d\d$/);
    await expect(page.getByTestId('offline-note')).toContainText('Het verzoek is omgeleid: het schoolnetwerk stuurde het naar een andere pagina (bijvoorbeeld een webfilter of inlogpagina)');
    await page.getByTestId('signin-connection-check-run').click();
    const result = page.getByTestId('signin-connection-check-result');
    await expect(result).toContainText('Uitkomst: het verzoek werd omgeleid (webfilter of inlogpagina)');
    await expect(result).toContainText(`geen antwoord van de dienst (diverted.redirect)`);
    await expect(result).toContainText('geen (rechtstreeks)');
    await result.getByText('Tekst voor de helpdesk').click();
    await expect(page.getByTestId('signin-connection-check-text')).toContainText('GET /v1/health: geen antwoord van de dienst — diverted.redirect (302)');
    await expectAccessible(page, 'stap 1 achter een webfilter');
    await snap(page, testInfo, '30-webfilter-omgeleid');
    // A sign-in through the filter: refused with why, at the form — not "wrong password", not a generic failure.
    await page.getByLabel('Wachtwoord').fill(ACCOUNT_A.password);
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await expect(page.getByTestId('screen-error')).toContainText('Aanmelden lukte niet. Het verzoek is omgeleid');
    // The filter never saw a request to its own page: nothing followed the redirect.
    expect(filter.seen.some((r) => r.path === '/geblokkeerd')).toBe(false);
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await filter.close();
  }
});

test('TLS inspection: "certificaat" until the school\'s certificate is chosen in Support en updates; then signed in and online', async ({ page, pageErrors }, testInfo) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-e2e-pki-'));
  const pki = makePki(work);
  const api = await startReferenceApi();
  const front = await startHttpsFront({ certPem: pki.certPem, keyPem: pki.keyPem, target: api.origin });
  const console = await startConsole(undefined, { api: front.origin });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
    await expect(page.getByTestId('connection')).toHaveText(/^Geen verbinding · certificaat niet vertrouwd sinds \d\d:\d\d$/);
    await expect(page.getByTestId('offline-note')).toContainText('wordt niet vertrouwd');
    await expect(page.getByTestId('offline-note')).toContainText('TLS-inspectie');

    await page.getByTestId('support-open').click();
    const dialog = page.getByTestId('support-dialog');
    await dialog.getByTestId('support-connection-check-run').click();
    const result = dialog.getByTestId('support-connection-check-result');
    await expect(result).toContainText('uitgegeven door Schoolnetwerk TLS-inspectie CA; niet vertrouwd (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    await expect(result).toContainText('certificaat');
    await snap(page, testInfo, '30-verbinding-testen-certificaat');
    // The wrong file first: a private key is refused at the field, and nothing changes.
    await dialog.getByTestId('school-certificate-file').setInputFiles(path.join(work, 'ca.key'));
    await expect(dialog.getByTestId('screen-error')).toContainText('privésleutel');
    await expect(dialog.getByTestId('school-certificate-none')).toBeVisible();
    await dialog.getByTestId('school-certificate-file').setInputFiles(pki.caFile);
    await expect(dialog.getByTestId('school-certificate-list')).toContainText('Schoolnetwerk TLS-inspectie CA (certificaatautoriteit');
    await dialog.getByTestId('support-connection-check-run').click();
    await expect(result).toContainText('De centrale dienst antwoordt langs deze weg.');
    await expect(result).toContainText('; vertrouwd');
    await expectAccessible(page, 'Support en updates, verbinding getest');
    await snap(page, testInfo, '30-certificaat-van-de-school');
    await dialog.getByRole('button', { name: 'Sluiten' }).click();

    await expect(page.getByTestId('connection')).toHaveText(`Online · niet aangemeld voor ${ACCOUNT_A.brin6}`);
    await signInHere(page, ACCOUNT_A.password);
    await expect(page.getByTestId('connection')).toHaveText(`Online · aangemeld voor ${ACCOUNT_A.brin6}`);
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await front.close();
    await api.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('a proxy that wants a password: "proxy" and 407 on every screen; asked in a Dutch dialog (a wrong one asked again), then online', async ({ page, pageErrors }, testInfo) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-e2e-proxy-'));
  const pki = makePki(work);
  const api = await startReferenceApi();
  const front = await startHttpsFront({ certPem: pki.certPem, keyPem: pki.keyPem, target: api.origin });
  const proxy = await startConnectProxy({ hosts: { [`${SERVICE_HOST}:443`]: front.port }, auth: { user: 'coordinator', password: 'geheim' } });
  const console = await startConsole(undefined, { api: `https://${SERVICE_HOST}`, caFile: pki.caFile, env: { HTTPS_PROXY: proxy.origin } });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
    // The first look ran before any window was open to ask: the status says why, with the proxy's word and 407.
    await expect(page.getByTestId('connection')).toHaveText(/^Geen verbinding · proxy van het schoolnetwerk sinds \d\d:\d\d$/);
    await expect(page.getByTestId('offline-note')).toContainText('De proxy van het schoolnetwerk vraagt om aanmelding (407)');
    expect(proxy.refusals()).toBeGreaterThan(0);

    // "Verbinding testen" meets the proxy: the window asks for its user name and password.
    await page.getByTestId('signin-connection-check-run').click();
    const dialog = page.getByTestId('proxy-login');
    await expect(dialog.getByRole('heading', { name: 'Aanmelden bij de proxy van het schoolnetwerk' })).toBeVisible();
    await expect(dialog).toContainText(`127.0.0.1:${proxy.port}`);
    await expect(dialog.getByLabel('Gebruikersnaam')).toBeFocused();
    await expectAccessible(page, 'aanmelden bij de proxy');
    await snap(page, testInfo, '30-aanmelden-bij-de-proxy');
    await dialog.getByLabel('Gebruikersnaam').fill('coordinator');
    await dialog.getByLabel('Wachtwoord').fill('fout');
    await dialog.getByRole('button', { name: 'Aanmelden bij de proxy' }).click();
    // Refused by the proxy: asked once more, saying so.
    await expect(dialog).toContainText('De proxy weigerde de vorige gegevens');
    await dialog.getByLabel('Wachtwoord').fill('geheim');
    await dialog.getByRole('button', { name: 'Aanmelden bij de proxy' }).click();
    await expect(dialog).not.toBeVisible();
    const result = page.getByTestId('signin-connection-check-result');
    await expect(result).toContainText('De centrale dienst antwoordt langs deze weg.');
    await expect(result).toContainText(`http://127.0.0.1:${proxy.port}`);
    const tunnels = proxy.tunnels();
    await signInHere(page, ACCOUNT_A.password);
    await expect(page.getByTestId('connection')).toHaveText(`Online · aangemeld voor ${ACCOUNT_A.brin6}`);
    expect(proxy.tunnels()).toBeGreaterThanOrEqual(tunnels);
    // The password went to main once and stays in its memory: not in the settings, the log or the data folder's files.
    for (const file of fs.readdirSync(console.dataDir, { recursive: true }) as string[]) {
      const full = path.join(console.dataDir, file);
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes('geheim'), file).toBe(false);
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await proxy.close();
    await front.close();
    await api.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
