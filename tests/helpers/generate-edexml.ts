/**
 * Realistic EDEXML 2.1 files of a VO school, deterministic for a seed: ~28 pupils per class in jaargroep 11–16,
 * cluster groups, teachers with classes and roles, and the personal-data fields the console must drop (BSN,
 * countries, postcode). Used by the tests (differential suite, round trips) and by bench/edexml.
 */
export interface GenerateOptions {
  readonly pupils: number;
  readonly seed?: number;
  /**
   * Where the pupils' keys start (default 100000). Another base with the same seed gives the same pupils with the same
   * eck-ids under new keys: a school that changed its student administration.
   */
  readonly pupilKeyBase?: number;
  readonly brincode?: string;
  readonly dependancecode?: string;
  readonly schooljaar?: string;
  readonly version?: '2.1' | '2.0' | '1.03';
  /**
   * Extension blocks on every 3rd pupil: Cito's LVS block (valid by its official schema), a Volgsysteem VO block of a
   * type no public schema defines, the same at places EDEXML does not expect (right after <achternaam>, and once
   * between two pupils), or a mix.
   */
  readonly blocks?: 'lvs' | 'volgsysteem' | 'misplaced' | 'mixed';
  /** The first N teachers (2.x) have no e-mail address (the console cannot invite them). */
  readonly teachersWithoutEmail?: number;
  /** Teachers 1 and 2 (2.x) share one name, as two "N de Boer" can. */
  readonly twinTeachers?: boolean;
  /**
   * The same school a school year later (issue 37): every class under a new key (N… instead of K…) one jaargroep up;
   * 90 % of a class moves up together into its successor, every tenth pupil into another class of that jaargroep; the
   * sixth-years (jaargroep 16) leave; as many new first-years arrive. Pupils keep key, eck-id and name.
   */
  readonly nextYear?: boolean;
  /**
   * With `nextYear`, moves as a real school has them besides: every 29th pupil repeats the year (the new class of the
   * same jaargroep), some classes split over two successors, and pairs of classes merge into one.
   */
  readonly realisticMoves?: boolean;
}

/** One `<toevoegingen>` element, each part on its own line (so mutants change one line of it). */
function toevoegingen(kind: 'lvs' | 'volgsysteem', indent: string, n: number): string[] {
  const body =
    kind === 'lvs'
      ? ['<blok xsi:type="LVSGegevensType">', '\t<code>LVS</code>', '\t<omschrijving>Leerlingvolgsysteem</omschrijving>', `\t<rugzakleerling>${n % 2 === 0 ? 'false' : 'true'}</rugzakleerling>`, '\t<asielzoeker>0</asielzoeker>', '</blok>']
      : ['<blok xsi:type="VolgsysteemVOType">', '\t<code>VolgsysteemVO</code>', `\t<bsn_ondwnr-4>${String(1000 + (n % 9000))}</bsn_ondwnr-4>`, '\t<toetsen/>', '</blok>'];
  return [`${indent}<toevoegingen>`, ...body.map((l) => `${indent}\t${l}`), `${indent}</toevoegingen>`];
}

