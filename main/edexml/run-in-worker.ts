import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysePhase, AnalyseOptions, Analysis } from './engine';
import type Database from 'better-sqlite3';
import { completeImport, reportOf } from './import';
import type { EdexmlReport, ImportOptions } from './import';
import type { Groep, Leerkracht, Vestiging } from '../../shared/edexml/model';
import { beginPendingImport } from './store';
import { decodeLeerling } from './records';
import type { RecordKind } from './records';

export interface WorkerProgress {
  readonly phase: AnalysePhase;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** The worker file: the bundled one next to this code in a build, the TypeScript source when run from source. */
function workerEntry(): { script: URL | string; eval: boolean } {
  // In a build this code sits in out/main/ or out/main/chunks/, the worker in out/main/.
  for (const candidate of ['./edexml-worker.js', '../edexml-worker.js']) {
    const bundled = new URL(candidate, import.meta.url);
    if (fs.existsSync(fileURLToPath(bundled))) return { script: bundled, eval: false };
  }
  // From source (tsx, vitest): register the TypeScript loader in the worker first, then load the entry.
  const source = new URL('./worker.ts', import.meta.url).href;
  return { script: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

function run<T>(
  job: unknown,
  onProgress: (progress: WorkerProgress) => void,
  onRecords: (batch: Array<[RecordKind, unknown]>) => void = () => {},
): Promise<T> {
  const entry = workerEntry();
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: job });
    let settled = false;
    worker.on(
      'message',
      (message: { type: 'progress'; progress: WorkerProgress } | { type: 'records'; batch: Array<[RecordKind, unknown]> } | { type: 'done'; result: T }) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'records') {
        try {
          onRecords(message.batch);
        } catch (error) {
          settled = true;
          reject(error);
          void worker.terminate();
        }
      } else {
        settled = true;
        resolve(message.result);
        void worker.terminate();
      }
      },
    );
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`EDEXML worker stopped with exit code ${code}`));
    });
  });
}

/**
 * Analyses a file in a worker thread so the UI (and the bridge) stay responsive, reporting progress as bytes read
 * and phase. Resolves with the same Analysis as `analyseFile`; rejects only if the worker itself dies.
 */
export function analyseInWorker(
  file: string,
  options: Omit<AnalyseOptions, 'onProgress' | 'sink'>,
  onProgress: (progress: WorkerProgress) => void = () => {},
): Promise<Analysis> {
  return run({ kind: 'analyse', file, options: { ...options, today: options.today?.toISOString() } }, onProgress);
}

/** Imports a file for a location in a worker thread, writing through its own connection to `databaseFile`. */
export function importInWorker(
  databaseFile: string,
  file: string,
  options: Omit<ImportOptions, 'onProgress'>,
  onProgress: (progress: WorkerProgress) => void = () => {},
): Promise<EdexmlReport> {
  return run({ kind: 'import', file, databaseFile, options: { ...options, today: options.today?.toISOString() } }, onProgress);
}

/**
 * The CLI's import: the file is read in a worker thread while this thread writes the records it sends into one
 * open transaction, so reading and writing use both cores. Committed only when the whole file was read without
 * blocking findings; rolled back otherwise, or on any error. The connection must not be used by anything else
 * meanwhile (true for the CLI; the app uses `importInWorker`, whose worker has its own connection).
 */
export async function importFileParallel(
  db: Database.Database,
  file: string,
  options: Omit<ImportOptions, 'onProgress'>,
  onProgress: (progress: WorkerProgress) => void = () => {},
): Promise<EdexmlReport> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const writer = beginPendingImport(db, options.brin6, { sourceName: options.sourceName });
    const sink = writer.sink;
    const analysis = await run<Analysis>(
      { kind: 'stream', file, options: { targetBrin6: options.brin6, maxBytes: options.maxBytes, parser: options.parser, today: options.today?.toISOString() } },
      onProgress,
      (batch) => {
        for (const [kind, record] of batch) {
          switch (kind) {
            case 'vestiging':
              sink.vestiging(record as Vestiging);
              break;
            case 'groep':
              sink.groep(record as Groep);
              break;
            case 'leerling':
              sink.leerling(decodeLeerling(record as Array<string | null>));
              break;
            case 'leerkracht':
              sink.leerkracht(record as Leerkracht);
              break;
          }
        }
      },
    );
    if (!analysis.ok || !analysis.school) {
      db.exec('ROLLBACK');
      return reportOf(analysis);
    }
    const report = completeImport(db, writer, analysis, options);
    db.exec('COMMIT');
    return report;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
