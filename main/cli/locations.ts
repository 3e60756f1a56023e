import { parseBrin6 } from '../../shared/domain/brin';
import type { parseCliArgs } from './options';
import { EXIT, cliDataDir, cliName, withServices } from './common';
import type { CliIo } from './common';

/** `locations list|add|remove`: the window's "Mijn schoollocaties", through the same handlers. */
export async function locationsCommand(rest: readonly string[], values: ReturnType<typeof parseCliArgs>['values'], io: CliIo): Promise<number> {
  const [action, brin6Word, ...extra] = rest;
  const usage = `Gebruik: ${cliName(io)} locations list | locations add BRIN6 --name NAAM [--username GEBRUIKER] | locations remove BRIN6 [--force]\n`;
  const wantsBrin6 = action === 'add' || action === 'remove';
  if ((action !== 'list' && !wantsBrin6) || extra.length > 0 || (wantsBrin6 ? brin6Word === undefined : brin6Word !== undefined)) {
    io.stderr(usage);
    return EXIT.usage;
  }
  const dataDir = cliDataDir(values['data-dir'], io);
  return withServices(dataDir, io, async ({ call }) => {
    if (action === 'add') {
      if (values.name === undefined) {
        io.stderr(`Geef de naam van de school of locatie mee: --name "Naam". ${usage}`);
        return EXIT.usage;
      }
      const added = await call('locations:add', { brin6: brin6Word, name: values.name, username: values.username ?? '' });
      if (values.json) io.stdout(`${JSON.stringify({ location: added })}\n`);
      else io.stdout(`Locatie ${added.brin6} (${added.name}) toegevoegd.\n`);
      return EXIT.ok;
    }
    if (action === 'remove') {
      const parsed = parseBrin6(brin6Word!);
      if (!parsed.ok) {
        io.stderr(`${parsed.message}\n`);
        return EXIT.usage;
      }
      // Like the window's confirmation: changes that never reached the service go with the location — say so first.
      const row = (await call('sync:get-status', undefined)).locations.find((l) => l.brin6 === parsed.brin6);
      const unsent = (row?.pending ?? 0) + (row?.failed ?? 0) + (row?.conflicts ?? 0);
      if (unsent > 0 && !values.force) {
        io.stderr(
          `Locatie ${parsed.brin6} heeft ${unsent === 1 ? '1 wijziging' : `${unsent} wijzigingen`} die de centrale dienst nog niet heeft; die gaan verloren als je haar verwijdert. ` +
            `Verstuur ze eerst (${cliName(io)} sync --brin6 ${parsed.brin6}), of geef --force mee om haar toch te verwijderen.\n`,
        );
        return EXIT.finding;
      }
      const left = await call('locations:remove', { brin6: parsed.brin6 });
      if (values.json) io.stdout(`${JSON.stringify({ locations: left })}\n`);
      else io.stdout(`Locatie ${parsed.brin6} verwijderd, met alles wat de console ervan bewaarde.\n`);
      return EXIT.ok;
    }
    const locations = await call('locations:list-all', undefined);
    if (values.json) io.stdout(`${JSON.stringify({ locations })}\n`);
    else if (locations.length === 0) io.stdout(`Nog geen locaties. Voeg er een toe: ${cliName(io)} locations add 99ZX10 --name "Naam van de school"\n`);
    else for (const l of locations) io.stdout(`${l.brin6}  ${l.name}${l.username ? `  (${l.username})` : ''}\n`);
    return EXIT.ok;
  });
}

