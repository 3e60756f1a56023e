import type { Counts, Groep, Leerkracht, LeerkrachtGroep, Leerling, SchoolData, SchoolIdentification, Vestiging } from '../../../shared/edexml/model';
import { toBrin6 } from '../../../shared/domain/brin';

/** Receives each record as soon as its element closes (see ModelBuilder). */
export interface ModelSink {
  vestiging(v: Vestiging): void;
  groep(g: Groep): void;
  leerling(l: Leerling): void;
  leerkracht(t: Leerkracht): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** Element names whose content the console never keeps (AVG), with the Dutch label the import report shows. */
export const DROPPED_FIELDS: Readonly<Record<string, string>> = {
  bsn: 'BSN',
  sofinummer: 'sofinummer',
  onderwijsnummer: 'onderwijsnummer',
  'bsn_ondwnr-4': 'BSN/onderwijsnummer (4 cijfers)',
  rijksregisternummer: 'rijksregisternummer',
  land: 'geboorteland',
  land_vader: 'geboorteland vader',
  land_moeder: 'geboorteland moeder',
  etniciteit: 'etniciteit',
  gewicht: 'leerlinggewicht',
  gewicht_nieuw: 'leerlinggewicht (nieuw)',
  postcodenl: 'postcode',
  postnummerbe: 'postnummer',
  postcodeoverig: 'postcode (buitenland)',
  fotourl: 'foto-adres',
  start_ondw_jgr3: 'startdatum groep 3',
  instroomdatum: 'instroomdatum',
  uitstroomdatum: 'uitstroomdatum',
  toevoegingen: 'toevoegingen (extra blokken)',
  rolomschrijving: 'rolomschrijving',
  commentaar: 'commentaar',
};

const PERSON_FIELDS = new Set(['achternaam', 'voorvoegsel', 'voornamen', 'voorletters-1', 'roepnaam', 'gebruikersnaam', 'emailadres']);
const LEERLING_FIELDS = new Set([...PERSON_FIELDS, 'geboortedatum', 'geslacht', 'jaargroep']);
const SCHOOL_FIELDS = new Set(['schooljaar', 'brincode', 'dependancecode', 'schoolkey', 'instellingsnummer', 'xsdversie']);

function attrOf(attrs: ReadonlyArray<{ local: string; uri: string; value: string }>, name: string): string | null {
  for (const a of attrs) if (a.local === name && a.uri === '') return a.value;
  return null;
}

type Person = { -readonly [K in 'achternaam' | 'voorvoegsel' | 'voornamen' | 'voorletters' | 'roepnaam' | 'gebruikersnaam' | 'emailadres']: string | null };

/** A person field by its element name, as a plain store (a keyed store by a computed name is far slower); false: none. */
function setPerson(p: Person, name: string, value: string): boolean {
  switch (name) {
    case 'achternaam':
      p.achternaam = value;
      return true;
    case 'voorvoegsel':
      p.voorvoegsel = value;
      return true;
    case 'voornamen':
      p.voornamen = value;
      return true;
    case 'voorletters-1':
      p.voorletters = value;
      return true;
    case 'roepnaam':
      p.roepnaam = value;
      return true;
    case 'gebruikersnaam':
      p.gebruikersnaam = value;
      return true;
    case 'emailadres':
      p.emailadres = value;
      return true;
  }
  return false;
}

/** VO jaargroepen are 11–16 (leerjaar 1–6); 0–8 are primary school, the rest special cases. */
export function isVoJaargroep(value: string): boolean {
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 11 && n <= 16;
}

/**
 * Builds the minimised school data from the reader's events, alongside the validator (one pass over the file).
 * It keeps only valid values of the fields the console needs and notes which kinds of other fields it dropped.
 */
export class ModelBuilder {
  private readonly names: string[] = [];
  private readonly school: Mutable<SchoolIdentification> = {
    schooljaar: null, brincode: null, dependancecode: null, brin6: null, schoolkey: null, instellingsnummer: null, xsdversie: null,
  };
  private readonly vestigingen: Vestiging[] = [];
  private readonly groepen: Groep[] = [];
  private readonly leerlingen: Leerling[] = [];
  private readonly leerkrachten: Leerkracht[] = [];
  private readonly dropped = new Set<string>();
  readonly counts: Mutable<Counts> = { groepen: 0, samengestelde_groepen: 0, leerlingen: 0, leerkrachten: 0 };
  /** Kept in both modes, for the domain checks (pupils without a class, empty classes, non-VO years). */
  readonly stats = {
    leerlingenZonderGroep: 0,
    groepKeys: [] as string[],
    referencedGroepen: new Set<string>(),
    nonVoGroepen: 0,
    nonVoLeerlingen: 0,
  };
  private currentHasGroep = false;
  /** > 0 while inside a `<toevoegingen>` element. */
  private blockDepth = 0;

