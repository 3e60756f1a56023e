import fs from 'node:fs';
import path from 'node:path';
import { parseBrin6 } from '../../shared/domain/brin';
import { defaultUserDataDir } from '../app/paths';
import type { Services } from '../app/services';
import type { EdexmlReport } from '../edexml/import';
import { plural } from '../../shared/domain/names';
import { parseCliArgs } from './options';

// Modules are loaded per command: `validate` in a school's script should not pay for SQLite and settings.
const services = () => import('../app/services');

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** Where data lives when --data-dir is not given. */
  readonly defaultDataDir?: string;
  /** How the user starts a command, for help and hints: `npm run cli --` (checkout) or the installed executable. */
  readonly invocation?: string;
}

const helpText = (io: CliIo) => `Beheerconsole — opdrachtregel

Gebruik: ${cliName(io)} <opdracht> [opties]

Opdrachten:
  version                         Toont de versie van de console en van het gegevensbestand.
  check                           Controleert de lokale gegevens (database, instellingen).
  validate BESTAND [--brin6 X]    Controleert een EDEXML-bestand zoals het officiële schema (XSD) en de console dat doen.
  import BESTAND --brin6 X [--confirm] [--allow-removals]
                                  Leest het bestand in voor locatie X (stap 2); met --confirm ook bevestigen (stap 3).
                                  Verdwijnen er dan veel leerlingen (meer dan de drempel, standaard 10 %) of is de
                                  schoolkey anders, dan wordt niet bevestigd (afsluitcode 1) tenzij --allow-removals.
  export BESTAND --brin6 X        Schrijft de bevestigde gegevens van locatie X als EDEXML 2.1 (Cito-importbestand).
  export-kurve --brin6 X --out BESTAND|MAP [--korte-schoolnaam NAAM]
                                  Schrijft het Cito-importbestand voor Kurve (Numo-koppeling, Somtoday-scholen): alleen
                                  wat de koppeling nodig heeft. Met een map als --out: de standaardnaam
                                  <korte-schoolnaam>_<BRIN6>_<schooljaar>.xml. Toont het bericht voor support@kurve.nl.
  history --brin6 X               De bevestigde imports van locatie X, nieuwste eerst (met --json: {"imports": [...]}).
  restore --brin6 X [--import ID] [--confirm] [--allow-removals]
                                  Zet een eerdere import terug (zonder --import: die vóór de huidige) als ingelezen
                                  bestand; met --confirm ook bevestigen, met dezelfde controle als import --confirm.
  status                          Wat per locatie nog naar de centrale dienst moet, en de laatste fout.
  sync [--brin6 X] [--api URL]    Verstuurt de wachtrij (van locatie X; zonder --brin6: de enige locatie). Aanmelden via de omgeving:
                                  BEHEERCONSOLE_TOKEN, of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD.
  help                            Toont deze hulp.

Opties:
  --data-dir MAP     Gebruik deze gegevensmap in plaats van de standaardmap.
  --brin6 X          De schoollocatie (BRIN6, bijvoorbeeld 99ZX10).
  --json             Precies één JSON-object op stdout (voor scripts).
  --out BESTAND|MAP  Waar export-kurve het bestand schrijft.
  --korte-schoolnaam NAAM
                     Voor export-kurve: de korte schoolnaam in Numo, als de Numo-aanmelding nog niet is ingevuld.
  --max-mb N         Grootste bestand dat validate/import lezen, in MB (standaard 256).
  -h, --help         Toont deze hulp.

Afsluitcodes: 0 in orde, 1 een bevinding die je eerst moet oplossen, 2 verkeerd gebruik of een lees-/schrijffout.
`;

