/**
 * What the console keeps of an EDEXML file: only what it needs to connect classes and pupils to colleagues (AVG:
 * data minimisation). No BSN or other national numbers, no country of birth, weights, postcodes or ethnicity.
 * Why shared: the import screen shows it, sync sends it, the writer writes it back as EDEXML.
 */
export interface SchoolIdentification {
  readonly schooljaar: string | null;
  readonly brincode: string | null;
  readonly dependancecode: string | null;
  /** brincode + dependancecode (`00` when absent), or null for a file without a valid BRIN. */
  readonly brin6: string | null;
  readonly schoolkey: string | null;
  /** Flemish schools: an instellingsnummer instead of a BRIN. */
  readonly instellingsnummer: string | null;
  readonly xsdversie: string | null;
}

export interface Vestiging {
  readonly key: string;
  readonly naam: string;
}

export interface Groep {
  readonly key: string;
  readonly naam: string;
  /** null for a samengestelde groep (cluster), which has no jaargroep. */
  readonly jaargroep: string | null;
  readonly samengesteld: boolean;
}

export interface PersonName {
  readonly achternaam: string | null;
  readonly voorvoegsel: string | null;
  readonly voornamen: string | null;
  readonly voorletters: string | null;
  readonly roepnaam: string | null;
}

export interface Leerling extends PersonName {
  readonly key: string;
  readonly eckid: string | null;
  readonly geboortedatum: string | null;
  readonly geslacht: string | null;
  readonly jaargroep: string | null;
  readonly groep: string | null;
  readonly samengesteldeGroepen: readonly string[];
  readonly vestiging: string | null;
  readonly gebruikersnaam: string | null;
  readonly emailadres: string | null;
}

export interface LeerkrachtGroep {
  readonly key: string;
  readonly samengesteld: boolean;
}

export interface Leerkracht extends PersonName {
  readonly key: string;
  readonly eckid: string | null;
  readonly gebruikersnaam: string | null;
  readonly emailadres: string | null;
  readonly rollen: readonly string[];
  readonly groepen: readonly LeerkrachtGroep[];
}

export interface SchoolData {
  readonly school: SchoolIdentification;
  readonly vestigingen: readonly Vestiging[];
  readonly groepen: readonly Groep[];
  readonly leerlingen: readonly Leerling[];
  readonly leerkrachten: readonly Leerkracht[];
}

export interface Counts {
  readonly groepen: number;
  readonly samengestelde_groepen: number;
  readonly leerlingen: number;
  readonly leerkrachten: number;
}