const ACHTERNAMEN = ['Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'Öztürk', 'El Amrani', 'Nguyễn'];
const VOORNAMEN = ['Emma', 'Noah', 'Julia', 'Liam', 'Mila', 'Luca', 'Sophie', 'Sem', 'Tess', 'Finn', 'Zoë', 'Daan', 'Fenna', 'Levi', 'Saar', 'Bram', 'Yara', 'Mohammed', 'Anaïs', 'Jiří'];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function splitName(full: string): { voorvoegsel: string | null; achternaam: string } {
  const m = /^((?:van den|van der|van|de|den|der)\s)?(.*)$/.exec(full)!;
  return { voorvoegsel: m[1]?.trim() ?? null, achternaam: m[2]! };
}

export function generateEdexml(options: GenerateOptions): string {
  if (options.version === '1.03') return generateEdexml103(options);
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const version = options.version ?? '2.1';
  const classes = Math.max(1, Math.round(options.pupils / 28));
  const clusters = Math.max(1, Math.round(classes / 3));
  const teachers = Math.max(1, Math.round(options.pupils / 14));
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">');
  out.push('\t<school>');
  out.push(`\t\t<schooljaar>${options.schooljaar ?? '2025-2026'}</schooljaar>`);
  out.push(`\t\t<brincode>${options.brincode ?? '99ZX'}</brincode>`);
  out.push(`\t\t<dependancecode>${options.dependancecode ?? '10'}</dependancecode>`);
  out.push('\t\t<schoolkey>41323</schoolkey>');
  out.push('\t\t<aanmaakdatum>2025-10-01T08:30:00</aanmaakdatum>');
  out.push('\t\t<auteur>Somtoday</auteur>');
  out.push(`\t\t<xsdversie>${version}</xsdversie>`);
  out.push('\t</school>');
  out.push('\t<vestigingen>');
  out.push('\t\t<vestiging key="V1">');
  out.push('\t\t\t<naam>Hoofdlocatie</naam>');
  out.push('\t\t</vestiging>');
  out.push('\t</vestigingen>');
  out.push('\t<groepen>');
  const classKeys: string[] = [];
  for (let c = 0; c < classes; c++) {
    const jaar = 11 + (c % 6);
    const key = `${options.nextYear ? 'N' : 'K'}${String(c + 1).padStart(4, '0')}`;
    classKeys.push(key);
    out.push(`\t\t<groep key="${key}">`);
    out.push(`\t\t\t<naam>${jaar - 10}${String.fromCharCode(65 + Math.floor(c / 6) % 26)}${Math.floor(c / 156) || ''}</naam>`);
    out.push(`\t\t\t<jaargroep>${jaar}</jaargroep>`);
    out.push('\t\t</groep>');
  }
  const clusterKeys: string[] = [];
  for (let c = 0; c < clusters; c++) {
    const key = `CL${String(c + 1).padStart(4, '0')}`;
    clusterKeys.push(key);
    out.push(`\t\t<samengestelde_groep key="${key}">`);
    out.push(`\t\t\t<naam>${pick(['wi', 'ne', 'en', 'du', 'fa'])}${c + 1}</naam>`);
    out.push('\t\t</samengestelde_groep>');
  }
  out.push('\t</groepen>');
  out.push('\t<leerlingen>');
  // Next year: where each pupil of the base year goes (null: leaves), drawn without using the random stream, so every
  // staying pupil keeps the name and birth date of the base year.
  const successor = (klas: number, p: number): number | null => {
    if (!options.nextYear) return klas;
    if (options.realisticMoves && p % 29 === 0) return klas; // repeats the year
    if (klas % 6 === 5 || klas + 1 >= classes) return null;
    if (options.realisticMoves && klas % 12 === 3 && p % 2 === 0 && klas + 7 < classes) return klas + 7; // split in two
    if (options.realisticMoves && klas % 12 === 10) return klas - 5; // merged with its parallel class
    return p % 10 === 0 && klas + 7 < classes ? klas + 7 : klas + 1;
  };
  let leavers = 0;
  const pupilOut = out;
  for (let p = 0; p < options.pupils; p++) {
    const target = successor(p % classes, p);
    // A leaver's lines are drawn (the random stream stays the base year's) and dropped.
    const out: string[] = target === null ? [] : pupilOut;
    if (target === null) leavers++;
    const klas = target ?? p % classes;
    const jaar = 11 + (klas % 6);
    const { voorvoegsel, achternaam } = splitName(pick(ACHTERNAMEN));
    const voornaam = pick(VOORNAMEN);
    const born = 2014 - (((p % classes) % 6));
    // Between two pupils, where only <leerling> may stand: a block the schema does not allow at that place at all.
    if (options.blocks === 'misplaced' && p === 1) out.push(...toevoegingen('volgsysteem', '\t\t', p));
    out.push(`\t\t<leerling key="${String((options.pupilKeyBase ?? 100000) + p).padStart(8, '0')}"${version === '2.1' ? ` eckid="https://id.school/LL_${(p * 2654435761 >>> 0).toString(36)}${p}"` : ''}>`);
    out.push(`\t\t\t<achternaam>${esc(achternaam)}</achternaam>`);
    const block = blockOf(options.blocks, p);
    if (block && options.blocks === 'misplaced') out.push(...toevoegingen('volgsysteem', '\t\t\t', p));
    if (voorvoegsel) out.push(`\t\t\t<voorvoegsel>${voorvoegsel}</voorvoegsel>`);
    out.push(`\t\t\t<voornamen>${esc(voornaam)}</voornamen>`);
    out.push(`\t\t\t<voorletters-1>${voornaam[0]}</voorletters-1>`);
    out.push(`\t\t\t<roepnaam>${esc(voornaam)}</roepnaam>`);
    out.push(`\t\t\t<geboortedatum>${born}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}</geboortedatum>`);
    out.push(`\t\t\t<geslacht>${pick(['1', '2'])}</geslacht>`);
    out.push(`\t\t\t<jaargroep>${jaar}</jaargroep>`);
    out.push(`\t\t\t<groep key="${classKeys[klas]}"/>`);
    out.push('\t\t\t<samengestelde_groepen>');
    out.push(`\t\t\t\t<samengestelde_groep key="${clusterKeys[p % clusters]}"/>`);
    out.push('\t\t\t</samengestelde_groepen>');
    out.push('\t\t\t<vestiging key="V1"/>');
    out.push(`\t\t\t<land>${pick(['NL', 'NL', 'NL', 'MA', 'TR'])}</land>`);
    out.push(`\t\t\t<bsn>${String(100000000 + Math.floor(random() * 899999999))}</bsn>`);
    out.push(`\t\t\t<postcodenl>${1000 + Math.floor(random() * 8999)}AB</postcodenl>`);
    if (block && options.blocks !== 'misplaced') out.push(...toevoegingen(block, '\t\t\t', p));
    out.push('\t\t</leerling>');
  }
  // Next year: as many new first-years as left, in the jaargroep-11 classes.
  const firstYearClasses = classKeys.map((_, c) => c).filter((c) => c % 6 === 0);
  for (let n = 0; options.nextYear && n < leavers && firstYearClasses.length > 0; n++) {
    const p = 900000 + n;
    const klas = firstYearClasses[n % firstYearClasses.length]!;
    const { voorvoegsel, achternaam } = splitName(pick(ACHTERNAMEN));
    const voornaam = pick(VOORNAMEN);
    out.push(`\t\t<leerling key="${String((options.pupilKeyBase ?? 100000) + p).padStart(8, '0')}"${version === '2.1' ? ` eckid="https://id.school/LL_nieuw${p}"` : ''}>`);
    out.push(`\t\t\t<achternaam>${esc(achternaam)}</achternaam>`);
    if (voorvoegsel) out.push(`\t\t\t<voorvoegsel>${voorvoegsel}</voorvoegsel>`);
    out.push(`\t\t\t<voornamen>${esc(voornaam)}</voornamen>`, `\t\t\t<voorletters-1>${voornaam[0]}</voorletters-1>`, `\t\t\t<roepnaam>${esc(voornaam)}</roepnaam>`);
    out.push('\t\t\t<geboortedatum>2014-09-01</geboortedatum>', `\t\t\t<geslacht>${pick(['1', '2'])}</geslacht>`, '\t\t\t<jaargroep>11</jaargroep>');
    out.push(`\t\t\t<groep key="${classKeys[klas]}"/>`, '\t\t\t<vestiging key="V1"/>', '\t\t</leerling>');
  }
  out.push('\t</leerlingen>');
  out.push('\t<leerkrachten>');
  for (let t = 0; t < teachers; t++) {
    const twin = options.twinTeachers && t < 2;
    const { voorvoegsel, achternaam } = twin ? { voorvoegsel: 'de', achternaam: 'Boer' } : splitName(pick(ACHTERNAMEN));
    const voorletter = twin ? 'N' : pick(VOORNAMEN)[0];
    out.push(`\t\t<leerkracht key="LK${t + 1}">`);
    out.push(`\t\t\t<achternaam>${esc(achternaam)}</achternaam>`);
    if (voorvoegsel) out.push(`\t\t\t<voorvoegsel>${voorvoegsel}</voorvoegsel>`);
    out.push(`\t\t\t<voorletters-1>${voorletter}</voorletters-1>`);
    if (t >= (options.teachersWithoutEmail ?? 0)) out.push(`\t\t\t<emailadres>docent${t + 1}@school.example</emailadres>`);
    out.push('\t\t\t<groepen>');
    out.push(`\t\t\t\t<groep key="${classKeys[t % classes]}"/>`);
    if (classes > 1) out.push(`\t\t\t\t<groep key="${classKeys[(t + 1) % classes]}"/>`);
    out.push(`\t\t\t\t<samengestelde_groep key="${clusterKeys[t % clusters]}"/>`);
    out.push('\t\t\t</groepen>');
    out.push('\t\t</leerkracht>');
  }
  out.push('\t</leerkrachten>');
  out.push('</EDEX>');
  return out.join('\n') + '\n';
}

function blockOf(blocks: GenerateOptions['blocks'], pupil: number): 'lvs' | 'volgsysteem' | null {
  if (!blocks || pupil % 3 !== 0) return null;
  if (blocks === 'lvs') return 'lvs';
  if (blocks === 'mixed') return pupil % 2 === 0 ? 'lvs' : 'volgsysteem';
  return 'volgsysteem';
}

/**
 * An EDEXML 1.03 file (older Cito LVS exports): no vestigingen or cluster groups, jaargroep 11–13 (the 1.03 list
 * stops there), a pupil's class or jaargroep, sofinummer and postcode to drop.
 */
function generateEdexml103(options: GenerateOptions): string {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const classes = Math.max(1, Math.round(options.pupils / 28));
  const teachers = Math.max(1, Math.round(options.pupils / 14));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">', '\t<school>'];
  out.push(`\t\t<schooljaar>${options.schooljaar ?? '2025-2026'}</schooljaar>`);
  out.push(`\t\t<brincode>${options.brincode ?? '99ZX'}</brincode>`);
  out.push(`\t\t<dependancecode>${options.dependancecode ?? '10'}</dependancecode>`);
  out.push('\t\t<schoolkey>41323</schoolkey>', '\t\t<aanmaakdatum>2025-10-01T08:30:00</aanmaakdatum>', '\t\t<auteur>LVS</auteur>', '\t\t<xsdversie>1.03</xsdversie>', '\t</school>');
  out.push('\t<groepen>');
  const classKeys: string[] = [];
  for (let c = 0; c < classes; c++) {
    const key = `K${String(c + 1).padStart(4, '0')}`;
    classKeys.push(key);
    out.push(`\t\t<groep key="${key}">`, `\t\t\t<naam>${(c % 3) + 1}${String.fromCharCode(65 + Math.floor(c / 3) % 26)}</naam>`, `\t\t\t<jaargroep>${11 + (c % 3)}</jaargroep>`, '\t\t</groep>');
  }
  out.push('\t</groepen>', '\t<leerlingen>');
  for (let p = 0; p < options.pupils; p++) {
    const { voorvoegsel, achternaam } = splitName(pick(ACHTERNAMEN));
    const voornaam = pick(VOORNAMEN);
    out.push(`\t\t<leerling key="${String((options.pupilKeyBase ?? 100000) + p).padStart(8, '0')}">`);
    out.push(`\t\t\t<achternaam>${esc(achternaam)}</achternaam>`);
    if (voorvoegsel) out.push(`\t\t\t<voorvoegsel>${voorvoegsel}</voorvoegsel>`);
    out.push(`\t\t\t<voorletters-1>${voornaam[0]}</voorletters-1>`, `\t\t\t<roepnaam>${esc(voornaam)}</roepnaam>`);
    out.push(`\t\t\t<geboortedatum>2012-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}</geboortedatum>`);
    out.push(`\t\t\t<geslacht>${pick(['1', '2'])}</geslacht>`);
    out.push(`\t\t\t<groep key="${classKeys[p % classes]}"/>`);
    out.push(`\t\t\t<land>${pick(['NL', 'NL', 'MA'])}</land>`);
    out.push(`\t\t\t<sofinummer>${String(100000000 + Math.floor(random() * 899999999))}</sofinummer>`);
    out.push(`\t\t\t<postcodenl>${1000 + Math.floor(random() * 8999)}AB</postcodenl>`);
    const block = blockOf(options.blocks, p);
    if (block) out.push(...toevoegingen(block, '\t\t\t', p));
    out.push('\t\t</leerling>');
  }
  out.push('\t</leerlingen>', '\t<leerkrachten>');
  for (let t = 0; t < teachers; t++) {
    const { voorvoegsel, achternaam } = splitName(pick(ACHTERNAMEN));
    out.push(`\t\t<leerkracht key="LK${t + 1}">`, `\t\t\t<achternaam>${esc(achternaam)}</achternaam>`);
    if (voorvoegsel) out.push(`\t\t\t<voorvoegsel>${voorvoegsel}</voorvoegsel>`);
    out.push(`\t\t\t<voorletters-1>${pick(VOORNAMEN)[0]}</voorletters-1>`, '\t\t\t<groepen>', `\t\t\t\t<groep key="${classKeys[t % classes]}"/>`, '\t\t\t</groepen>', '\t\t</leerkracht>');
  }
  out.push('\t</leerkrachten>', '</EDEX>');
  return out.join('\n') + '\n';
}
