import { parseArgs } from 'node:util';
import { defaultUserDataDir } from '../app/paths';
import { createServices } from '../app/services';
import { latestSchemaVersion } from '../db/migrations';

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** Where data lives when --data-dir is not given. */
  readonly defaultDataDir?: string;
}

const HELP = `Beheerconsole — opdrachtregel

Gebruik: npm run cli -- <opdracht> [opties]

Opdrachten:
  version            Toont de versie van de console en van het gegevensbestand.
  check              Controleert de lokale gegevens (database, instellingen).
                     Afsluitcode 1 als er iets is dat je eerst moet oplossen.
  help               Toont deze hulp.

Opties:
  --data-dir MAP     Gebruik deze gegevensmap in plaats van de standaardmap.
  -h, --help         Toont deze hulp.

Afsluitcodes: 0 in orde, 1 een bevinding die je eerst moet oplossen, 2 verkeerd gebruik of een lees-/schrijffout.
`;

/**
 * Runs one CLI command headless, on the same services as the window. Pure of process globals so tests call it
 * directly; `start.ts` wires it to `process`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`${dutchParseError(error)}\nZie "npm run cli -- --help".\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout(HELP);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  if (rest.length > 0) {
    io.stderr(`De opdracht "${command}" neemt geen extra woorden ("${rest.join(' ')}"). Zie "npm run cli -- --help".\n`);
    return EXIT.usage;
  }
  const dataDir = values['data-dir'] ?? io.defaultDataDir ?? defaultUserDataDir();

  switch (command) {
    case 'version':
      io.stdout(`Beheerconsole ${io.version}\nSchemaversie database: ${latestSchemaVersion}\nNode.js ${process.versions.node}\n`);
      return EXIT.ok;
    case 'check':
      return check(dataDir, io);
    default:
      io.stderr(`Onbekende opdracht "${command}". Zie "npm run cli -- --help" voor de opdrachten.\n`);
      return EXIT.usage;
  }
}

function check(dataDir: string, io: CliIo): number {
  let services;
  try {
    services = createServices({ dataDir, mode: 'cli', version: io.version });
  } catch (error) {
    io.stderr(`De gegevensmap ${dataDir} kan niet worden gebruikt: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    const info = services.getInfo();
    io.stdout(`Gegevensmap: ${dataDir}\n`);
    for (const notice of info.notices) {
      (notice.level === 'error' ? io.stderr : io.stdout)(`${notice.level === 'error' ? 'FOUT' : 'LET OP'}: ${notice.message}\n`);
    }
    if (info.notices.some((n) => n.level === 'error')) return EXIT.finding;
    io.stdout(`Database in orde (schemaversie ${info.databaseVersion}).\n`);
    return EXIT.ok;
  } finally {
    services.close();
  }
}

function dutchParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'([^']+)'/.exec(message)?.[1];
  if (message.includes('Unknown option')) return `Onbekende optie ${option ?? ''}.`.replace(' .', '.');
  if (message.includes('argument missing')) return `De optie ${option ?? ''} heeft een waarde nodig.`;
  return `Ongeldige opties: ${message}`;
}
