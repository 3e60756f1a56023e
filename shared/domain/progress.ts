/**
 * Where a location stands in steps 1–5 of the step plan, derived from facts main keeps in its database.
 * Why derived, not stored: the state then survives restarts by construction and can never disagree with the data
 * (a step marked "done" while its import was discarded). Pure: main computes the facts, this decides the states.
 */
import { checkReadiness } from './check';
import type { UploadState } from './check';
import type { StepId } from './steps';

export type StepState = 'done' | 'attention' | 'todo';

export interface StepProgress {
  readonly id: StepId;
  readonly state: StepState;
  /** One Dutch line: what is done, or what to do next. */
  readonly note: string;
}

export interface LocationFacts {
  /** A token for this BRIN6 is held now. */
  readonly signedIn: boolean;
  /** When the last successful sign-in was (kept across restarts), or null. */
  readonly lastSignInAt: string | null;
  /** The central service's address is set. */
  readonly apiConfigured: boolean;
  /** The stored, not yet confirmed import. */
  readonly pendingImport: { readonly schooljaar: string; readonly importedAt: string } | null;
  /** The import in force. */
  readonly confirmedImport: { readonly schooljaar: string; readonly confirmedAt: string } | null;
  /** The confirmed import's upload: still queued, refused (failed/conflict), or delivered (nothing queued). */
  readonly upload: UploadState;
  /** When the service's classes and pupils were last fetched, or null. */
  readonly rosterFetchedAt: string | null;
  /** When the service acknowledged the confirmed import's upload, or null: lists fetched before it are stale. */
  readonly deliveredAt: string | null;
  /** Classes compared in step 5, and how many of them differ. Null when there is nothing to compare yet. */
  readonly comparison: { readonly classes: number; readonly mismatched: number } | null;
}

/** The states of steps 1–5, in order. */
export function stepProgress(facts: LocationFacts): StepProgress[] {
  return [signIn(facts), importStep(facts), confirmStep(facts), plannerStep(facts), checkStep(facts)];
}

function signIn(f: LocationFacts): StepProgress {
  if (f.signedIn) return { id: 'sign-in', state: 'done', note: 'Aangemeld met het account van deze locatie.' };
  if (!f.apiConfigured) {
    return { id: 'sign-in', state: 'todo', note: 'Offline: stel het adres van de centrale dienst in en meld je aan. Importeren kan al.' };
  }
  if (f.lastSignInAt) {
    return { id: 'sign-in', state: 'attention', note: 'Niet meer aangemeld. Meld je opnieuw aan om wijzigingen te versturen.' };
  }
  return { id: 'sign-in', state: 'todo', note: 'Meld je aan met het portaalaccount van deze BRIN6, of werk offline verder.' };
}

function importStep(f: LocationFacts): StepProgress {
  if (f.pendingImport) return { id: 'import', state: 'done', note: `Bestand ingelezen (schooljaar ${f.pendingImport.schooljaar}); bevestig het in stap 3.` };
  if (f.confirmedImport) return { id: 'import', state: 'done', note: `Bestand van schooljaar ${f.confirmedImport.schooljaar} is in gebruik.` };
  return { id: 'import', state: 'todo', note: 'Importeer het EDEXML-bestand met alle klassen en leerlingen van deze BRIN6.' };
}

function confirmStep(f: LocationFacts): StepProgress {
  if (f.pendingImport && f.confirmedImport) {
    return { id: 'confirm-school', state: 'attention', note: 'Er is een nieuw bestand ingelezen: controleer de verschillen en bevestig.' };
  }
  if (f.pendingImport) return { id: 'confirm-school', state: 'todo', note: 'Controleer de schoolidentificatie en het schooljaar, en bevestig.' };
  if (f.confirmedImport) return { id: 'confirm-school', state: 'done', note: 'Schoolidentificatie en schooljaar bevestigd.' };
  return { id: 'confirm-school', state: 'todo', note: 'Eerst een bestand importeren (stap 2).' };
}

function plannerStep(f: LocationFacts): StepProgress {
  if (!f.confirmedImport) return { id: 'load-planner', state: 'todo', note: 'Eerst de schoolgegevens bevestigen (stap 3).' };
  switch (f.upload) {
    case 'refused':
      return { id: 'load-planner', state: 'attention', note: 'De centrale dienst heeft de schoolgegevens geweigerd. Bekijk de melding.' };
    case 'queued':
    case 'none':
      return {
        id: 'load-planner',
        state: 'todo',
        note: f.signedIn ? 'De schoolgegevens worden verstuurd.' : 'De schoolgegevens staan klaar; ze worden verstuurd zodra je bent aangemeld.',
      };
    case 'delivered':
      return readinessOf(f) === 'ready'
        ? { id: 'load-planner', state: 'done', note: 'Klassen en leerlingen staan bij de centrale dienst.' }
        : { id: 'load-planner', state: 'todo', note: 'Verstuurd; de lijst van de centrale dienst wordt opgehaald.' };
  }
}

/** Steps 4 and 5 ask the one step-5 rule whether the service's lists belong to the confirmed import. */
function readinessOf(f: LocationFacts) {
  return checkReadiness({ hasConfirmedImport: f.confirmedImport !== null, upload: f.upload, fetchedAt: f.rosterFetchedAt, deliveredAt: f.deliveredAt });
}

function checkStep(f: LocationFacts): StepProgress {
  if (readinessOf(f) !== 'ready' || !f.comparison) {
    return { id: 'check-availability', state: 'todo', note: 'Kan zodra de centrale dienst de klassen en leerlingen heeft (stap 4).' };
  }
  if (f.comparison.mismatched === 0) {
    return { id: 'check-availability', state: 'done', note: `Alle ${f.comparison.classes} klassen zijn compleet.` };
  }
  const n = f.comparison.mismatched;
  return {
    id: 'check-availability',
    state: 'attention',
    note: `${n} ${n === 1 ? 'klas wijkt' : 'klassen wijken'} af van het bevestigde bestand.`,
  };
}

/** The step to open for a location: the first that is not done (or the last one when all are). */
export function nextStep<P extends { readonly id: StepId; readonly state: StepState }>(progress: readonly P[]): P['id'] {
  return (progress.find((p) => p.state !== 'done') ?? progress[progress.length - 1]!).id;
}
