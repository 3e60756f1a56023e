/**
 * Whether step 5 can compare at all (issue 15, point 2). A comparison is only true when the service has the
 * confirmed import and its lists were fetched after that delivery: with the upload still queued (offline), the
 * service's old lists against a new file are not "klassen wijken af", they are "not sent yet". Pure; step 4's and
 * step 5's states and screens all ask this one function.
 */
export type UploadState = 'none' | 'queued' | 'refused' | 'delivered';

export type CheckReadiness = 'no-import' | 'queued' | 'refused' | 'fetching' | 'ready';

export interface CheckFacts {
  readonly hasConfirmedImport: boolean;
  readonly upload: UploadState;
  /** When the service's lists were last fetched (ISO), or null. */
  readonly fetchedAt: string | null;
  /** When the service acknowledged the confirmed import's upload (ISO), or null. */
  readonly deliveredAt: string | null;
}

export function checkReadiness(f: CheckFacts): CheckReadiness {
  if (!f.hasConfirmedImport) return 'no-import';
  if (f.upload === 'refused') return 'refused';
  if (f.upload !== 'delivered') return 'queued';
  if (f.fetchedAt === null || (f.deliveredAt !== null && f.deliveredAt > f.fetchedAt)) return 'fetching';
  return 'ready';
}

/** What step 5 says while it cannot compare yet: what is so, and what to do (or that nothing needs doing). */
export function checkWaitLine(readiness: Exclude<CheckReadiness, 'ready'>, signedIn: boolean): { readonly title: string; readonly text: string } {
  switch (readiness) {
    case 'no-import':
      return { title: 'Nog niets om te controleren', text: 'Bevestig eerst de schoolgegevens in stap 3.' };
    case 'queued':
      return {
        title: 'De bevestigde gegevens zijn nog niet verstuurd',
        text: signedIn
          ? 'Ze staan in de wachtrij en gaan mee met de volgende synchronisatie. Daarna haalt de console de lijst van de centrale dienst op en kun je hier vergelijken.'
          : 'Ze staan in de wachtrij en worden verstuurd zodra je bent aangemeld en er verbinding is. Daarna kun je hier vergelijken.',
      };
    case 'refused':
      return { title: 'De centrale dienst heeft de schoolgegevens geweigerd', text: 'Bekijk de melding in stap 4; vergelijken kan pas als de gegevens zijn aangekomen.' };
    case 'fetching':
      return {
        title: 'Verstuurd; de lijst van de centrale dienst wordt opgehaald',
        text: 'Zodra die binnen is, vergelijkt dit scherm per klas het bestand met de centrale dienst. Het werkt zichzelf bij.',
      };
  }
}
