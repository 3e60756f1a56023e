import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { addLocation, expectAccessible, importFile, snap } from './support';
import { generateEdexml } from '../helpers/generate-edexml';
import { schoolYearOf } from '../../shared/domain/school-year';

/**
 * Issue 37: from last year's confirmed data to next year's in one screen — the plan after the new file is confirmed,
 * a bulk choice, apply and undo, each at 1366×768.
 */
test('a new school year: the plan per colleague, a bulk choice, apply and undo', async ({ page, consoleServer, pageErrors }, testInfo) => {
  test.setTimeout(120_000);
  const current = schoolYearOf(new Date());
  const start = Number(current.slice(0, 4));
  const last = `${start - 1}-${start}`;
  const write = (name: string, text: string) => {
    const file = testInfo.outputPath(name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const school = { pupils: 300, seed: 11, brincode: '99ZX', dependancecode: '10' };
  await page.goto(consoleServer.url);
  await addLocation(page, '99ZX10', 'Het Lyceum', '');

  // Last year's file, confirmed as another year on purpose.
  await importFile(page, write('vorig-jaar.xml', generateEdexml({ ...school, schooljaar: last })));
  await page.getByTestId('to-confirm').click();
  await page.getByTestId('year-input').fill(last);
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('nav-confirm-school')).toHaveAttribute('data-state', 'done');

  // Colleagues from the file: three mentors and two teachers of Engels, with last year's classes.
  await page.getByTestId('nav-add-users').click();
  const suggestions = page.getByTestId('suggestions');
  for (let i = 0; i < 3; i++) await suggestions.getByRole('checkbox').nth(i).check();
  await suggestions.getByTestId('suggest-role').selectOption('leerlingbegeleider');
  await page.getByTestId('add-suggested').click();
  await expect(page.getByTestId('user-list').getByRole('listitem')).toHaveCount(3);
  for (let i = 0; i < 2; i++) await suggestions.getByRole('checkbox').nth(i).check();
  await suggestions.getByTestId('suggest-role').selectOption('engels');
  await page.getByTestId('add-suggested').click();
  await expect(page.getByTestId('user-list').getByRole('listitem')).toHaveCount(5);

  // This year's file: every class renamed, the sixth-years gone. No typed confirmation; then the plan.
  await importFile(page, write('nieuw-jaar.xml', generateEdexml({ ...school, schooljaar: current, nextYear: true })));
  await page.getByTestId('to-confirm').click();
  await expect(page.getByTestId('leavers')).toContainText('uit eindexamenklassen');
  await expect(page.getByTestId('removal-guard')).toHaveCount(0);
  await page.getByTestId('confirm').click();
  const screen = page.getByTestId('rollover');
  await expect(screen.getByRole('heading', { name: /Nieuw schooljaar/ })).toBeVisible();
  const rows = screen.getByTestId('rollover-row');
  await expect(rows).toHaveCount(5);
  await expect(screen.getByTestId('rollover-table')).toContainText('volgens het bestand');
  await expectAccessible(page, 'rollover plan');
  await snap(page, testInfo, 'nieuw-schooljaar-plan');

  // Bulk: every mentor's classes follow their pupils.
  await screen.getByTestId('bulk-leerlingbegeleider').selectOption('follow');
  for (let i = 0; i < 3; i++) await expect(rows.filter({ hasText: 'Leerlingbegeleider' }).nth(i)).toContainText('klas volgt leerlingen');
  await expect(rows.filter({ hasText: 'Leerlingbegeleider' }).first().getByTestId('rollover-choice')).toHaveValue('follow');
  await snap(page, testInfo, 'nieuw-schooljaar-bulk');

  // Apply: one change; then nothing is left to change, and undo is offered.
  const apply = screen.getByTestId('rollover-apply');
  await expect(apply).toHaveText(/^Toepassen voor 5 collega's$/);
  await apply.click();
  await expect(page.getByTestId('toast')).toContainText("De klassen van 5 collega's zijn bijgewerkt");
  await expect(screen.getByTestId('rollover-undo')).toContainText("voor 5 collega's");
  await expect(apply).toHaveText('Niets te wijzigen');
  await expect(rows.first()).toContainText('blijft');
  await snap(page, testInfo, 'nieuw-schooljaar-toegepast');

  // Undo: every role as it was; the plan is there again.
  await screen.getByTestId('rollover-undo-button').click();
  await expect(page.getByTestId('toast')).toContainText('weer zoals vóór het plan');
  await expect(screen.getByTestId('rollover-undo')).toHaveCount(0);
  await expect(apply).toHaveText(/^Toepassen voor 5 collega's$/);

  // A second window on the same console changes a mentor's roles while this plan is on screen: applying it now is
  // refused in Dutch, nothing is written, and the plan is shown anew — what is applied is what was reviewed.
  const mentors = (await rows.filter({ hasText: 'Leerlingbegeleider' }).evaluateAll((all) => all.map((r) => r.getAttribute('data-user')!))).slice(0, 2);
  const other = await page.context().newPage();
  const editRoles = async (name: string, change: () => Promise<void>) => {
    await other.getByTestId('nav-assign-roles').click();
    const list = other.getByTestId('roles-users').getByRole('listitem');
    for (const item of await list.all()) if (await item.getByRole('checkbox').isChecked()) await item.getByRole('checkbox').uncheck();
    await list.filter({ hasText: name }).getByRole('checkbox').check();
    await change();
    await other.getByTestId('save-roles').click();
    await expect(other.getByTestId('toast')).toContainText(`Rollen van ${name} opgeslagen`);
  };
  await other.goto(consoleServer.url);
  await editRoles(mentors[0]!, () => other.getByTestId('role-item').getByRole('button', { name: /Rol verwijderen/ }).click());
  await apply.click();
  await expect(screen.getByTestId('screen-error')).toContainText('Het plan is veranderd sinds je het bekeek');
  await expect(screen.getByTestId('rollover-undo')).toHaveCount(0);
  await expect(apply).toHaveText(/^Toepassen voor 4 collega's$/);
  await apply.click();
  await expect(page.getByTestId('toast')).toContainText("De klassen van 4 collega's zijn bijgewerkt");

  // After applying, the other window gives the second mentor a role more: the undo leaves that colleague as they are now.
  await editRoles(mentors[1]!, async () => {
    await other.getByTestId('role-choice').selectOption('kwaliteitsmedewerker');
    await other.getByTestId('add-role').click();
  });
  await other.close();
  await screen.getByTestId('rollover-undo-button').click();
  await expect(page.getByTestId('toast')).toContainText(`Niet teruggedraaid, want na het plan gewijzigd: ${mentors[1]}`);

  // The log has one entry for each.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-list')).toContainText("Klassen van collega's bijgewerkt (nieuw schooljaar)");
  await expect(page.getByTestId('audit-list')).toContainText("Klassen van collega's teruggedraaid");
  expect(pageErrors).toEqual([]);
});
