import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { AnalysePhase, AnalyseOptions, Analysis } from '../edexml/engine';
import type { EdexmlReport, ImportOptions } from './import';
import { importThread, readerLink } from './read-in-parallel';
import { ServiceError } from '../errors/service-error';
import type { BridgeErrorCode, FieldIssue } from '../../shared/bridge';
import type { ReviewJob, ReviewResult } from './review-job';

export interface WorkerProgress {
  readonly phase: AnalysePhase;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** The worker file: the bundled one next to this code in a build, the TypeScript source when run from source. */
export function workerEntry(): { script: URL | string; eval: boolean } {
  // In a build this code sits in out/main/ or out/main/chunks/, the worker in out/main/.
  for (const candidate of ['./edexml-worker.js', '../edexml-worker.js']) {
    const bundled = new URL(candidate, import.meta.url);
    if (fs.existsSync(fileURLToPath(bundled))) return { script: bundled, eval: false };
  }
  // From source (tsx, vitest): register the TypeScript loader in the worker first, then load the entry.
  const source = new URL('./worker.ts', import.meta.url).href;
  return { script: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

/** What the worker answers, per job: progress while reading, then the result or the error. */
type Reply = { id: number } & (
  | { type: 'progress'; progress: WorkerProgress }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; message: string; stack?: string; service?: { code: BridgeErrorCode; issues?: FieldIssue[] }; code?: string }
);


interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (progress: WorkerProgress) => void;
}

export interface EdexmlWorkerOptions {
  /**
   * Where an import writes. Left out: on a writer thread of its own, beside a reader thread, so the window's and
   * browser mode's main thread stays free for screens and requests while a file is read, and reading overlaps writing.
   * Given (the CLI, which only waits for the import): the file is read and written on the calling thread, through this
   * connection — no thread is started, so there is no second copy of the engine, no second heap and no second opening
   * of the database. Measured (`/usr/bin/time`, CLI `import --confirm` of 100,000 pupils, 54.5 MB, interleaved runs,
   * before the 64 KB text pieces of engine.ts): peak RSS 142–147 MB on one thread against 174–204 MB with a reader
   * thread beside it, for 0.1–0.3 s more wall time (2.5–2.8 s against 2.4–2.5 s; xmllint --schema 3.9–4.0 s in the
   * same runs). On 30,000 pupils the thread gained nothing (1.20–1.22 s against 1.23–1.25 s).
   */
  readonly here?: (databaseFile: string) => Database.Database;
  /** The key of the encrypted database (main/db/cipher.ts) for the thread's own connection; null: a plain file. */
  readonly databaseKey?: string | null;
}

/**
 * One EDEXML worker thread, started on first use and kept: its code is loaded, its schema tables built and its JIT
 * warm for the next file, so the fixed cost of a thread does not dominate a small school's import (measured: a fresh
 * thread ~340 ms from source, a 2,000-pupil file ~50 ms once warm). Jobs run one at a time, in order. The thread
 * does not keep the process alive when idle; `close` ends it. A thread that dies fails its jobs and is replaced by a
 * fresh one for the next.
 */
export class EdexmlWorker {
  private worker: Worker | null = null;
  private reader: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private busy = 0;

