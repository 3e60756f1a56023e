import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdexmlWorker, analyseInWorker, importInWorker } from '../../../main/imports/run-in-worker';
import { CLI_CACHE_MB, importFile } from '../../../main/imports/import';
import { openDatabase } from '../../../main/db/database';
import { confirmPendingImport } from '../../../main/imports/confirm';
import { loadImport } from '../../../main/imports/store';
import type { WorkerProgress } from '../../../main/imports/run-in-worker';
import { generateEdexml } from '../../helpers/generate-edexml';
import { schoolYearOf } from '../../../shared/domain/school-year';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

describe('EDEXML analysis in a worker thread', () => {
  it('reports progress in bytes and phases and returns the same analysis, while the main thread stays free', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 8000, seed: 4 }));
      const size = fs.statSync(file).size;
      const progress: WorkerProgress[] = [];
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const analysis = await analyseInWorker(file, { keepModel: true, targetBrin6: '99ZX10' }, (p) => progress.push(p));
      clearInterval(timer);
      expect(analysis.ok).toBe(true);
      expect(analysis.data?.leerlingen).toHaveLength(8000);
      expect(progress.at(-1)).toEqual({ phase: 'klaar', bytesRead: size, totalBytes: size });
      expect(progress.some((p) => p.phase === 'controleren')).toBe(true);
      const reads = progress.filter((p) => p.phase === 'lezen').map((p) => p.bytesRead);
      expect(reads).toEqual([...reads].sort((a, b) => a - b));
      expect(ticks).toBeGreaterThan(3);
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);

  it('passes findings back for a broken file', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'kapot.xml');
      fs.writeFileSync(file, '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "x">]>\n<EDEX/>');
      const analysis = await analyseInWorker(file, {});
      expect(analysis.findings.map((f) => f.code)).toEqual(['xml.doctype']);
    } finally {
      removeTempDir(dir);
    }
  });

  it('imports in a worker through its own connection, while the main connection stays usable', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 3000, seed: 6, schooljaar: schoolYearOf(new Date()) }));
      const databaseFile = path.join(dir, 'cache.sqlite');
      const { db } = openDatabase(databaseFile);
      const phases = new Set<string>();
      const report = await importInWorker(databaseFile, file, { brin6: '99ZX10', sourceName: 'school.xml' }, (p) => phases.add(p.phase));
      expect(report).toMatchObject({ ok: true, stored: 'pending', counts: { leerlingen: 3000 } });
      expect(phases).toContain('klaar');
      // What the worker committed through its own connection is there on the main one, and step 3 confirms it.
      expect(confirmPendingImport(db, '99ZX10', { importId: report.importId! })).toBe(true);
      expect(loadImport(db, '99ZX10', 'confirmed')?.leerlingen).toHaveLength(3000);
      db.close();
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);

  it('the one import path (a worker with its own connection, for the window and the CLI) stores exactly what the in-thread import does, and rolls back when blocked', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 2500, seed: 8 }));
      const aFile = path.join(dir, 'a.sqlite');
      const a = openDatabase(aFile).db;
      const b = openDatabase(path.join(dir, 'b.sqlite')).db;
      const parallel = await importInWorker(aFile, file, { brin6: '99ZX10', sourceName: 'school.xml' });
      const sequential = importFile(b, file, { brin6: '99ZX10', sourceName: 'school.xml' });
      expect(parallel).toEqual(sequential);
      expect(loadImport(a, '99ZX10', 'pending')).toEqual(loadImport(b, '99ZX10', 'pending'));
      confirmPendingImport(a, '99ZX10');
      fs.writeFileSync(file, generateEdexml({ pupils: 2500, seed: 8 }).replace('</leerkrachten>', '</leerkrachten><extra/>'));
      const blocked = await importInWorker(aFile, file, { brin6: '99ZX10', sourceName: 'kapot.xml' });
      expect(blocked.ok).toBe(false);
      expect(a.inTransaction).toBe(false);
      expect(loadImport(a, '99ZX10', 'pending')).toBeNull();
      expect(loadImport(a, '99ZX10', 'confirmed')?.leerlingen).toHaveLength(2500);
      a.close();
      b.close();
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);

  it('the CLI reads and writes on the calling thread: no thread is started, it stores exactly what the threads do, through the given connection; blocked rolls back', async () => {
    const dir = makeTempDir();
    const threaded = new EdexmlWorker();
    const aFile = path.join(dir, 'a.sqlite');
    const a = openDatabase(aFile).db;
    const connections: string[] = [];
    const here = new EdexmlWorker({ here: (databaseFile) => (connections.push(databaseFile), a) });
    try {
      here.prepare();
      expect(here.threadId).toBeNull();
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 2500, seed: 9 }));
      const bFile = path.join(dir, 'b.sqlite');
      openDatabase(bFile).db.close();
      const phases = new Set<string>();
      const mine = await here.import(aFile, file, { brin6: '99ZX10', sourceName: 'school.xml' }, (p) => phases.add(p.phase));
      const theirs = await threaded.import(bFile, file, { brin6: '99ZX10', sourceName: 'school.xml' });
      expect(mine).toEqual(theirs);
      expect(connections).toEqual([aFile]);
      expect(phases).toContain('klaar');
      const b = openDatabase(bFile).db;
      expect(loadImport(a, '99ZX10', 'pending')).toEqual(loadImport(b, '99ZX10', 'pending'));
      b.close();
      confirmPendingImport(a, '99ZX10');
      // A blocked file: nothing of it stays, the confirmed data does.
      fs.writeFileSync(file, generateEdexml({ pupils: 2500, seed: 9 }).replace('</leerkrachten>', '</leerkrachten><extra/>'));
      const blocked = await here.import(aFile, file, { brin6: '99ZX10', sourceName: 'kapot.xml' });
      expect(blocked.ok).toBe(false);
      expect(a.inTransaction).toBe(false);
      expect(loadImport(a, '99ZX10', 'pending')).toBeNull();
      expect(loadImport(a, '99ZX10', 'confirmed')?.leerlingen).toHaveLength(2500);
      expect((await here.analyse(file, {})).findings.some((f) => f.severity === 'error')).toBe(true);
      fs.writeFileSync(file, generateEdexml({ pupils: 1200, seed: 10 }));
      const again = await here.import(aFile, file, { brin6: '99ZX10', sourceName: 'nieuw.xml' });
      expect(again).toMatchObject({ ok: true, stored: 'pending', counts: { leerlingen: 1200 } });
      expect(loadImport(a, '99ZX10', 'pending')?.leerlingen).toHaveLength(1200);
      // Still no thread: the CLI's process has one heap, one copy of the engine, one connection.
      expect(here.threadId).toBeNull();
      expect(a.pragma('cache_size', { simple: true })).toBe(-CLI_CACHE_MB * 1024);
    } finally {
      await here.close();
      await threaded.close();
      a.close();
      removeTempDir(dir);
    }
  }, 60_000);

  it('one long-lived thread serves file after file (warm), in order; a thread that dies fails its job and is replaced', async () => {
    const dir = makeTempDir();
    const worker = new EdexmlWorker();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 300, seed: 4 }));
      const databaseFile = path.join(dir, 'db.sqlite');
      openDatabase(databaseFile).db.close();
      const [a, b] = await Promise.all([
        worker.import(databaseFile, file, { brin6: '99ZX10', sourceName: 'a.xml' }),
        worker.import(databaseFile, file, { brin6: '99ZX10', sourceName: 'b.xml' }),
      ]);
      expect([a.stored, b.stored]).toEqual(['pending', 'pending']);
      const first = worker.threadId;
      expect(first).not.toBeNull();
      expect((await worker.analyse(file, {})).counts.leerlingen).toBe(300);
      expect(worker.threadId).toBe(first); // the same thread, warm
      const db = openDatabase(databaseFile).db;
      expect(loadImport(db, '99ZX10', 'pending')?.leerlingen).toHaveLength(300);
      expect(db.prepare("SELECT source_name FROM imports WHERE status = 'pending'").pluck().get()).toBe('b.xml'); // in order
      db.close();
      // The thread ends under a running job: that job fails (nothing half-written: one transaction), the next runs.
      const running = worker.analyse(file, {}).then(
        () => null,
        (error: Error) => error.message,
      );
      await worker.close();
      expect(await running).toMatch(/worker stopped/);
      expect((await worker.analyse(file, {})).counts.leerlingen).toBe(300);
      expect(worker.threadId).not.toBe(first);
    } finally {
      await worker.close();
      removeTempDir(dir);
    }
  }, 60_000);
});
