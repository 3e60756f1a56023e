import fs from 'node:fs';
import path from 'node:path';
import { parseBrin6 } from '../../shared/domain/brin';
import { defaultUserDataDir } from '../app/paths';
import type { Services } from '../app/services';
import type { EdexmlReport } from '../edexml/import';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { MAX_UPLOAD_BYTES } from '../../shared/bridge/uploads';
import { plural } from '../../shared/domain/names';
import { parseCliArgs } from './options';
import { apiBaseUrlSchema } from '../../shared/bridge/settings';
import { readCaFileOption } from '../transport/plan';
import type { TransportFactory } from '../transport/transport';
import type { RemovalGuard } from '../../shared/domain/import-guard';

// Modules are loaded per command: `validate` in a school's script should not pay for SQLite and settings.
const services = () => import('../app/services');

/**
 * Exit codes, the same for every command: 3 is "no connection with the central service" (offline, proxy,
 * certificate, a web filter's page, no answer in time), never confused with a usage error (2).
 */
export const EXIT = { ok: 0, finding: 1, usage: 2, network: 3 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** Where data lives when --data-dir is not given. */
  readonly defaultDataDir?: string;
  /** How the user starts a command, for help and hints: `npm run cli --` (checkout) or the installed executable. */
  readonly invocation?: string;
  /** The installed app passes Chromium's network stack (main/transport/electron.ts); `npm run cli` uses undici. */
  readonly transportFactory?: TransportFactory;
  /** The environment the sign-in and proxy variables are read from (tests pass their own); the process's by default. */
  readonly env?: NodeJS.ProcessEnv;
}

