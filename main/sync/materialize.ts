import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import type { SchoolDataUpload } from '../../shared/api/resources';
import { importId, loadImport } from '../edexml/store';
import type { OutboxEntry } from './outbox';
import { materializeUserEntry } from '../users/sync';
import { documentKindOfRoute, materializeDocumentEntry } from './documents';

/**
 * Some entries refer to local data instead of carrying it (a 100,000-pupil upload is not copied into the queue):
 * this turns them into the request body at send time; user entries get the service's id and version (main/users).
 * Null: the entry is superseded (a newer confirmed import replaced the one it refers to, and a newer entry is queued
 * for that; or a queued creation of a user the service already has). 'hold': it cannot be sent yet.
 */
export function materialize(db: Database.Database, entry: OutboxEntry): OutboxEntry | 'hold' | null {
  if (documentKindOfRoute(entry.routeId)) return materializeDocumentEntry(db, entry);
  if (entry.routeId !== 'putSchoolData') return materializeUserEntry(db, entry);
  const ref = entry.body as { importId: number };
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
}