/** `npm run cli --` in a checkout; the executable's name in the installed app (main/index.ts passes it). */
function cliName(io: CliIo): string {
  return io.invocation ?? 'npm run cli --';
}

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
  if (rest.length > (takesFile ? 1 : 0)) {
    io.stderr(`De opdracht "${command}" neemt ${takesFile ? 'één bestand' : 'geen extra woorden'} ("${rest.join(' ')}"). Zie "${cliName(io)} --help".\n`);
    return EXIT.usage;
  }
  if (takesFile && rest.length === 0) {
    io.stderr(`Noem het bestand: ${cliName(io)} ${command} BESTAND${command === 'validate' ? '' : ' --brin6 99ZX10'}\n`);
    return EXIT.usage;
  }
  const dataDir = values['data-dir'] ?? io.defaultDataDir ?? defaultUserDataDir();
  let brin6: string | undefined;
  if (values.brin6 !== undefined) {
    const parsed = parseBrin6(values.brin6);
    if (!parsed.ok) {
      io.stderr(`${parsed.message}\n`);
      return EXIT.usage;
    }
    brin6 = parsed.brin6;
  } else if (command === 'import' || command === 'export' || command === 'export-kurve' || command === 'history' || command === 'restore') {
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

  switch (command) {
    case 'version': {
      const { latestSchemaVersion } = await import('../db/migrations');
      io.stdout(`Beheerconsole ${io.version}\nSchemaversie database: ${latestSchemaVersion}\nNode.js ${process.versions.node}\n`);
      return EXIT.ok;
    }
    case 'check':
      return check(dataDir, io);
    case 'validate': {
      const [{ analyseFile }, { reportOf }] = await Promise.all([import('../edexml/engine'), import('../edexml/import')]);
      const report = reportOf(analyseFile(file, { targetBrin6: brin6, maxBytes }));
      return finish(report, json, io, 'gecontroleerd');
    }
    case 'import': {
      // Reading in a worker thread while this thread writes to SQLite: both cores at work.
      const { importFileParallel } = await import('../edexml/run-in-worker');
      return withServices(dataDir, io, async (services) => {
        const report = await importFileParallel(services.database!.db, file, {
          brin6: brin6!,
          confirm: values.confirm ?? false,
          allowRemovals: values['allow-removals'] ?? false,
          thresholdPercent: services.settings.get().removalThresholdPercent,
          sourceName: path.basename(file),
          maxBytes,
        });
        return finish(report, json, io, report.stored === 'confirmed' ? 'ingelezen en bevestigd' : report.ok ? 'ingelezen (nog niet bevestigd)' : 'niet ingelezen');
      });
    }
    case 'export': {
      const [{ loadImport }, { writeEdexml }] = await Promise.all([import('../edexml/store'), import('../edexml/write')]);
      return withServices(dataDir, io, (services) => {
        const data = loadImport(services.database!.db, brin6!, 'confirmed');
        if (!data) {
          io.stderr(`Locatie ${brin6} heeft nog geen bevestigde gegevens. Importeer en bevestig eerst: ${cliName(io)} import BESTAND --brin6 ${brin6} --confirm\n`);
          return EXIT.finding;
        }
        try {
          fs.writeFileSync(file, writeEdexml(data));
        } catch (error) {
          io.stderr(`Kan ${file} niet schrijven: ${(error as Error).message}\n`);
          return EXIT.usage;
        }
        io.stdout(`${data.leerlingen.length} leerlingen en ${data.groepen.length} groepen van ${brin6} geschreven naar ${file} (EDEXML 2.1).\n`);
        return EXIT.ok;
      });
    }
    case 'export-kurve':
      return exportKurve(dataDir, io, brin6!, values.out, values['korte-schoolnaam'], json);
    case 'history': {
      const [{ importHistory }, { getLocation }] = await Promise.all([import('../edexml/store'), import('../locations/locations')]);
      return withServices(dataDir, io, (opened) => {
        if (!getLocation(opened.database!.db, brin6!)) {
          io.stderr(`Locatie ${brin6} staat niet in deze console. Voeg haar toe, of importeer een bestand met --brin6 ${brin6}.\n`);
          return EXIT.usage;
        }
        const imports = importHistory(opened.database!.db, brin6!);
        if (json) io.stdout(`${JSON.stringify({ imports })}\n`);
        else if (imports.length === 0) io.stdout(`Locatie ${brin6} heeft nog geen bevestigde import.\n`);
        else {
          for (const i of imports) {
            io.stdout(
              `${i.current ? '* ' : '  '}${i.id}  ${i.confirmedAt.slice(0, 16).replace('T', ' ')}  ${i.file}  schooljaar ${i.schooljaar}  ${i.counts.leerlingen} leerlingen  +${i.added} −${i.removed}${i.current ? '  (in gebruik)' : i.restorable ? '' : '  (gegevens niet meer bewaard)'}\n`,
            );
          }
        }
        return EXIT.ok;
      });
    }
    case 'restore': {
      const [{ restoreImport, confirmPendingImport, pendingGuard, MassRemovalError }, { ServiceError }] = await Promise.all([import('../edexml/store'), import('../app/errors')]);
      return withServices(dataDir, io, (opened) => {
        const db = opened.database!.db;
        const id = values.import === undefined ? null : Number(values.import);
        if (id !== null && (!Number.isInteger(id) || id <= 0)) {
          io.stderr(`--import verwacht het nummer van een import uit "${cliName(io)} history --brin6 ${brin6}".\n`);
          return EXIT.usage;
        }
        let restored: number;
        try {
          restored = restoreImport(db, brin6!, id);
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          io.stderr(`${error.message}\n`);
          return EXIT.finding;
        }
        const guard = pendingGuard(db, brin6!, opened.settings.get().removalThresholdPercent)!;
        const out = (stored: 'pending' | 'confirmed', findings: Array<{ severity: 'error'; code: string; message: string }>) => {
          if (json) io.stdout(`${JSON.stringify({ restored, stored, guard, findings })}\n`);
          else {
            for (const f of findings) io.stderr(`FOUT: ${f.message}\n`);
            io.stdout(stored === 'confirmed' ? 'Eerdere import teruggezet en bevestigd; hij wordt naar de centrale dienst verstuurd.\n' : 'Eerdere import teruggezet als ingelezen bestand; bevestig hem in stap 3, of met --confirm.\n');
          }
        };
        if (!values.confirm) {
          out('pending', []);
          return EXIT.ok;
        }
        try {
          confirmPendingImport(db, brin6!, { allowRemovals: values['allow-removals'] ?? false, thresholdPercent: opened.settings.get().removalThresholdPercent });
        } catch (error) {
          if (!(error instanceof MassRemovalError)) throw error;
          out('pending', [{ severity: 'error', code: 'domain.mass-removal', message: `${error.message} Of geef --allow-removals mee.` }]);
          return EXIT.finding;
        }
        out('confirmed', []);
        return EXIT.ok;
      });
    }
    case 'status': {
      const { syncStatus } = await import('../sync/status');
      return withServices(dataDir, io, (opened) => {
        const rows = syncStatus(opened.database!.db);
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
    }
    case 'sync': {
      const { pushUntilIdle } = await import('../sync/pusher');
      return withServices(dataDir, io, async (opened) => {
        const baseUrl = values.api ?? opened.settings.get().apiBaseUrl;
        if (!baseUrl) {
          io.stderr('Er is nog geen adres van de centrale dienst ingesteld. Geef het mee met --api https://…\n');
          return EXIT.usage;
        }
        const { syncStatus } = await import('../sync/status');
        const known = syncStatus(opened.database!.db).map((l) => l.brin6);
        const target = brin6 ?? (known.length === 1 ? known[0] : undefined);
        if (!target) {
          io.stderr(known.length === 0 ? 'Er zijn nog geen locaties om te versturen.\n' : `Kies een locatie met --brin6 (${known.join(', ')}): elke locatie heeft een eigen account.\n`);
          return EXIT.usage;
        }
        const token = await tokenFromEnvironment(baseUrl, target, io);
        if (!token) return EXIT.usage;
        const { pullDocuments } = await import('../sync/documents');
        await pullDocuments(opened.database!.db, target, { baseUrl, token }); // the Numo/allowlist versions for If-Match
        const result = await pushUntilIdle(opened.database!.db, target, { baseUrl, token, maxMs: 60_000 });
        if (json) io.stdout(`${JSON.stringify(result)}\n`);
        else io.stdout(`${result.delivered} verstuurd, ${result.failed} geweigerd, ${result.pending} nog in de wachtrij.${result.error ? ` ${result.error}` : ''}\n`);
        return result.pending === 0 && result.failed === 0 ? EXIT.ok : EXIT.finding;
      });
    }
    default:
      io.stderr(`Onbekende opdracht "${command}". Zie "${cliName(io)} --help" voor de opdrachten.\n`);
      return EXIT.usage;
  }
}

/**
 * Opens the services on the data folder, runs `run`, and always closes them. `needsDatabase`: a refused database
 * ends the command with exit 2 and the Dutch notice (`check` reports it itself instead).
 */
async function withServices(
  dataDir: string,
  io: CliIo,
  run: (services: Services) => number | Promise<number>,
  needsDatabase = true,
): Promise<number> {
  const { createServices } = await services();
  let opened: Services;
  try {
    opened = createServices({ dataDir, mode: 'cli', version: io.version });
  } catch (error) {
    io.stderr(`De gegevensmap ${dataDir} kan niet worden gebruikt: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    if (needsDatabase && !opened.database) {
      for (const n of opened.getInfo().notices) io.stderr(`FOUT: ${n.message}\n`);
      return EXIT.usage;
    }
    return await run(opened);
  } finally {
    opened.close();
  }
}

/** Prints a report (JSON or Dutch text) and picks the exit code: 0 ok, 1 blocked, 2 the file could not be read. */
function finish(report: EdexmlReport, json: boolean, io: CliIo, verb: string): number {
  const unreadable = report.findings.some((f) => f.code.startsWith('io.'));
  if (json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    const errors = report.findings.filter((f) => f.severity === 'error');
    const warnings = report.findings.filter((f) => f.severity === 'warning');
    const out = report.ok ? io.stdout : io.stderr;
    if (report.version) {
      io.stdout(`EDEXML ${report.version} · BRIN6 ${report.school.brin6 ?? '–'} · schoolkey ${report.school.schoolkey ?? '–'} · schooljaar ${report.school.schooljaar ?? '–'}\n`);
      io.stdout(`${report.counts.groepen} klassen, ${report.counts.samengestelde_groepen} clustergroepen, ${report.counts.leerlingen} leerlingen, ${report.counts.leerkrachten} leerkrachten\n`);
    }
    for (const f of [...errors, ...warnings].slice(0, 50)) out(`${f.severity === 'error' ? 'FOUT' : 'LET OP'}: ${f.message}\n`);
    if (errors.length + warnings.length > 50) out(`… en nog ${errors.length + warnings.length - 50} meldingen (gebruik --json voor alles).\n`);
    if (report.dropped.length > 0) io.stdout(`Niet bewaard (privacy): ${report.dropped.join(', ')}.\n`);
    if (report.diff) {
      const d = report.diff;
      io.stdout(d.first
        ? 'Eerste import voor deze locatie.\n'
        : `Verschil met de bevestigde gegevens: klassen +${d.groepen.added.length} −${d.groepen.removed.length} ~${d.groepen.changed.length}; leerlingen +${d.leerlingen.added.length} −${d.leerlingen.removed.length} ~${d.leerlingen.changed.length}, ${d.leerlingen.moved.length} naar een andere klas.\n`);
    }
    out(report.ok ? `Bestand ${verb}: ${errors.length} fouten, ${warnings.length} waarschuwingen.\n` : `Bestand ${verb}: ${errors.length} ${errors.length === 1 ? 'fout blokkeert' : 'fouten blokkeren'} de import.\n`);
  }
  if (unreadable) return EXIT.usage;
  return report.ok ? EXIT.ok : EXIT.finding;
}

/**
 * `export-kurve`: the Cito import file for Kurve (main/numo/kurve.ts) to a file, or into a folder under its own
 * name. 1 when the location is not ready (no confirmed import, no korte schoolnaam), 2 for usage and write errors.
 */
async function exportKurve(dataDir: string, io: CliIo, brin6: string, out: string | undefined, korteSchoolnaam: string | undefined, json: boolean): Promise<number> {
  if (!out) {
    io.stderr(`Zeg waar het bestand moet komen: --out BESTAND of --out MAP, bijvoorbeeld ${cliName(io)} export-kurve --brin6 ${brin6} --out .\n`);
    return EXIT.usage;
  }
  const [{ buildKurveExport }, { ServiceError }] = await Promise.all([import('../numo/kurve'), import('../app/errors')]);
  return withServices(dataDir, io, (services) => {
    let result;
    try {
      result = buildKurveExport(services.database!.db, brin6, korteSchoolnaam !== undefined ? { korteSchoolnaam } : {});
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      io.stderr(`${error.message}\n`);
      return EXIT.finding;
    }
    let target = out;
    try {
      if (fs.existsSync(out) && fs.statSync(out).isDirectory()) target = path.join(out, result.fileName);
      fs.writeFileSync(target, result.xml);
    } catch (error) {
      io.stderr(`Kan ${target} niet schrijven: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const { xml: _xml, ...rest } = result;
    if (json) io.stdout(`${JSON.stringify({ ok: true, file: target, ...rest })}\n`);
    else {
      io.stdout(`${plural(result.counts.leerlingen, 'leerling', 'leerlingen')} in ${plural(result.counts.groepen, 'klas', 'klassen')} van ${brin6} geschreven naar ${target} (EDEXML 2.1; ${result.counts.withEckid} met eck-id, ${result.counts.withGebruikersnaam} met leerlingnummer).\n`);
      io.stdout(`\nStuur het bestand naar ${result.to} met dit bericht:\nOnderwerp: ${result.subject}\n\n${result.message}\n`);
    }
    return EXIT.ok;
  });
}

function check(dataDir: string, io: CliIo): Promise<number> {
  return withServices(
    dataDir,
    io,
    (opened) => {
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

/**
 * The CLI keeps no secrets on disk: a token comes from BEHEERCONSOLE_TOKEN, or a sign-in with
 * BEHEERCONSOLE_USERNAME / BEHEERCONSOLE_PASSWORD, for this run only. Never printed.
 */
async function tokenFromEnvironment(baseUrl: string, brin6: string, io: CliIo): Promise<string | null> {
  const env = process.env;
  if (env['BEHEERCONSOLE_TOKEN']) return env['BEHEERCONSOLE_TOKEN'];
  const username = env['BEHEERCONSOLE_USERNAME'];
  const password = env['BEHEERCONSOLE_PASSWORD'];
  if (!username || !password) {
    io.stderr('Meld aan via de omgeving: BEHEERCONSOLE_TOKEN, of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD.\n');
    return null;
  }
  const { createSession } = await import('../sync/client');
  const result = await createSession(baseUrl, brin6, username, password);
  if (result.ok) return result.token;
  io.stderr(result.unreachable ? `${result.message}\n` : `Aanmelden mislukt: ${result.message}\n`);
  return null;
}

function dutchParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'([^']+)'/.exec(message)?.[1];
  if (message.includes('Unknown option')) return `Onbekende optie ${option ?? ''}.`.replace(' .', '.');
  if (message.includes('argument missing')) return `De optie ${option ?? ''} heeft een waarde nodig.`;
  return `Ongeldige opties: ${message}`;
}