const helpText = (io: CliIo) => `Beheerconsole — opdrachtregel

Gebruik: ${cliName(io)} <opdracht> [opties]

Opdrachten:
  version                         Toont de versie van de console en van het gegevensbestand.
  check                           Controleert de lokale gegevens (database, instellingen).
  locations list                  De schoollocaties in deze console (met --json: {"locations": [...]}).
  locations add X --name NAAM [--username GEBRUIKER]
                                  Voegt locatie X toe, zoals "Locatie toevoegen" in het venster (met logboekregel).
  locations remove X [--force]    Verwijdert locatie X met alles wat de console ervan bewaart. Wachten er nog wijzigingen
                                  op verzending, dan alleen met --force (anders afsluitcode 1 met het aantal).
  validate BESTAND [--brin6 X]    Controleert een EDEXML-bestand zoals het officiële schema (XSD) en de console dat doen.
  import BESTAND --brin6 X [--confirm] [--allow-removals]
                                  Leest het bestand in voor locatie X (stap 2); met --confirm ook bevestigen (stap 3).
                                  Locatie X moet in deze console staan (locations add). Verdwijnen er veel leerlingen
                                  (meer dan de drempel, standaard 10 %) of is de schoolkey anders, dan wordt niet
                                  bevestigd (afsluitcode 1) tenzij --allow-removals: dat geldt als het intypen van de
                                  bevestiging in stap 3.
  import BESTAND… [--brin6 X] [--confirm] [--allow-removals]
                                  Meerdere bestanden (of één zonder --brin6): elk gaat naar de locatie waarvan het de
                                  BRIN6 noemt; een onbekende BRIN6 wordt overgeslagen met de opdracht om haar toe te
                                  voegen; --brin6 controleert dan alleen. Met --json één object {"files": [...]}.
  export BESTAND --brin6 X        Schrijft de bevestigde gegevens van locatie X als EDEXML 2.1 (alleen lezen; het venster
                                  heeft hier geen knop voor).
  export-kurve --brin6 X --out BESTAND|MAP [--korte-schoolnaam NAAM]
                                  Schrijft het Cito-importbestand voor Kurve (Numo-koppeling, Somtoday-scholen): alleen
                                  wat de koppeling nodig heeft. Met een map als --out: de standaardnaam
                                  <korte-schoolnaam>_<BRIN6>_<schooljaar>.xml. Toont het bericht voor support@kurve.nl.
  history --brin6 X               De bevestigde imports van locatie X, nieuwste eerst (met --json: {"imports": [...]}).
  restore --brin6 X [--import ID] [--confirm] [--allow-removals]
                                  Zet een eerdere import terug (zonder --import: die vóór de huidige) als ingelezen
                                  bestand; met --confirm ook bevestigen, met dezelfde controle als import --confirm.
  status                          Wat per locatie nog naar de centrale dienst moet, en de laatste fout.
  check-connection [--api URL] [--ca-file BESTAND] [--brin6 X]
                                  Test de verbinding met de centrale dienst zoals de synchronisatie haar gebruikt: de
                                  proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), het certificaat dat deze pc te zien krijgt,
                                  het antwoord van /v1/health en, met --brin6 en een aanmelding via de omgeving (zie
                                  sync), het publieke adres dat de dienst ziet. Met --json één object.
  sync [--brin6 X] [--api URL] [--ca-file BESTAND]
                                  Verstuurt de wachtrij (van locatie X; zonder --brin6: de enige locatie). Aanmelden via de omgeving:
                                  BEHEERCONSOLE_TOKEN, of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD.
                                  Anders dan "Nu synchroniseren" in het venster: de aanmelding geldt alleen voor deze
                                  keer (niets bewaard, geen logboekregel "Aangemeld"), de opdracht wacht tot de wachtrij
                                  leeg is (hoogstens een minuut) en haalt daarna geen gebruikers of leerlingen op.

Elke opdracht die iets wijzigt doet precies wat dezelfde actie in het venster doet (controles, logboek, wachtrij);
waar een opdracht verschilt, staat dat hierboven.
  help                            Toont deze hulp.

Opties:
  --data-dir MAP     Gebruik deze gegevensmap in plaats van de standaardmap.
  --brin6 X          De schoollocatie (BRIN6, bijvoorbeeld 99ZX10).
  --json             Precies één JSON-object op stdout (voor scripts).
  --name NAAM        Voor locations add: de naam van de school of locatie.
  --username NAAM    Voor locations add: de gebruikersnaam van het portaalaccount (mag leeg).
  --out BESTAND|MAP  Waar export-kurve het bestand schrijft.
  --korte-schoolnaam NAAM
                     Voor export-kurve: de korte schoolnaam in Numo, als de Numo-aanmelding nog niet is ingevuld.
  --api URL          Het adres van de centrale dienst voor deze opdracht (anders dat uit de instellingen).
  --ca-file BESTAND  Certificaat van de school (PEM) dat naast die van het systeem wordt vertrouwd, voor een netwerk
                     met TLS-inspectie. De proxy komt uit HTTPS_PROXY / HTTP_PROXY / NO_PROXY (met gebruikersnaam en
                     wachtwoord in het adres als de proxy daarom vraagt).
  --force            Voor locations remove: ook als er nog wijzigingen op verzending wachten.
  --max-mb N         Grootste bestand dat validate/import lezen, in MB (standaard 256; import neemt, net als het
                     venster, hoogstens 256 MB).
  -h, --help         Toont deze hulp.

Afsluitcodes: 0 in orde, 1 een bevinding die je eerst moet oplossen, 2 verkeerd gebruik of een lees-/schrijffout,
3 geen verbinding met de centrale dienst (de melding zegt waarom: netwerk, proxy, certificaat, omgeleid, tijd).
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
  if (command === 'locations') return locationsCommand(rest, values, io);
  if (rest.length > (takesFile ? (command === 'import' ? Infinity : 1) : 0)) {
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
  } else if (command === 'export' || command === 'export-kurve' || command === 'history' || command === 'restore') {
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
    case 'import':
      if (rest.length > 1 || brin6 === undefined) {
        return withServices(dataDir, io, ({ services, call }) =>
          importRouted(services, call, rest, { brin6, json, io, confirm: values.confirm ?? false, allowRemovals: values['allow-removals'] ?? false, maxBytes }),
        );
      }
      return withServices(dataDir, io, async ({ services, call }) => {
        await requireLocationHere(call, brin6!, io);
        const { uploadId } = services.uploads.fromLocalFile(file, Math.min(maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES));
        // The window's step 2: read in a worker thread into a new pending import (log line import.read).
        // With --confirm the stored file is held until this command confirms it: another process cannot replace it.
        const outcome = await call('import:start', { brin6: brin6!, uploadId, ...(values.confirm ? { hold: true } : {}) });
        const read: EdexmlReport = { ...outcome.report };
        if (outcome.kind !== 'stored') return finish(read, json, io, 'niet ingelezen');
        const diff = services.direct.pendingDiff(brin6!, outcome.importId) ?? undefined;
        if (!values.confirm) return finish({ ...read, ...(diff ? { diff } : {}), stored: 'pending' }, json, io, 'ingelezen (nog niet bevestigd)');
        const confirmed = await confirmLikeStep3(call, brin6!, values['allow-removals'] ?? false, outcome.importId, () => services.direct.releaseHold(brin6!, outcome.importId), () =>
          services.direct.guard(brin6!, outcome.importId, diff),
        );
        if (!confirmed.ok) {
          services.direct.releaseHold(brin6!, outcome.importId);
          const { massRemovalFinding } = await import('../edexml/import');
          const finding = massRemovalFinding(confirmed.guard.reasons);
          return finish({ ...read, ok: false, findings: [...read.findings, finding], ...(diff ? { diff } : {}), stored: 'pending' }, json, io, 'ingelezen (nog niet bevestigd)');
        }
        return finish({ ...read, ...(diff ? { diff } : {}), stored: 'confirmed' }, json, io, 'ingelezen en bevestigd');
      });
    case 'export': {
      const { writeEdexml } = await import('../edexml/write');
      return withServices(dataDir, io, ({ services }) => {
        const data = services.direct.confirmedData(brin6!);
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
    case 'history':
      return withServices(dataDir, io, async ({ call }) => {
        await requireLocationHere(call, brin6!, io);
        const imports = await call('import:list-history', { brin6: brin6! });
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
    case 'restore': {
      const id = values.import === undefined ? null : Number(values.import);
      if (id !== null && (!Number.isInteger(id) || id <= 0)) {
        io.stderr(`--import verwacht het nummer van een import uit "${cliName(io)} history --brin6 ${brin6}".\n`);
        return EXIT.usage;
      }
      return withServices(dataDir, io, async ({ call }) => {
        await requireLocationHere(call, brin6!, io);
        // "Vorige import terugzetten" (log line import.restore, audit entry), then step 3 like any file.
        const restored = await call('import:restore', { brin6: brin6!, ...(id !== null ? { importId: id } : {}) });
        const { guard } = (await call('import:get-diff', { brin6: brin6! }))!;
        const out = (stored: 'pending' | 'confirmed', findings: Array<{ severity: 'error'; code: string; message: string }>) => {
          if (json) io.stdout(`${JSON.stringify({ stored, guard, findings })}\n`);
          else {
            for (const f of findings) io.stderr(`FOUT: ${f.message}\n`);
            io.stdout(stored === 'confirmed' ? 'Eerdere import teruggezet en bevestigd; hij wordt naar de centrale dienst verstuurd.\n' : 'Eerdere import teruggezet als ingelezen bestand; bevestig hem in stap 3, of met --confirm.\n');
          }
        };
        if (!values.confirm) {
          out('pending', []);
          return EXIT.ok;
        }
        const confirmed = await confirmLikeStep3(call, brin6!, values['allow-removals'] ?? false, restored.pending!.id);
        if (!confirmed.ok) {
          out('pending', [{ severity: 'error', code: 'domain.mass-removal', message: `${confirmed.guard.reasons.join(' ')} Controleer of dit het juiste bestand is. Bevestig in stap 3, of geef --allow-removals mee.` }]);
          return EXIT.finding;
        }
        out('confirmed', []);
        return EXIT.ok;
      });
    }
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
    case 'check-connection':
    case 'sync': {
      const caFile = readCaFile(values['ca-file'], io);
      if (caFile === 'refused') return EXIT.usage;
      if (values.api !== undefined && !apiBaseUrlSchema.safeParse(values.api).success) {
        io.stderr(`--api "${values.api.slice(0, 200)}" is geen geldig adres van de centrale dienst. Vul een volledig adres in dat met https:// begint.\n`);
        return EXIT.usage;
      }
      if (command === 'check-connection') return checkConnectionCommand(dataDir, io, { api: values.api, brin6, json, caFile });
      return withServices(dataDir, io, async ({ services, call }) => {
        const baseUrl = values.api ?? services.settings.get().apiBaseUrl;
        if (!baseUrl) {
          io.stderr('Er is nog geen adres van de centrale dienst ingesteld. Geef het mee met --api https://…\n');
          return EXIT.usage;
        }
        const known = (await call('locations:list-all', undefined)).map((l) => l.brin6);
        const target = brin6 ?? (known.length === 1 ? known[0] : undefined);
        if (!target) {
          io.stderr(known.length === 0 ? 'Er zijn nog geen locaties om te versturen.\n' : `Kies een locatie met --brin6 (${known.join(', ')}): elke locatie heeft een eigen account.\n`);
          return EXIT.usage;
        }
        const token = await tokenFromEnvironment(services, baseUrl, target, io);
        if (typeof token !== 'string') return token;
        const result = await services.direct.pushUntilIdle(target, { baseUrl, token, maxMs: 60_000 });
        if (json) io.stdout(`${JSON.stringify({ ...result, problem: result.problem ? { cause: result.problem.cause, code: result.problem.code, message: result.problem.message } : null })}\n`);
        else io.stdout(`${result.delivered} verstuurd, ${result.failed} geweigerd, ${result.pending} nog in de wachtrij.${result.error ? ` ${result.error}` : ''}\n`);
        if (result.unreachable && result.pending > 0) return EXIT.network;
        return result.pending === 0 && result.failed === 0 ? EXIT.ok : EXIT.finding;
      }, true, caFile);
    }
    default:
      io.stderr(`Onbekende opdracht "${command}". Zie "${cliName(io)} --help" voor de opdrachten.\n`);
      return EXIT.usage;
  }
}

