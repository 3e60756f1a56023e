import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openDatabase } from '../../../main/db/database';
import type { OpenedDatabase } from '../../../main/db/database';
import { ensureLocation } from '../../../main/locations/locations';
import { forgetYearEvidence, yearEvidence } from '../../../main/imports/years';
import { generateEdexml } from '../../helpers/generate-edexml';
import { importConfirmed } from '../../helpers/import';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const A = '99ZX10';

/**
 * The evidence for a new school year is read once per pair of imports: after a confirm, step 3 decides where to go,
 * its hint and the plan's screen all ask for the plan — the same two imports, whose rows never change. What is kept
 * must never outlive the pair it was read for.
 */
describe('the evidence for a new school year: read once per pair of imports, never stale', () => {
  let dir: string;
  let opened: OpenedDatabase;
  const confirm = (schooljaar: string, seed: number, nextYear = false) => {
    const file = path.join(dir, `${schooljaar}-${seed}.xml`);
    fs.writeFileSync(file, generateEdexml({ pupils: 200, seed, schooljaar, nextYear, brincode: '99ZX', dependancecode: '10' }));
    importConfirmed(opened.db, file, { brin6: A, sourceName: path.basename(file) });
  };

  beforeEach(() => {
    dir = makeTempDir();
    opened = openDatabase(path.join(dir, DATABASE_FILE_NAME));
    ensureLocation(opened.db, A, 'Het Lyceum');
  });
  afterEach(() => {
    opened.db.close();
    removeTempDir(dir);
  });

  it('the same pair answers from what was read; another confirm, another connection, or forgetting reads again', () => {
    expect(yearEvidence(opened.db, A)).toBeNull();
    confirm('2025-2026', 3);
    expect(yearEvidence(opened.db, A)).toBeNull();
    confirm('2026-2027', 3, true);
    const first = yearEvidence(opened.db, A)!;
    expect(first.from.schooljaar).toBe('2025-2026');
    expect(first.to.schooljaar).toBe('2026-2027');
    expect(yearEvidence(opened.db, A)).toBe(first);

    // A third file: the pair moves on, and so does the evidence (not the kept one).
    confirm('2026-2027', 4);
    const next = yearEvidence(opened.db, A)!;
    expect(next).not.toBe(first);
    expect([next.from.id, next.to.id]).toEqual([first.to.id, first.to.id + 1]);
    expect(next.from.sourceName).toBe(first.to.sourceName);

    // Another connection to the same file reads its own; forgetting reads again, to the same content.
    const other = openDatabase(opened.file);
    try {
      const there = yearEvidence(other.db, A)!;
      expect(there).not.toBe(next);
      expect(there).toEqual(next);
    } finally {
      other.db.close();
    }
    forgetYearEvidence(opened.db);
    const again = yearEvidence(opened.db, A)!;
    expect(again).not.toBe(next);
    expect(again).toEqual(next);
  });

  it('a location removed and added again never gets the evidence of the one before (import ids are never reused)', () => {
    confirm('2025-2026', 3);
    confirm('2026-2027', 3, true);
    const before = yearEvidence(opened.db, A)!;
    opened.db.prepare('DELETE FROM locations WHERE brin6 = ?').run(A);
    expect(yearEvidence(opened.db, A)).toBeNull();
    ensureLocation(opened.db, A, 'Het Lyceum');
    confirm('2025-2026', 5);
    confirm('2026-2027', 5, true);
    const after = yearEvidence(opened.db, A)!;
    expect(after).not.toBe(before);
    expect(after.from.id).toBeGreaterThan(before.to.id);
  });
});
