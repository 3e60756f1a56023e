import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysePhase, AnalyseOptions, Analysis } from './engine';
import type { EdexmlReport, ImportOptions } from './import';

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

function run<T>(job: unknown, onProgress: (progress: WorkerProgress) => void): Promise<T> {
  const entry = workerEntry();
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: job });
    let settled = false;
    worker.on(
      'message',
      (message: { type: 'progress'; progress: WorkerProgress } | { type: 'done'; result: T }) => {
      if (message.type === 'progress') onProgress(message.progress);
      else {
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

/**
 * Imports a file for a location in a worker thread, writing through its own connection to `databaseFile` inside one
 * transaction (importFile). The one import path: the window's step 2 and the CLI's `import` both reach it through
 * `import:start`.
 */
export function importInWorker(
  databaseFile: string,
  file: string,
  options: Omit<ImportOptions, 'onProgress'>,
  onProgress: (progress: WorkerProgress) => void = () => {},
): Promise<EdexmlReport> {
  return run({ kind: 'import', file, databaseFile, options: { ...options, today: options.today?.toISOString() } }, onProgress);
}
