/**
 * The one connection model every screen shows (issue 15, points 1 and 5): header, status bar, step 1 and
 * "Nu synchroniseren" all derive their words from these functions, so they can never contradict each other
 * ("Niet aangemeld (offline)" above a status bar that says "Online"). Pure; the clock's formatting is passed in.
 */

import type { NetworkCause } from './network';

export type ServiceConnection = 'not-configured' | 'unknown' | 'online' | 'offline';

/** Why the service gave no answer (shared/domain/network.ts): the cause and its Dutch message with the next step. */
export interface ConnectionProblem {
  readonly cause: NetworkCause;
  readonly message: string;
}

/** The status bar's short words per cause: never only "Geen verbinding" when the console knows why. */
const CAUSE_LABEL: Record<NetworkCause, string> = {
  offline: 'Offline',
  proxy: 'Geen verbinding · proxy van het schoolnetwerk',
  tls: 'Geen verbinding · certificaat niet vertrouwd',
  diverted: 'Geen verbinding · omgeleid door het schoolnetwerk',
  timeout: 'Geen antwoord op tijd',
  service: 'Centrale dienst gaf een fout',
};

/** What to do next per cause (the message says the detail). */
const CAUSE_ACTION: Record<NetworkCause, string> = {
  offline: 'Controleer de internetverbinding van deze pc; de console probeert het vanzelf opnieuw.',
  proxy: 'Vraag de ICT-afdeling de centrale dienst door de proxy toe te laten. Support en updates → Verbinding testen laat zien welke proxy de console gebruikt.',
  tls: 'Vraag de ICT-afdeling de centrale dienst uit te zonderen van TLS-inspectie, of geef de console het certificaat van de school (Support en updates).',
  diverted: 'Vraag de ICT-afdeling de centrale dienst toe te staan in het webfilter; er is niets afgeleverd en de console probeert het opnieuw.',
  timeout: 'De console probeert het vanzelf opnieuw; er gaat niets verloren.',
  service: 'De console probeert het vanzelf opnieuw; er gaat niets verloren.',
};

export type ConnectionState = 'not-configured' | 'checking' | 'not-signed-in' | 'online' | 'unreachable' | 'refused';

export interface ConnectionFacts {
  readonly connection: ServiceConnection;
  /** While offline: since when (ISO). */
  readonly offlineSince: string | null;
  /** Why there is no answer, while offline; absent or null when the console does not know. */
  readonly problem?: ConnectionProblem | null;
  /** The location the screens are about, or null (overview without a location). */
  readonly location: {
    readonly brin6: string;
    readonly signedIn: boolean;
    /** The service's reason the last sign-in was refused, until one succeeds. */
    readonly signInRefused: string | null;
  } | null;
}

export interface ConnectionView {
  readonly state: ConnectionState;
  /** Short, for the status bar. */
  readonly label: string;
  /** One sentence of what is so, for step 1 and notices. */
  readonly line: string;
  /** What to do next, or null when nothing needs doing. */
  readonly action: string | null;
  readonly level: 'success' | 'info' | 'warning' | 'error';
}

/** `formatTime` turns an ISO time into the clock time the screens show ("14:32"). */
export function connectionView(facts: ConnectionFacts, formatTime: (iso: string) => string): ConnectionView {
  const { connection, location } = facts;
  const since = facts.offlineSince ? ` sinds ${formatTime(facts.offlineSince)}` : '';
  if (connection === 'not-configured') {
    return {
      state: 'not-configured',
      label: 'Offline · nog geen centrale dienst ingesteld',
      line: 'Deze console weet nog niet waar de centrale dienst staat. Alles wat je doet, wordt op deze pc bewaard.',
      action: 'Vul in stap 1 het adres van de centrale dienst in, of werk offline verder.',
      level: 'info',
    };
  }
  // The service answered and said no: reachable, so never "niet bereikbaar" above "wachtwoord klopt niet".
  if (location && !location.signedIn && location.signInRefused) {
    return {
      state: 'refused',
      label: `Aanmelding geweigerd voor ${location.brin6}`,
      line: location.signInRefused,
      action: `Controleer de gebruikersnaam en het wachtwoord van het account van ${location.brin6} en meld je opnieuw aan.`,
      level: 'error',
    };
  }
  if (connection === 'offline' && facts.problem && facts.problem.cause !== 'offline') {
    return {
      state: 'unreachable',
      label: `${CAUSE_LABEL[facts.problem.cause]}${since}`,
      line: `${facts.problem.message} Je kunt gewoon verder: alles wordt op deze pc bewaard.`,
      action: CAUSE_ACTION[facts.problem.cause],
      level: 'warning',
    };
  }
  if (connection === 'offline') {
    return {
      state: 'unreachable',
      label: `Offline${since}`,
      line: `${facts.problem ? facts.problem.message : `De centrale dienst is nu niet bereikbaar${since}.`} Je kunt gewoon verder: alles wordt op deze pc bewaard en verstuurd zodra er verbinding is.`,
      action: 'Controleer de internetverbinding van deze pc; de console probeert het vanzelf opnieuw.',
      level: 'warning',
    };
  }
  if (connection === 'unknown') {
    return {
      state: 'checking',
      label: 'Verbinding wordt gecontroleerd…',
      line: 'De console vraagt de centrale dienst of hij bereikbaar is.',
      action: null,
      level: 'info',
    };
  }
  if (location && !location.signedIn) {
    return {
      state: 'not-signed-in',
      label: `Online · niet aangemeld voor ${location.brin6}`,
      line: `De centrale dienst is bereikbaar. Meld je aan voor ${location.brin6} om je wijzigingen te versturen.`,
      action: `Meld je in stap 1 aan met het account van ${location.brin6}.`,
      level: 'info',
    };
  }
  return {
    state: 'online',
    label: location ? `Online · aangemeld voor ${location.brin6}` : 'Online',
    line: location ? `Aangemeld en verbonden met de centrale dienst.` : 'De centrale dienst is bereikbaar.',
    action: null,
    level: 'success',
  };
}

