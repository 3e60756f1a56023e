/**
 * Worker-thread entry: analyses or imports EDEXML files off the main thread, one job after the other as they arrive
 * (run-in-worker.ts keeps the thread), posting progress and then the result of each. An import writes through the
 * worker's own SQLite connection (one connection per thread, kept per database file), inside one transaction, while
 * its reader thread (same entry, workerData.role "reader") reads and validates the file beside it (read-in-parallel.ts).
 * Built as its own file (out/main/edexml-worker.js).
 */
import type Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { openDatabase as OpenDatabase } from '../db/database';
import type { AnalyseOptions, analyseFile as AnalyseFile } from '../edexml/engine';
import type { ImportOptions, ReadInto, importConnection as ImportConnection, importFile as ImportFile } from './import';
import type { ReaderLink } from './read-in-parallel';
import type { ReviewJob } from './review-job';
import type { runReview as RunReview } from './review';

type Job =
  | { readonly kind: 'analyse'; readonly file: string; readonly options: Omit<AnalyseOptions, 'onProgress' | 'today' | 'sink'> & { today?: string } }
  | { readonly kind: 'import'; readonly file: string; readonly databaseFile: string; readonly databaseKey: string | null; readonly options: Omit<ImportOptions, 'onProgress' | 'today'> & { today?: string } }
  | { readonly kind: 'review'; readonly databaseFile: string; readonly databaseKey: string | null; readonly review: ReviewJob };

// Each role loads only what it uses: the reader the engine alone, not the store, the sync queue and their contracts
// (their zod schemas cost ~150 ms of start-up per thread).
const data = workerData as { role?: 'reader' | 'writer'; link?: ReaderLink } | null;
const engine = import('../edexml/engine');
if (data?.role === 'reader') {
  const [{ serveReads }, { analyseFile }] = await Promise.all([import('./read-in-parallel'), engine]);
  serveReads(data.link!, analyseFile);
} else {
  const [{ readInParallel }, { openDatabase }, { importFile, importConnection }, { analyseFile }, { runReview }] = await Promise.all([
    import('./read-in-parallel'),
    import('../db/database'),
    import('./import'),
    engine,
    import('./review'),
  ]);
  serveJobs(data?.link ? readInParallel(data.link) : undefined, { openDatabase, importFile, importConnection, analyseFile, runReview });
}

interface WriterModules {
  readonly openDatabase: typeof OpenDatabase;
  readonly importFile: typeof ImportFile;
  readonly importConnection: typeof ImportConnection;
  readonly analyseFile: typeof AnalyseFile;
  readonly runReview: typeof RunReview;
}

/** The writer's loop; `read` has the reader thread read each imported file (without one: read here). */
function serveJobs(read: ReadInto | undefined, { openDatabase, importFile, importConnection, analyseFile, runReview }: WriterModules): void {
  const port = parentPort!;
  const connections = new Map<string, Database.Database>();

  /** The connection to a database file, opened once per thread (the thread ends with the services that own it). */
  function connection(file: string, key: string | null): Database.Database {
    const known = connections.get(file);
    if (known?.open) return known;
    // The key travels with the job, in memory only (an encrypted cache, issue 34).
    const db = importConnection(openDatabase(file, undefined, { key }).db);
    connections.set(file, db);
    return db;
  }

  port.on('message', ({ id, job }: { id: number; job: Job }) => {
    let lastPost = 0;
    const onProgress: AnalyseOptions['onProgress'] = (progress) => {
      const now = Date.now();
      if (progress.phase !== 'lezen' || now - lastPost >= 50) {
        lastPost = now;
        port.postMessage({ id, type: 'progress', progress });
      }
    };
    try {
      let result: unknown;
      if (job.kind === 'review') result = runReview(connection(job.databaseFile, job.databaseKey), job.review);
      else {
        const today = job.options.today ? new Date(job.options.today) : undefined;
        result =
          job.kind === 'analyse'
            ? analyseFile(job.file, { ...job.options, today, onProgress })
            : importFile(connection(job.databaseFile, job.databaseKey), job.file, { ...job.options, today, onProgress }, read);
      }
      port.postMessage({ id, type: 'done', result });
    } catch (error) {
      // A ServiceError (a refusal with a Dutch message and fields) crosses as one; run-in-worker.ts makes it again.
      const service = error instanceof Error && error.name === 'ServiceError' ? { code: (error as Error & { code: string }).code, issues: (error as Error & { issues?: unknown }).issues } : undefined;
      port.postMessage({
        id,
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
        ...(service ? { service } : {}),
        // SQLite's or Node's code (SQLITE_FULL, ENOSPC, …): the bridge says a full disk in Dutch (main/errors/faults.ts).
        ...(typeof (error as { code?: unknown }).code === 'string' ? { code: (error as { code: string }).code } : {}),
      });
    }
  });
}
