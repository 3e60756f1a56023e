/**
 * The school-year plan for Leerling in beeld VO on Woots (seed 001 "Aan de slag met Leerling in beeld VO"): who does
 * what across the school year. The seed's tasks are data here, word for word, so every location's checklist starts
 * from the same list; a location adds its own tasks beside them. Pure, shared: the screen and main agree on it.
 *
 * The seed gives no dates ("Wanneer" is left to the school), so seed tasks start without a due date; the admin sets
 * one. Seed tasks can be ticked off, dated and annotated, never removed or renamed; own tasks can be all of that.
 */
export const PLAN_ROLES = ['management', 'coordinator', 'woots-beheerder', 'docent', 'kwaliteitsmedewerker'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

export interface PlanRoleInfo {
  /** The seed's heading for the role. */
  readonly label: string;
  /** The seed's "Jouw rol: …" sentence. */
  readonly summary: string;
  /** The seed's "Hulp hierbij" materials. */
  readonly help: readonly string[];
}

export const PLAN_ROLE_INFO: Readonly<Record<PlanRole, PlanRoleInfo>> = {
  management: {
    label: 'Management',
    summary: 'Jij zorgt ervoor dat jouw school het maximale uit Leerling in beeld VO haalt.',
    help: ['Implementatiehandleiding Leerling in beeld VO'],
  },
  coordinator: {
    label: 'Coördinator Leerling in beeld VO',
    summary: 'Jij bent de spin in het web van het leerlingvolgsysteem.',
    help: [
      'Handleiding Plannen en afnemen Leerling in beeld VO',
      'Materialen voor toetsafname bij blinde en slechtziende leerlingen',
      'Kennisbank Woots',
      'Informatie voor ouders en verzorgers',
    ],
  },
  'woots-beheerder': {
    label: 'Beheerder Woots',
    summary: 'Jij neemt alle beheertaken van Woots voor jouw school op je.',
    help: ['Kennisartikelen Woots', 'Supportteam Woots'],
  },
  docent: {
    label: 'Docenten',
    summary: 'Jij bent verantwoordelijk voor de afname in je klas en voor de doorvertaling van rapportages naar acties.',
    help: [
      'Handleiding Aan de slag met Leerling in beeld VO voor docenten',
      'Handleiding Sociaal-emotioneel functioneren',
      'Handleiding Breed leerlingbeeld',
      'Informatie om Nederlands leesvaardigheid te bevorderen',
    ],
  },
  kwaliteitsmedewerker: {
    label: 'Kwaliteitsmedewerkers',
    summary: 'Jij bekijkt de rapportages en onderneemt waar nodig actie.',
    help: ['Handleiding Aan de slag met Leerling in beeld VO voor kwaliteitsmedewerkers'],
  },
};

export interface SeedTask {
  /** Stable id (stored with the location's progress on it); never reused for another task. */
  readonly id: string;
  readonly ownerRole: PlanRole;
  readonly title: string;
}

/** The seed's tasks, in the seed's order (by role, then as listed). */
export const SEED_TASKS: readonly SeedTask[] = [
  { id: 'seed:management-keuzes', ownerRole: 'management', title: 'Keuzes maken: welke leerlingen maken welke toetsen en wanneer?' },
  { id: 'seed:management-rollen', ownerRole: 'management', title: 'De rollen en taken voor Leerling in beeld VO onder de juiste mensen verdelen.' },
  { id: 'seed:management-gebruik', ownerRole: 'management', title: 'Stimuleren dat de resultaten van het leerlingvolgsysteem ook echt worden gebruikt.' },
  { id: 'seed:management-rapportages', ownerRole: 'management', title: 'De managementrapportages bekijken en waar nodig actie ondernemen.' },
  { id: 'seed:coordinator-licenties', ownerRole: 'coordinator', title: 'De licenties voor Leerling in beeld VO regelen in de webshop of via een contract.' },
  { id: 'seed:coordinator-planning', ownerRole: 'coordinator', title: 'De afnames én de inhaalmomenten van het volgsysteem plannen en in het lesrooster laten opnemen.' },
  { id: 'seed:coordinator-informeren', ownerRole: 'coordinator', title: 'Docenten, leerlingen en hun ouders of verzorgers informeren over het volgsysteem.' },
  { id: 'seed:coordinator-beheerder', ownerRole: 'coordinator', title: 'De beheerder van Woots inschakelen voor de inrichting van het platform.' },
  { id: 'seed:coordinator-programma', ownerRole: 'coordinator', title: 'Een programma aanmaken in Woots (bijvoorbeeld: Cito leerjaar 1).' },
  {
    id: 'seed:coordinator-collectie',
    ownerRole: 'coordinator',
    title: 'Een bibliotheekcollectie (bijvoorbeeld: Toets 0) óf een losse module (bijvoorbeeld: Taalverzorging Toets 0) toevoegen aan het programma in Woots.',
  },
  { id: 'seed:coordinator-docenten', ownerRole: 'coordinator', title: 'De docenten die betrokken zijn bij de afname toevoegen aan het programma.' },
  { id: 'seed:coordinator-klassen', ownerRole: 'coordinator', title: 'De klassen die de toetsen gaan maken toevoegen aan het programma.' },
  { id: 'seed:coordinator-toetstaken', ownerRole: 'coordinator', title: 'Elke toetstaak apart plannen in Woots.' },
  { id: 'seed:coordinator-monitoren', ownerRole: 'coordinator', title: 'De afnames van de toetsen en vragenlijsten monitoren en zorgen dat alle taken worden ingeleverd.' },
  { id: 'seed:coordinator-seintje', ownerRole: 'coordinator', title: 'Docenten en kwaliteitsmedewerkers een seintje geven zodra de rapportages klaarstaan.' },
  { id: 'seed:coordinator-printen', ownerRole: 'coordinator', title: 'De leerlingrapportages laten printen en verspreiden.' },
  {
    id: 'seed:beheerder-inrichten',
    ownerRole: 'woots-beheerder',
    title: 'Woots inrichten: het platform koppelen met het LAS (Magister of Somtoday) en zorgen dat Entree werkt.',
  },
  {
    id: 'seed:beheerder-onderwijsrichting',
    ownerRole: 'woots-beheerder',
    title: 'Bij de start van het schooljaar controleren of de onderwijsrichting van alle klassen goed is meegekomen uit het LAS.',
  },
  { id: 'seed:beheerder-lockdown', ownerRole: 'woots-beheerder', title: 'De digitale afname eventueel beveiligen met lockdownsoftware.' },
  {
    id: 'seed:beheerder-mentorrol',
    ownerRole: 'woots-beheerder',
    title:
      'Mentoren van klassen een mentorrol toekennen in Woots, zodat zij de rapportages van Breed leerlingbeeld (sociaal-emotioneel functioneren en leer-werkhouding) kunnen inzien.',
  },
  { id: 'seed:docent-monitoren', ownerRole: 'docent', title: 'Monitoren hoe de afname van de toetsen en vragenlijsten in de klas verloopt.' },
  { id: 'seed:docent-rapportages', ownerRole: 'docent', title: 'De rapportages van de toetsen en vragenlijsten bekijken.' },
  { id: 'seed:docent-bespreken', ownerRole: 'docent', title: 'De rapportages bespreken met de leerlingen en hun ouders of verzorgers.' },
  { id: 'seed:docent-actie', ownerRole: 'docent', title: 'Actie ondernemen als de toetsresultaten erom vragen.' },
  { id: 'seed:kwaliteit-rapportages', ownerRole: 'kwaliteitsmedewerker', title: 'De rapportages bekijken en waar nodig actie ondernemen.' },
];

export function isSeedTaskId(id: string): boolean {
  return id.startsWith('seed:');
}

/** A task is overdue when it is not done and its due date (YYYY-MM-DD) lies before today (YYYY-MM-DD, local). */
export function isOverdue(task: { readonly done: boolean; readonly due: string | null }, today: string): boolean {
  return !task.done && task.due !== null && task.due < today;
}

/** `2025-2026`: two consecutive years. */
export const SCHOOLJAAR_PATTERN = /^(\d{4})-(\d{4})$/;

export function isSchooljaar(value: string): boolean {
  const m = SCHOOLJAAR_PATTERN.exec(value);
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}
