/**
 * Worker-thread entry: analyses or imports one EDEXML file off the main thread and posts progress, then the result.
 * An import writes through the worker's own SQLite connection (one connection per thread), inside one transaction.
 * Built as its own file (out/main/edexml-worker.js); see run-in-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database';
import { analyseFile } from './engine';
import type { AnalyseOptions } from './engine';
import { importFile } from './import';
import type { ImportOptions } from './import';

type Job =
  | { readonly kind: 'analyse'; readonly file: string; readonly options: Omit<AnalyseOptions, 'onProgress' | 'today' | 'sink'> & { today?: string } }
  | { readonly kind: 'import'; readonly file: string; readonly databaseFile: string; readonly options: Omit<ImportOptions, 'onProgress' | 'today'> & { today?: string } };

const job = workerData as Job;
const port = parentPort!;
let lastPost = 0;
const onProgress: AnalyseOptions['onProgress'] = (progress) => {
  const now = Date.now();
  if (progress.phase !== 'lezen' || now - lastPost >= 50) {
    lastPost = now;
    port.postMessage({ type: 'progress', progress });
  }
};
const today = job.options.today ? new Date(job.options.today) : undefined;

if (job.kind === 'analyse') {
  port.postMessage({ type: 'done', result: analyseFile(job.file, { ...job.options, today, onProgress }) });
} else {
  const { db } = openDatabase(job.databaseFile);
  try {
    port.postMessage({ type: 'done', result: importFile(db, job.file, { ...job.options, today, onProgress }) });
  } finally {
    db.close();
  }
}

