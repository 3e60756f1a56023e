import { rolloverCommand } from './rollover';
import { parseBrin6 } from '../../shared/domain/brin';
import { parseCliArgs } from './options';
import { EXIT, cliDataDir, cliName, withServices } from './common';
import type { CliIo, CommandContext } from './common';
import { helpText } from './help';
import { exportCommand, exportKurve, finish, historyCommand, importCommand, restoreCommand } from './imports';
import { locationsCommand } from './locations';
import { networkCommand } from './network';

export { EXIT } from './common';
export type { CliIo } from './common';

/**
 * Runs one CLI command headless, on the same services as the window. Pure of process globals so tests call it
 * directly; `start.ts` wires it to `process`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`${dutchParseError(error)}\nZie "${cliName(io)} --help".\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = values.version && positionals.length === 0 ? ['version'] : positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout(helpText(io));
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  const takesFile = command === 'validate' || command === 'import' || command === 'export';
  if (command === 'locations') return locationsCommand(rest, values, io);
  if (rest.length > (takesFile ? (command === 'import' ? Infinity : 1) : 0)) {
    io.stderr(`De opdracht "${command}" neemt ${takesFile ? 'één bestand' : 'geen extra woorden'} ("${rest.join(' ')}"). Zie "${cliName(io)} --help".\n`);
    return EXIT.usage;
  }
  if (takesFile && rest.length === 0) {
    io.stderr(`Noem het bestand: ${cliName(io)} ${command} BESTAND${command === 'validate' ? '' : ' --brin6 99ZX10'}\n`);
    return EXIT.usage;
  }
  const dataDir = cliDataDir(values['data-dir'], io);
  let brin6: string | undefined;
  if (values.brin6 !== undefined) {
    const parsed = parseBrin6(values.brin6);
    if (!parsed.ok) {
      io.stderr(`${parsed.message}\n`);
      return EXIT.usage;
    }
    brin6 = parsed.brin6;
  } else if (command === 'export' || command === 'export-kurve' || command === 'history' || command === 'restore' || command === 'rollover') {
    io.stderr(`Zeg voor welke locatie: --brin6, bijvoorbeeld --brin6 99ZX10.\n`);
    return EXIT.usage;
  }
  const file = rest[0] ?? '';
  const json = values.json ?? false;
  let maxBytes: number | undefined;
  if (values['max-mb'] !== undefined) {
    const mb = Number(values['max-mb']);
    if (!Number.isFinite(mb) || mb <= 0) {
      io.stderr(`"${values['max-mb']}" is geen geldige grootte. Geef een aantal MB, bijvoorbeeld --max-mb 512.\n`);
      return EXIT.usage;
    }
    maxBytes = Math.round(mb * 1024 * 1024);
  }

  const context: CommandContext = { io, dataDir, brin6, file, rest, json, maxBytes, values };
  switch (command) {
    case 'version': {
      const { latestSchemaVersion } = await import('../db/migrations');
      io.stdout(`Beheerconsole ${io.version}\nSchemaversie database: ${latestSchemaVersion}\nNode.js ${process.versions.node}\n`);
      return EXIT.ok;
    }
    case 'check':
      return check(dataDir, io);
    case 'validate': {
      const [{ analyseFile }, { reportOf }] = await Promise.all([import('../edexml/engine'), import('../imports/import')]);
      const report = reportOf(analyseFile(file, { targetBrin6: brin6, maxBytes }));
      return finish(report, json, io, 'gecontroleerd');
    }
    case 'import':
      return importCommand(context);
    case 'export':
      return exportCommand(context);
    case 'export-kurve':
      return exportKurve(dataDir, io, brin6!, values.out, values['korte-schoolnaam'], json);
    case 'history':
      return historyCommand(context);
    case 'restore':
      return restoreCommand(context);
    case 'status':
      return withServices(dataDir, io, async ({ call }) => {
        // The queue per location as scripts have read it since the first version (without the window's sign-in state).
        const rows = (await call('sync:get-status', undefined)).locations.map(({ signedIn: _signedIn, signInRefused: _refused, ...row }) => row);
        if (json) io.stdout(`${JSON.stringify({ locations: rows })}\n`);
        else if (rows.length === 0) io.stdout('Nog geen locaties.\n');
        else {
          for (const r of rows) {
            const delayed = r.delayed > 0 ? `, ${r.delayed} vertraagd (nog niet aangekomen): ${r.delayedReason ?? 'reden onbekend'}` : '';
            io.stdout(
              `${r.brin6}: ${r.pending} in de wachtrij${delayed}, ${r.failed} geweigerd, ${r.conflicts} conflicten; laatst gelukt: ${r.lastSuccessAt ?? 'nog nooit'}${r.lastError && r.delayed === 0 ? `; laatste fout: ${r.lastError}` : ''}\n`,
            );
          }
        }
        return rows.some((r) => r.failed > 0 || r.conflicts > 0 || r.delayed > 0) ? EXIT.finding : EXIT.ok;
      });
    case 'rollover':
      return rolloverCommand(context);
    case 'check-connection':
    case 'sync':
      return networkCommand({ ...context, command });
    default:
      io.stderr(`Onbekende opdracht "${command}". Zie "${cliName(io)} --help" voor de opdrachten.\n`);
      return EXIT.usage;
  }
}


function check(dataDir: string, io: CliIo): Promise<number> {
  return withServices(
    dataDir,
    io,
    ({ services: opened }) => {
      const info = opened.getInfo();
      io.stdout(`Gegevensmap: ${dataDir}\n`);
      for (const notice of info.notices) {
        (notice.level === 'error' ? io.stderr : io.stdout)(`${notice.level === 'error' ? 'FOUT' : 'LET OP'}: ${notice.message}\n`);
      }
      if (info.notices.some((n) => n.level === 'error')) return EXIT.finding;
      io.stdout(`Database in orde (schemaversie ${info.databaseVersion}).\n`);
      return EXIT.ok;
    },
    false,
  );
}


function dutchParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'([^']+)'/.exec(message)?.[1];
  if (message.includes('Unknown option')) return `Onbekende optie ${option ?? ''}.`.replace(' .', '.');
  if (message.includes('argument missing')) return `De optie ${option ?? ''} heeft een waarde nodig.`;
  return `Ongeldige opties: ${message}`;
}
