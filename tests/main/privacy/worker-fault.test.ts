import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdexmlWorker } from '../../../main/imports/run-in-worker';
import { faultOf } from '../../../main/errors/faults';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * Issue 34, point 5: a fault inside the import thread (browser mode and the desktop app import on a worker thread)
 * keeps its code across the thread boundary, so the bridge can say "De schijf is vol" instead of "Er ging iets mis".
 */
describe('a fault in the import thread keeps its code', () => {
  it('Node\'s code arrives with the error (here EEXIST: a database folder that is a file); SQLITE_FULL would be said as a full disk', async () => {
    const dir = makeTempDir();
    const worker = new EdexmlWorker();
    try {
      const notADir = path.join(dir, 'bestand');
      fs.writeFileSync(notADir, '');
      const error = await worker.review(path.join(notADir, 'beheerconsole.sqlite'), { action: 'diff', brin6: '99ZX10', today: new Date().toISOString() }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EEXIST' });
      expect(faultOf({ code: 'SQLITE_FULL' })).toBe('disk-full');
    } finally {
      await worker.close();
      removeTempDir(dir);
    }
  }, 20_000);
});