  constructor(private readonly options: EdexmlWorkerOptions = {}) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const entry = workerEntry();
    // Two threads: this one writes (its SQLite connection, the transaction); its reader reads and validates the
    // file beside it and streams the records over (read-in-parallel.ts). Started together, they die together.
    const link = readerLink();
    const worker = importThread(entry, 'writer', link.writer);
    const reader = importThread(entry, 'reader', link.reader);
    worker.unref();
    reader.unref();
    this.reader = reader;
    worker.on('message', (reply: Reply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      if (reply.type === 'progress') {
        job.onProgress(reply.progress);
        return;
      }
      this.pending.delete(reply.id);
      this.settled();
      if (reply.type === 'done') job.resolve(reply.result);
      else {
        // A refusal the admin can act on stays one (its Dutch message, its fields); anything else is an error.
        // A fault of the PC keeps its code (SQLITE_FULL, ENOSPC, …) so the bridge can say it in Dutch (errors/faults.ts).
        const error = reply.service ? new ServiceError(reply.service.code, reply.message, reply.service.issues) : Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {});
        if (reply.stack) error.stack = reply.stack;
        job.reject(error);
      }
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return; // already closed: its jobs were failed then
      this.worker = null;
      this.reader = null;
      this.failAll(error);
      void worker.terminate();
      void reader.terminate();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`EDEXML worker stopped with exit code ${code}`)));
    reader.on('error', fail);
    reader.on('exit', (code) => fail(new Error(`EDEXML reader thread stopped with exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    this.busy = 0;
    for (const job of jobs) job.reject(error);
  }

  /** While a job runs the thread keeps the process alive (the CLI waits for it); idle, it does not. */
  private settled(): void {
    this.busy = Math.max(0, this.busy - 1);
    if (this.busy === 0) {
      this.worker?.unref();
      this.reader?.unref();
    }
  }

  private run<T>(job: unknown, onProgress: (progress: WorkerProgress) => void): Promise<T> {
    const worker = this.start();
    const id = ++this.nextId;
    this.busy++;
    worker.ref();
    this.reader?.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker.postMessage({ id, job });
    });
  }

  /** Analyses a file (progress as bytes read and phase). Resolves with the same Analysis as `analyseFile`. */
  async analyse(file: string, options: Omit<AnalyseOptions, 'onProgress' | 'sink'>, onProgress: (progress: WorkerProgress) => void = () => {}): Promise<Analysis> {
    if (this.options.here) {
      const { analyseFile } = await import('../edexml/engine');
      return analyseFile(file, { ...options, onProgress });
    }
    return this.run({ kind: 'analyse', file, options: { ...options, today: options.today?.toISOString() } }, onProgress);
  }

  /**
   * Imports a file for a location, writing through the worker's own connection to `databaseFile` inside one
   * transaction (importFile). The one import path: the window's step 2, several files at once and the CLI's `import`
   * all reach it through the bridge.
   */
  async import(databaseFile: string, file: string, options: Omit<ImportOptions, 'onProgress'>, onProgress: (progress: WorkerProgress) => void = () => {}): Promise<EdexmlReport> {
    if (this.options.here) {
      const { importFile, importConnection } = await import('./import');
      // Synchronous from here to the commit: nothing else runs on this thread meanwhile.
      return importFile(importConnection(this.options.here(databaseFile), 'here'), file, { ...options, onProgress });
    }
    return this.run({ kind: 'import', file, databaseFile, databaseKey: this.options.databaseKey ?? null, options: { ...options, today: options.today?.toISOString() } }, onProgress);
  }

  /**
   * Step 3 on the pending import — its diff with names, confirming exactly the reviewed import, the diff as CSV — on
   * the writer thread's connection, so the thread that answers the bridge stays free (the window, browser mode).
   * The CLI (`here`) calls review.ts's runReview on its own thread instead.
   */
  review<J extends ReviewJob>(databaseFile: string, job: J): Promise<ReviewResult<J['action']>> {
    if (this.options.here) return Promise.reject(new Error('EdexmlWorker.review: with `here`, call runReview on this thread'));
    return this.run({ kind: 'review', databaseFile, databaseKey: this.options.databaseKey ?? null, review: job }, () => {});
  }

  /**
   * Starts the thread now, in the background, so the first file after the app starts does not wait for the thread's
   * code to load (the window and browser mode call it; the CLI does not, it reads at most a few files).
   */
  prepare(): void {
    if (!this.options.here) this.start();
  }

  /** The writer thread's id, or null when none runs (tests: reused, replaced when it died, never started with `here`). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** Ends the thread (and its database connections); a later job starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    const reader = this.reader;
    this.worker = null;
    this.reader = null;
    this.failAll(new Error('EDEXML worker stopped: the console is closing'));
    await Promise.all([worker?.terminate(), reader?.terminate()]);
  }
}

/** One job on a thread of its own, ended afterwards (tests, and callers without a long-lived worker). */
async function once<T>(use: (worker: EdexmlWorker) => Promise<T>): Promise<T> {
  const worker = new EdexmlWorker();
  try {
    return await use(worker);
  } finally {
    await worker.close();
  }
}

export function analyseInWorker(file: string, options: Omit<AnalyseOptions, 'onProgress' | 'sink'>, onProgress: (progress: WorkerProgress) => void = () => {}): Promise<Analysis> {
  return once((w) => w.analyse(file, options, onProgress));
}

export function importInWorker(databaseFile: string, file: string, options: Omit<ImportOptions, 'onProgress'>, onProgress: (progress: WorkerProgress) => void = () => {}): Promise<EdexmlReport> {
  return once((w) => w.import(databaseFile, file, options, onProgress));
}