  private vestiging: Mutable<Vestiging> | null = null;
  private groep: Mutable<Groep> | null = null;
  private leerling: Mutable<Leerling> | null = null;
  private leerkracht: Mutable<Leerkracht> | null = null;

  private readonly keepModel: boolean;

  /**
   * `keepModel`: build the school data; with a `sink`, each finished record goes there at once instead of into
   * lists (an import streams into SQLite and never holds 100,000 pupils in memory).
   */
  constructor(keepModel: boolean, private readonly sink: ModelSink | null = null) {
    this.keepModel = keepModel || sink !== null;
  }

  open(name: string, attrs: ReadonlyArray<{ local: string; uri: string; value: string }>): void {
    const names = this.names;
    names.push(name);
    // Extension blocks, wherever they stand: nothing in them is read (AVG), whatever their elements are called.
    if (this.blockDepth > 0 || name === 'toevoegingen') {
      this.blockDepth++;
      return;
    }
    const depth = names.length;
    if (depth < 3 || names[0] !== 'EDEX') return;
    const section = names[1];

    if (depth === 3) {
      if (section === 'groepen' && (name === 'groep' || name === 'samengestelde_groep')) {
        const samengesteld = name === 'samengestelde_groep';
        if (samengesteld) this.counts.samengestelde_groepen++;
        else {
          this.counts.groepen++;
          this.stats.groepKeys.push(attrOf(attrs, 'key') ?? '');
        }
        if (this.keepModel) this.groep = { key: attrOf(attrs, 'key') ?? '', naam: '', jaargroep: null, samengesteld };
      } else if (section === 'leerlingen' && name === 'leerling') {
        this.counts.leerlingen++;
        this.currentHasGroep = false;
        if (this.keepModel) {
          // Literal objects with every field (no spread): one shape for all pupils, cheap to build and to read.
          this.leerling = {
            key: attrOf(attrs, 'key') ?? '', eckid: attrOf(attrs, 'eckid'), achternaam: null, voorvoegsel: null, voornamen: null, voorletters: null,
            roepnaam: null, gebruikersnaam: null, emailadres: null, geboortedatum: null, geslacht: null, jaargroep: null,
            groep: null, samengesteldeGroepen: [], vestiging: null,
          };
        }
      } else if (section === 'leerkrachten' && name === 'leerkracht') {
        this.counts.leerkrachten++;
        if (this.keepModel) {
          this.leerkracht = {
            key: attrOf(attrs, 'key') ?? '', eckid: attrOf(attrs, 'eckid'), achternaam: null, voorvoegsel: null, voornamen: null, voorletters: null,
            roepnaam: null, gebruikersnaam: null, emailadres: null, rollen: [], groepen: [],
          };
        }
      } else if (section === 'vestigingen' && name === 'vestiging' && this.keepModel) {
        this.vestiging = { key: attrOf(attrs, 'key') ?? '', naam: '' };
      }
      return;
    }
    if (depth === 4 && section === 'leerlingen' && name === 'groep') {
      this.currentHasGroep = true;
      const key = attrOf(attrs, 'key');
      if (key !== null) this.stats.referencedGroepen.add(key);
    }
    if (!this.keepModel) return;
    if (depth === 4 && this.leerling) {
      const key = attrOf(attrs, 'key');
      if (name === 'groep' && key !== null) this.leerling.groep = key;
      else if (name === 'vestiging' && key !== null) this.leerling.vestiging = key;
    } else if (depth === 5 && this.leerling && names[3] === 'samengestelde_groepen' && name === 'samengestelde_groep') {
      const key = attrOf(attrs, 'key');
      if (key !== null) this.leerling.samengesteldeGroepen.push(key);
    } else if (depth === 5 && this.leerkracht && names[3] === 'groepen') {
      const key = attrOf(attrs, 'key');
      if (key !== null) this.leerkracht.groepen.push({ key, samengesteld: name === 'samengestelde_groep' } satisfies LeerkrachtGroep);
    }
  }

