import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { z } from 'zod';
import type { SchoolDataUpload } from '../../shared/api/resources';
import type { UploadState } from '../../shared/domain/check';
import { importId, loadImport } from './store';
import { entriesOfRoute, setSyncMarks, syncMark } from '../sync';
import type { OutboxEntry, ResourceHandler } from '../sync';

/**
 * The school data's upload (PUT school-data) as a resource of the sync engine. The queued entry refers to the
 * confirmed import instead of carrying it (a 100,000-pupil upload is not copied into the queue): the body is built
 * at send time. Superseded (null) when a newer confirmed import replaced the one it refers to (a newer entry is
 * queued for that). Sent on its own, never in a batch. Delivered: the service has exactly this import.
 */
/** This capability's sync marks (main/sync/marks.ts): which import the service has, and since when. */
const SCHOOL_DATA = 'school-data';

/** What is queued for the upload: which confirmed import (the body is built from it when sent). */
const uploadReference = z.object({ importId: z.number().int().positive() });

export const schoolDataResource: ResourceHandler = {
  routes: ['putSchoolData'],
  sendsAlone: true,
  queuedBody: uploadReference,
  materialize(db: Database.Database, entry: OutboxEntry): OutboxEntry | null {
    const ref = uploadReference.parse(entry.body); // the engine refused an entry that does not fit before this
    if (importId(db, entry.brin6, 'confirmed') !== ref.importId) return null;
    const data = loadImport(db, entry.brin6, 'confirmed')!;
    const upload: Omit<SchoolDataUpload, 'contentHash'> = {
      school: { brin6: entry.brin6, schoolkey: data.school.schoolkey, schooljaar: data.school.schooljaar ?? '' },
      groepen: data.groepen.map((g) => ({ key: g.key, naam: g.naam, jaargroep: g.jaargroep, samengesteld: g.samengesteld })),
      leerlingen: data.leerlingen.map((l) => ({
        key: l.key, eckid: l.eckid, achternaam: l.achternaam, voorvoegsel: l.voorvoegsel, voornamen: l.voornamen, roepnaam: l.roepnaam,
        geboortedatum: l.geboortedatum, jaargroep: l.jaargroep, groep: l.groep, samengesteldeGroepen: [...l.samengesteldeGroepen], gebruikersnaam: l.gebruikersnaam,
      })),
      leerkrachten: data.leerkrachten.map((t) => ({ key: t.key, achternaam: t.achternaam, emailadres: t.emailadres, groepen: t.groepen.map((g) => g.key) })),
    };
    const contentHash = crypto.createHash('sha256').update(JSON.stringify(upload)).digest('hex');
    return { ...entry, body: { contentHash, ...upload } };
  },
  delivered(db, entry) {
    recordSchoolDataDelivered(db, entry.brin6, uploadReference.parse(entry.body).importId);
  },
};

export type { UploadState };

/**
 * Where the confirmed import's upload stands: refused (kept as failed/conflict), queued (waiting in the outbox),
 * delivered (the service acknowledged exactly this import and nothing of it is queued), or none.
 */
export function uploadState(db: Database.Database, brin6: string): UploadState {
  const confirmedId = importId(db, brin6, 'confirmed');
  if (confirmedId === null) return 'none';
  const states = new Set(
    entriesOfRoute(db, brin6, 'putSchoolData')
      .filter((e) => (e.body as { importId?: unknown } | undefined)?.importId === confirmedId)
      .map((e) => e.state),
  );
  if (states.has('failed') || states.has('conflict')) return 'refused';
  if (states.has('pending')) return 'queued';
  return syncMark(db, brin6, SCHOOL_DATA, 'import-id') === String(confirmedId) ? 'delivered' : 'none';
}

/** The service acknowledged the upload of this import (called by the pusher). */
export function recordSchoolDataDelivered(db: Database.Database, brin6: string, importId: number, at: Date = new Date()): void {
  setSyncMarks(db, brin6, SCHOOL_DATA, { 'import-id': String(importId), 'delivered-at': at.toISOString() });
}

/**
 * When the service last acknowledged an upload of this location's school data, or null. It is the confirmed import's
 * exactly when uploadState says 'delivered' — the only case the step-5 rule (checkReadiness) reads it.
 */
export function schoolDataDeliveredAt(db: Database.Database, brin6: string): string | null {
  return syncMark(db, brin6, SCHOOL_DATA, 'delivered-at');
}
