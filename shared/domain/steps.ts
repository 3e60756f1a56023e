/**
 * The administrator's step plan per school location (Cito, "Interactief stappenplan Beheermodule").
 * Why in shared: the shell, the CLI and later progress tracking all name the steps the same way.
 */
export interface Step {
  readonly number: number;
  readonly id: StepId;
  /** Dutch title as the step plan words it. */
  readonly title: string;
  /** Short Dutch name of the step's screen (navigation, headings). */
  readonly screen: string;
}

export type StepId =
  | 'sign-in'
  | 'import'
  | 'confirm-school'
  | 'load-planner'
  | 'check-availability'
  | 'add-users'
  | 'assign-roles'
  | 'invite';

export const steps: readonly Step[] = [
  { number: 1, id: 'sign-in', title: 'Aanmelden met het account van deze BRIN6', screen: 'Aanmelden' },
  { number: 2, id: 'import', title: 'EDEXML-bestand importeren', screen: 'Importeren' },
  { number: 3, id: 'confirm-school', title: 'Schoolidentificatie en schooljaar bevestigen', screen: 'Controleren en bevestigen' },
  { number: 4, id: 'load-planner', title: 'Leerlingen en klassen in de planner', screen: 'Beschikbaar in het portaal' },
  { number: 5, id: 'check-availability', title: 'Controleren of alle klassen en leerlingen er zijn', screen: 'Controleren' },
  { number: 6, id: 'add-users', title: 'Gebruikers toevoegen', screen: 'Gebruikers toevoegen' },
  { number: 7, id: 'assign-roles', title: 'Rollen en klassen toewijzen', screen: 'Rollen en klassen' },
  { number: 8, id: 'invite', title: 'Uitnodigingen versturen', screen: 'Uitnodigen' },
];