  /** `value` is the element's simple content when it was valid, else null (invalid optional values are not kept). */
  close(value: string | null): void {
    const names = this.names;
    const depth = names.length;
    const name = names.pop()!;
    if (this.blockDepth > 0) {
      if (--this.blockDepth === 0) this.dropped.add('toevoegingen');
      return;
    }
    if ((depth === 4 || (depth === 3 && names[1] === 'school')) && DROPPED_FIELDS[name]) {
      this.dropped.add(name);
      return;
    }
    if (names[0] !== 'EDEX' && depth > 1) return;
    if (depth === 3 && names[1] === 'school') {
      if (value !== null && SCHOOL_FIELDS.has(name)) (this.school as Record<string, string | null>)[name] = value;
      return;
    }
    if (depth === 3 && names[1] === 'leerlingen' && name === 'leerling' && !this.currentHasGroep) this.stats.leerlingenZonderGroep++;
    if (depth === 4 && name === 'jaargroep' && value !== null && !isVoJaargroep(value)) {
      if (names[1] === 'groepen') this.stats.nonVoGroepen++;
      else if (names[1] === 'leerlingen') this.stats.nonVoLeerlingen++;
    }
    if (depth === 3) {
      const sink = this.sink;
      if (sink) {
        if (this.groep) sink.groep(this.groep);
        if (this.leerling) sink.leerling(this.leerling);
        if (this.leerkracht) sink.leerkracht(this.leerkracht);
        if (this.vestiging) sink.vestiging(this.vestiging);
      } else {
        if (this.groep) this.groepen.push(this.groep);
        if (this.leerling) this.leerlingen.push(this.leerling);
        if (this.leerkracht) this.leerkrachten.push(this.leerkracht);
        if (this.vestiging) this.vestigingen.push(this.vestiging);
      }
      this.groep = this.leerling = this.leerkracht = this.vestiging = null;
      return;
    }
    if (depth !== 4 || value === null) return;
    if (this.leerling && LEERLING_FIELDS.has(name)) {
      if (!setPerson(this.leerling, name, value)) {
        if (name === 'geboortedatum') this.leerling.geboortedatum = value;
        else if (name === 'geslacht') this.leerling.geslacht = value;
        else if (name === 'jaargroep') this.leerling.jaargroep = value;
      }
    } else if (this.leerkracht && (PERSON_FIELDS.has(name) || name === 'rol')) {
      if (name === 'rol') this.leerkracht.rollen.push(value);
      else setPerson(this.leerkracht, name, value);
    } else if (this.groep && (name === 'naam' || name === 'jaargroep')) {
      this.groep[name] = value;
    } else if (this.vestiging && name === 'naam') {
      this.vestiging.naam = value;
    }
  }

  schoolIdentification(): SchoolIdentification {
    const s = this.school;
    const brin6 = s.brincode ? toBrin6(s.brincode, s.dependancecode ?? '00') : null;
    return { ...s, brin6 };
  }

  droppedKinds(): string[] {
    return [...this.dropped].map((n) => DROPPED_FIELDS[n]!).sort();
  }

  result(): SchoolData {
    return {
      school: this.schoolIdentification(),
      vestigingen: this.vestigingen,
      groepen: this.groepen,
      leerlingen: this.leerlingen,
      leerkrachten: this.leerkrachten,
    };
  }
}