/** The header's account line: who is signed in for this location, and nothing it does not know. */
export function accountLine(location: { readonly signedIn: boolean; readonly username: string }, view: ConnectionView): string {
  if (location.signedIn) return `Aangemeld als ${location.username || 'beheerder'}${view.state === 'unreachable' ? ' (nu offline)' : ''}`;
  return view.state === 'refused' ? 'Niet aangemeld (aanmelding geweigerd)' : 'Niet aangemeld';
}

export interface SyncNowFacts {
  readonly connection: ServiceConnection;
  readonly offlineSince: string | null;
  /** Why there is no answer, while offline. */
  readonly problem?: ConnectionProblem | null;
  readonly signedIn: boolean;
  readonly brin6: string;
  /** Queued changes of this location before and after the round. */
  readonly pendingBefore: number;
  readonly pendingAfter: number;
  /** Why the oldest change that keeps failing has not arrived (Dutch), or null. */
  readonly delayedReason: string | null;
}

/**
 * What "Nu synchroniseren" answers — always something: done (and how many went), nothing to send, or no
 * connection (since when, and that nothing is lost).
 */
export function syncNowAnswer(f: SyncNowFacts, formatTime: (iso: string) => string): { readonly level: 'success' | 'info' | 'warning'; readonly message: string } {
  const waiting = (n: number) => (n === 1 ? '1 wijziging wacht' : `${n} wijzigingen wachten`);
  if (f.connection === 'not-configured') {
    return { level: 'warning', message: 'Er is nog geen centrale dienst ingesteld. Vul het adres in stap 1 in; tot dan blijft alles op deze pc bewaard.' };
  }
  if (f.connection === 'offline') {
    const since = f.offlineSince ? ` (sinds ${formatTime(f.offlineSince)})` : '';
    const kept = f.pendingAfter > 0 ? ` ${waiting(f.pendingAfter)} op deze pc en ${f.pendingAfter === 1 ? 'wordt' : 'worden'} verstuurd zodra er verbinding is.` : ' Er staat niets te wachten.';
    // Why, after the fact: the cause's own sentence (its first words repeat nothing already said).
    const reason = f.problem ? ` ${f.problem.message.replace(/^Geen verbinding met de centrale dienst: /, '')}` : '';
    return { level: 'warning', message: `Geen verbinding met de centrale dienst${since}.${reason}${kept}` };
  }
  if (!f.signedIn) {
    return { level: 'warning', message: `Niet aangemeld voor ${f.brin6}: meld je aan in stap 1, dan wordt de wachtrij verstuurd.` };
  }
  const sent = Math.max(0, f.pendingBefore - f.pendingAfter);
  if (f.pendingAfter > 0) {
    const reason = f.delayedReason ? ` Reden: ${f.delayedReason}` : ' De console probeert het vanzelf opnieuw.';
    return { level: 'warning', message: `${sent > 0 ? `${sent === 1 ? '1 wijziging' : `${sent} wijzigingen`} verstuurd; ` : ''}${waiting(f.pendingAfter)} nog op verzending.${reason}` };
  }
  if (sent > 0) return { level: 'success', message: `Gesynchroniseerd: ${sent === 1 ? '1 wijziging' : `${sent} wijzigingen`} verstuurd.` };
  return { level: 'success', message: 'Gesynchroniseerd: er was niets te versturen en alles is bijgewerkt.' };
}

/** "Uitgenodigd · wacht op activering": and when the console looks again (the next round reads the service's feed). */
export function activationWait(nextRoundAt: string | null, connection: ServiceConnection, formatTime: (iso: string) => string): string {
  if (connection === 'offline' || connection === 'not-configured') return 'wacht op activering; gecontroleerd zodra er verbinding is';
  return nextRoundAt ? `wacht op activering; volgende controle om ${formatTime(nextRoundAt)}` : 'wacht op activering';
}
