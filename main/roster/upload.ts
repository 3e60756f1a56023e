import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { z } from 'zod';
import type { SchoolDataUpload } from '../../shared/api/resources';
import { importId, loadImport } from '../imports/store';
import type { OutboxEntry, ResourceHandler } from '../sync';
import { recordSchoolDataDelivered } from './store';

/**
 * The school data's upload (PUT school-data) as a resource of the sync engine. The queued entry refers to the
 * confirmed import instead of carrying it (a 100,000-pupil upload is not copied into the queue): the body is built
 * at send time. Superseded (null) when a newer confirmed import replaced the one it refers to (a newer entry is
 * queued for that). Sent on its own, never in a batch. Delivered: the service has exactly this import.
 */
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
