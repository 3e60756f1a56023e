/**
 * The Numo coupling's send-back option ("terugstuuroptie", seed 004), as a pure rule.
 *
 * The level ladder of secondary education, lowest first. Names: neither seed 004 nor DOMAIN.md lists the levels
 * (the seed names only "havo"), so the ladder uses the abbreviations DUO and Cito's VO reports use for the five
 * levels a pupil can function at: vmbo-bb (basisberoepsgerichte leerweg), vmbo-kb (kaderberoepsgerichte leerweg),
 * vmbo-gt (gemengde/theoretische leerweg), havo, vwo. The ids are stable (stored and synced); `label` is what the
 * screen shows.
 *
 * The option is the highest score level, relative to the test level, whose results go to Numo; every level below it
 * goes too (seed: "Kies je hier bijvoorbeeld niveau 0, dan worden de 0, -1 en de -2 scores doorgestuurd"):
 *   +2 all results, also pupils two levels above the test level; +1 one level above or lower; 0 at test level or
 *   lower; −1 one level below (or lower); −2 two or more levels below.
 * In ladder terms: a pupil functioning at level L is forwarded when index(L) − index(test) ≤ option; +2 means
 * "all" (the seed's "Alle resultaten"), so it includes even levels more than two above the test level.
 */
export const NUMO_LEVELS = ['vmbo-bb', 'vmbo-kb', 'vmbo-gt', 'havo', 'vwo'] as const;
export type NumoLevel = (typeof NUMO_LEVELS)[number];

export const NUMO_LEVEL_LABELS: Readonly<Record<NumoLevel, string>> = {
  'vmbo-bb': 'vmbo basis',
  'vmbo-kb': 'vmbo kader',
  'vmbo-gt': 'vmbo gemengd/theoretisch',
  havo: 'havo',
  vwo: 'vwo',
};

export const TERUGSTUUROPTIES = [-2, -1, 0, 1, 2] as const;
export type Terugstuuroptie = (typeof TERUGSTUUROPTIES)[number];

export function isNumoLevel(value: string): value is NumoLevel {
  return (NUMO_LEVELS as readonly string[]).includes(value);
}

export function isTerugstuuroptie(value: number): value is Terugstuuroptie {
  return (TERUGSTUUROPTIES as readonly number[]).includes(value);
}

/** The option as the screen and the form write it: "+2", "+1", "0", "−1", "−2". */
export function formatTerugstuuroptie(option: Terugstuuroptie): string {
  if (option > 0) return `+${option}`;
  if (option < 0) return `−${-option}`;
  return '0';
}

/** The seed's own meaning of each option, word for word where it says it. */
export const TERUGSTUUROPTIE_MEANING: Readonly<Record<Terugstuuroptie, string>> = {
  2: 'Alle resultaten worden doorgestuurd, óók van leerlingen die twee niveaus boven toetsniveau scoren.',
  1: 'Resultaten van leerlingen die één niveau boven toetsniveau scoren of lager worden doorgestuurd.',
  0: 'Resultaten van leerlingen die óp toetsniveau scoren of lager worden doorgestuurd.',
  [-1]: 'Resultaten van leerlingen die één niveau onder toetsniveau scoren (of lager) worden doorgestuurd.',
  [-2]: 'Resultaten van leerlingen die twee of meer niveaus onder toetsniveau scoren worden doorgestuurd.',
};

/**
 * The functioning levels whose results are forwarded to Numo for a test at `testLevel` with `option`, lowest first.
 * Empty when no level is low enough (e.g. a vmbo-bb test with option −1).
 */
export function forwardedLevels(testLevel: NumoLevel, option: Terugstuuroptie): NumoLevel[] {
  if (option === 2) return [...NUMO_LEVELS];
  const test = NUMO_LEVELS.indexOf(testLevel);
  return NUMO_LEVELS.filter((_, i) => i - test <= option);
}

/** Per level of the ladder: whether it is forwarded, and its distance to the test level (for the small picture). */
export function levelLadder(testLevel: NumoLevel, option: Terugstuuroptie): { level: NumoLevel; label: string; offset: number; forwarded: boolean; isTestLevel: boolean }[] {
  const test = NUMO_LEVELS.indexOf(testLevel);
  const forwarded = new Set(forwardedLevels(testLevel, option));
  return NUMO_LEVELS.map((level, i) => ({
    level,
    label: NUMO_LEVEL_LABELS[level],
    offset: i - test,
    forwarded: forwarded.has(level),
    isTestLevel: i === test,
  }));
}

function listDutch(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/**
 * One Dutch sentence for the live preview: which pupils' results go to Numo, by name of level.
 * E.g. havo, 0 → "Bij een havo-toets met terugstuuroptie 0 gaan de resultaten naar Numo van leerlingen die
 * functioneren op vmbo basis, vmbo kader, vmbo gemengd/theoretisch en havo (toetsniveau of lager)."
 */
export function describeTerugstuuroptie(testLevel: NumoLevel, option: Terugstuuroptie): string {
  const head = `Bij een ${testLevel}-toets met terugstuuroptie ${formatTerugstuuroptie(option)}`;
  const levels = forwardedLevels(testLevel, option).map((l) => NUMO_LEVEL_LABELS[l]);
  if (levels.length === 0) {
    return `${head} gaan er geen resultaten naar Numo: er is geen niveau ${-option === 1 ? 'één niveau' : 'twee niveaus'} onder ${NUMO_LEVEL_LABELS[testLevel]}.`;
  }
  const scope =
    option === 2
      ? 'alle resultaten'
      : option === 1
        ? 'tot één niveau boven toetsniveau'
        : option === 0
          ? 'toetsniveau of lager'
          : option === -1
            ? 'één niveau onder toetsniveau of lager'
            : 'twee of meer niveaus onder toetsniveau';
  if (levels.length === NUMO_LEVELS.length) {
    return `${head} gaan de resultaten van alle leerlingen naar Numo, op elk niveau (${scope}).`;
  }
  return `${head} gaan de resultaten naar Numo van leerlingen die functioneren op ${listDutch(levels)} (${scope}).`;
}