/** A bridge call as the CLI makes it: the same dispatcher as the window's IPC and browser mode's HTTP. */
type Call = <M extends BridgeMethodName>(method: M, input: unknown) => Promise<BridgeOutput<M>>;

/** A refusal of the dispatcher, carried to `withServices`, which prints it and ends the command with `exit`. */
class Refused extends Error {
  constructor(
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}

/**
 * Opens the services on the data folder, runs `run` with the dispatcher as a third transport (beside IPC and HTTP),
 * and always closes them. A handler's refusal (a rule said no) ends with exit 1 and its Dutch message; input the
 * contract refuses, or a failure nobody answered, with exit 2. `needsDatabase`: a refused database ends the command
 * with exit 2 and the Dutch notice (`check` reports it itself instead).
 */
async function withServices(
  dataDir: string,
  io: CliIo,
  run: (opened: { services: Services; call: Call }) => number | Promise<number>,
  needsDatabase = true,
  caFile: { path: string; text: string | null } | null = null,
): Promise<number> {
  const [{ createServices }, { createDispatcher, isAnsweredByHandler }, { ServiceError }] = await Promise.all([
    services(),
    import('../bridge/registry'),
    import('../errors/service-error'),
  ]);
  let opened: Services;
  try {
    opened = createServices({
      dataDir,
      mode: 'cli',
      version: io.version,
      ...(io.transportFactory ? { transportFactory: io.transportFactory } : {}),
      ...(io.env ? { env: io.env } : {}),
      ...(caFile ? { caFile } : {}),
    });
  } catch (error) {
    io.stderr(`De gegevensmap ${dataDir} kan niet worden gebruikt: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const dispatch = createDispatcher(opened.handlers, (line, error, method) => opened.log.error(`cli.${method}`, error));
  const call: Call = async (method, input) => {
    const result = await dispatch(method, input, { trusted: true });
    if (result.ok) return result.value as BridgeOutput<typeof method>;
    // The window marks the fields and sums up ("Vul het gemarkeerde veld goed in."); here nothing is marked, so the
    // fields' own messages are the message.
    const fields = result.error.issues?.filter((i) => i.path.length > 0).map((i) => i.message) ?? [];
    throw new Refused(fields.length > 0 ? fields.join(' ') : result.error.message, isAnsweredByHandler(result) ? EXIT.finding : EXIT.usage);
  };
  try {
    if (needsDatabase && !opened.database) {
      for (const n of opened.getInfo().notices) io.stderr(`FOUT: ${n.message}\n`);
      return EXIT.usage;
    }
    return await run({ services: opened, call });
  } catch (error) {
    if (error instanceof Refused) {
      io.stderr(`${error.message}\n`);
      return error.exit;
    }
    // A file that cannot be read or is too large (staging it for import): a read error, exit 2.
    if (error instanceof ServiceError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    opened.close();
  }
}

/** Like the screens, the CLI works on a location only once it is in this console; exit 1 with the hint otherwise. */
async function requireLocationHere(call: Call, brin6: string, io: CliIo): Promise<void> {
  const known = await call('locations:list-all', undefined);
  if (!known.some((l) => l.brin6 === brin6)) {
    throw new Refused(`Locatie ${brin6} staat niet in deze console. Voeg haar eerst toe: ${cliName(io)} locations add ${brin6} --name "Naam van de school"`, EXIT.finding);
  }
}

/**
 * Step 3's Bevestigen: when the guard against destructive files applies, --allow-removals stands for typing the
 * confirmation the screen asks for; without it nothing is confirmed. The confirm itself is the window's (log line
 * import.confirm, audit entry, queued upload).
 */
async function confirmLikeStep3(
  call: Call,
  brin6: string,
  allowRemovals: boolean,
  importId: number,
  release: () => void = () => {},
  guardOf?: () => RemovalGuard | null,
): Promise<{ ok: true } | { ok: false; guard: { reasons: readonly string[] } }> {
  // Another process read another file meanwhile: confirm names ours, so it refuses and says which file is there (exit 1).
  let guard: RemovalGuard | null;
  if (guardOf) guard = guardOf();
  else {
    const diff = await call('import:get-diff', { brin6 });
    guard = diff?.importId === importId ? diff.guard : null;
  }
  if (guard?.needed && !allowRemovals) return { ok: false, guard };
  try {
    await call('import:confirm', { brin6, importId, ...(guard?.needed ? { acknowledge: guard.confirmText } : {}) });
  } catch (error) {
    // Not confirmed: our file (if it is still the pending one) is no longer held, so the window may replace it.
    release();
    throw error;
  }
  return { ok: true };
}

/** `locations list|add|remove`: the window's "Mijn schoollocaties", through the same handlers. */
async function locationsCommand(rest: readonly string[], values: ReturnType<typeof parseCliArgs>['values'], io: CliIo): Promise<number> {
  const [action, brin6Word, ...extra] = rest;
  const usage = `Gebruik: ${cliName(io)} locations list | locations add BRIN6 --name NAAM [--username GEBRUIKER] | locations remove BRIN6 [--force]\n`;
  const wantsBrin6 = action === 'add' || action === 'remove';
  if ((action !== 'list' && !wantsBrin6) || extra.length > 0 || (wantsBrin6 ? brin6Word === undefined : brin6Word !== undefined)) {
    io.stderr(usage);
    return EXIT.usage;
  }
  const dataDir = values['data-dir'] ?? io.defaultDataDir ?? defaultUserDataDir();
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

interface RoutedOptions {
  readonly brin6: string | undefined;
  readonly json: boolean;
  readonly io: CliIo;
  readonly confirm: boolean;
  readonly allowRemovals: boolean;
  readonly maxBytes: number | undefined;
}

/** What became of one file of `import a.xml b.xml …`: the `files` entries of the JSON object. */
interface FileOutcome {
  readonly file: string;
  readonly outcome: 'stored' | 'blocked' | 'unknown-location' | 'other-location' | 'unreadable';
  readonly brin6: string | null;
  readonly stored?: 'pending' | 'confirmed';
  readonly message?: string;
  readonly report?: EdexmlReport;
  readonly exit: number;
}

/**
 * `import` without --brin6, or with several files: each file is routed to the location whose BRIN6 it names, as a
 * drop of several files in the window (import:route; --brin6 then only checks). With --confirm each read file is
 * confirmed like its location's step 3 (the same guard). One file prints its report as before; several print one
 * line each, or with --json one object {"files": [...]}. The exit code is the worst of the files'.
 */
async function importRouted(services: Services, call: Call, files: readonly string[], o: RoutedOptions): Promise<number> {
  const outcomes: FileOutcome[] = [];
  const add = (brin6: string) => `${cliName(o.io)} locations add ${brin6} --name "Naam van de school"`;
  for (const file of files) {
    let uploadId: string;
    try {
      uploadId = services.uploads.fromLocalFile(file, Math.min(o.maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES)).uploadId;
    } catch (error) {
      outcomes.push({ file, outcome: 'unreadable', brin6: null, message: (error as Error).message, exit: EXIT.usage });
      continue;
    }
    const routed = await call('import:route', { uploadId, ...(o.brin6 ? { brin6: o.brin6 } : {}), ...(o.confirm ? { hold: true } : {}) });
    switch (routed.kind) {
      case 'unknown-location':
        outcomes.push({ file, outcome: routed.kind, brin6: routed.fileBrin6, message: `Locatie ${routed.fileBrin6} staat niet in deze console; het bestand is niet ingelezen. Voeg haar eerst toe: ${add(routed.fileBrin6).replace('Naam van de school', routed.suggestedName ?? 'Naam van de school')}`, exit: EXIT.finding });
        break;
      case 'other-location':
        outcomes.push({ file, outcome: routed.kind, brin6: routed.fileBrin6, message: `Dit bestand is van locatie ${routed.fileBrin6}, niet van ${routed.brin6}; het is niet ingelezen.`, exit: EXIT.finding });
        break;
      case 'unreadable':
      case 'blocked': {
        const report: EdexmlReport = { ...routed.report };
        outcomes.push({ file, outcome: routed.kind, brin6: routed.kind === 'blocked' ? routed.brin6 : null, report, exit: report.findings.some((f) => f.code.startsWith('io.')) ? EXIT.usage : EXIT.finding });
        break;
      }
      case 'stored': {
        const diff = services.direct.pendingDiff(routed.brin6, routed.importId);
        const read: EdexmlReport = { ...routed.report, ...(diff ? { diff } : {}), stored: 'pending' };
        if (!o.confirm) {
          outcomes.push({ file, outcome: 'stored', brin6: routed.brin6, stored: 'pending', report: read, exit: EXIT.ok });
          break;
        }
        const confirmed = await confirmLikeStep3(call, routed.brin6, o.allowRemovals, routed.importId, () => services.direct.releaseHold(routed.brin6, routed.importId), () =>
          services.direct.guard(routed.brin6, routed.importId, diff ?? undefined),
        );
        if (confirmed.ok) outcomes.push({ file, outcome: 'stored', brin6: routed.brin6, stored: 'confirmed', report: { ...read, stored: 'confirmed' }, exit: EXIT.ok });
        else {
          services.direct.releaseHold(routed.brin6, routed.importId);
          const { massRemovalFinding } = await import('../edexml/import');
          const finding = massRemovalFinding(confirmed.guard.reasons);
          const message = finding.message;
          outcomes.push({ file, outcome: 'stored', brin6: routed.brin6, stored: 'pending', message, report: { ...read, ok: false, findings: [...read.findings, finding] }, exit: EXIT.finding });
        }
        break;
      }
    }
  }
  const exit = Math.max(...outcomes.map((f) => f.exit));
  if (files.length === 1) {
    const [only] = outcomes;
    if (only!.report) return finish(only!.report, o.json, o.io, only!.stored === 'confirmed' ? 'ingelezen en bevestigd' : only!.stored ? 'ingelezen (nog niet bevestigd)' : 'niet ingelezen');
    if (o.json) o.io.stdout(`${JSON.stringify({ ok: false, file: only!.file, outcome: only!.outcome, brin6: only!.brin6, message: only!.message })}\n`);
    else o.io.stderr(`${only!.message}\n`);
    return exit;
  }
  if (o.json) {
    o.io.stdout(`${JSON.stringify({ ok: exit === EXIT.ok, files: outcomes.map(({ exit: _exit, ...rest }) => rest) })}\n`);
    return exit;
  }
  for (const f of outcomes) {
    const counts = f.report ? `${plural(f.report.counts.leerlingen, 'leerling', 'leerlingen')}, ${plural(f.report.findings.filter((x) => x.severity === 'error').length, 'fout', 'fouten')}, ${plural(f.report.findings.filter((x) => x.severity === 'warning').length, 'waarschuwing', 'waarschuwingen')}` : '';
    const what = f.outcome === 'stored' ? (f.stored === 'confirmed' ? 'ingelezen en bevestigd' : f.message ? 'ingelezen, niet bevestigd' : 'ingelezen (bevestig in stap 3)') : f.outcome === 'blocked' || f.outcome === 'unreadable' ? 'niet ingelezen' : 'overgeslagen';
    (f.exit === EXIT.ok ? o.io.stdout : o.io.stderr)(`${f.file} → ${f.brin6 ?? '?'}: ${what}${counts ? `; ${counts}` : ''}${f.message ? `. ${f.message}` : ''}\n`);
  }
  return exit;
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
  const { ServiceError } = await import('../errors/service-error');
  return withServices(dataDir, io, async ({ services }) => {
    let result;
    try {
      result = await services.direct.kurveExport(brin6, korteSchoolnaam !== undefined ? { korteSchoolnaam } : {});
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

/**
 * The CLI keeps no secrets on disk: a token comes from BEHEERCONSOLE_TOKEN, or a sign-in with
 * BEHEERCONSOLE_USERNAME / BEHEERCONSOLE_PASSWORD, for this run only. Never printed.
 */
async function tokenFromEnvironment(services: Services, baseUrl: string, brin6: string, io: CliIo, optional = false): Promise<string | number> {
  const env = io.env ?? process.env;
  if (env['BEHEERCONSOLE_TOKEN']) return env['BEHEERCONSOLE_TOKEN'];
  const username = env['BEHEERCONSOLE_USERNAME'];
  const password = env['BEHEERCONSOLE_PASSWORD'];
  if (!username || !password) {
    if (optional) return EXIT.ok;
    io.stderr('Meld aan via de omgeving: BEHEERCONSOLE_TOKEN, of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD.\n');
    return EXIT.usage;
  }
  const result = await services.direct.createSession(baseUrl, brin6, username, password);
  if (result.ok) return result.token;
  // No connection is exit 3 (the message says why); a refused sign-in is a finding to fix (1), not a usage error.
  io.stderr(result.unreachable ? `${result.message}\n` : `Aanmelden mislukt: ${result.message}\n`);
  return result.unreachable ? EXIT.network : EXIT.finding;
}

/** `--ca-file PATH`: the school's certificates for this run, read and checked first; 'refused' after the message. */
function readCaFile(given: string | undefined, io: CliIo): { path: string; text: string | null } | null | 'refused' {
  if (given === undefined) return null;
  const read = readCaFileOption(given);
  if (read.ok) return read.caFile;
  io.stderr(`${read.message}\n`);
  return 'refused';
}

/** `check-connection`: "Verbinding testen" on the command line, through the same transport as `sync`. */
async function checkConnectionCommand(
  dataDir: string,
  io: CliIo,
  o: { api: string | undefined; brin6: string | undefined; json: boolean; caFile: { path: string; text: string | null } | null },
): Promise<number> {
  return withServices(
    dataDir,
    io,
    async ({ services }) => {
      const baseUrl = o.api ?? services.settings.get().apiBaseUrl;
      const { checkConnection } = await import('../sync');
      let token: string | null = null;
      if (baseUrl && o.brin6) {
        const got = await tokenFromEnvironment(services, baseUrl, o.brin6, io, true);
        if (typeof got === 'string') token = got;
      }
      const report = await checkConnection({
        transport: services.transport(),
        baseUrl,
        token,
        noTokenNote: o.brin6 ? `Niet aangemeld voor ${o.brin6}: geef BEHEERCONSOLE_TOKEN of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD mee.` : 'Niet gevraagd: geef --brin6 en een aanmelding via de omgeving mee.',
      });
      if (o.json) io.stdout(`${JSON.stringify({ ok: report.health.ok, ...report })}\n`);
      else io.stdout(report.text);
      if (!baseUrl) return EXIT.usage;
      return report.health.ok ? EXIT.ok : EXIT.network;
    },
    false,
    o.caFile,
  );
}

function dutchParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'([^']+)'/.exec(message)?.[1];
  if (message.includes('Unknown option')) return `Onbekende optie ${option ?? ''}.`.replace(' .', '.');
  if (message.includes('argument missing')) return `De optie ${option ?? ''} heeft een waarde nodig.`;
  return `Ongeldige opties: ${message}`;
}
