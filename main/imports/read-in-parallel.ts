import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { AnalyseOptions, Analysis } from '../edexml/engine';
import type { analyseFile } from '../edexml/engine';
import type { ReadInto } from './import';
import type { ModelSink } from '../edexml/model/builder';
import type { Groep, Leerkracht, Leerling, Vestiging } from '../../shared/edexml/model';

/**
 * An import on two threads: a reader thread reads and validates the file and streams the records, in batches, to the
 * thread that writes them into SQLite inside the import's transaction — so reading and writing overlap instead of
 * adding up. The writer waits synchronously (it is inside a transaction): Atomics.wait on a shared counter the reader
 * bumps after each message, receiveMessageOnPort to take it. The reader never runs more than a few batches ahead (the
 * writer counts what it consumed), so the records in flight stay a few thousand, whatever the file's size.
 */

/** Shared counters (Int32 slots): messages posted, batches consumed (this job), the last job broken off (ids only grow). */
const POSTED = 0;
const CONSUMED = 1;
const ABORTED = 2;
const BATCH = 1000;
const MAX_AHEAD = 6;
/** The reader posts at least once per 1 MB chunk; this long without a word means it is gone. */
const SILENCE_MS = 60_000;

/** A pupil as a row of its fields (a batch is sent as JSON: positions, not a name per field per pupil). */
type PupilRow = [string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, readonly string[]];

const toRow = (l: Leerling): PupilRow => [l.key, l.eckid, l.achternaam, l.voorvoegsel, l.voornamen, l.voorletters, l.roepnaam, l.geboortedatum, l.geslacht, l.jaargroep, l.groep, l.vestiging, l.gebruikersnaam, l.emailadres, l.samengesteldeGroepen];

const fromRow = (r: PupilRow): Leerling => ({
  key: r[0], eckid: r[1], achternaam: r[2], voorvoegsel: r[3], voornamen: r[4], voorletters: r[5], roepnaam: r[6], geboortedatum: r[7], geslacht: r[8],
  jaargroep: r[9], groep: r[10], vestiging: r[11], gebruikersnaam: r[12], emailadres: r[13], samengesteldeGroepen: r[14],
});

interface Rows {
  readonly v: Vestiging[];
  readonly g: Groep[];
  readonly l: PupilRow[];
  readonly t: Leerkracht[];
}

type ToReader = { readonly type: 'read'; readonly jobId: number; readonly file: string; readonly options: Omit<AnalyseOptions, 'sink' | 'onProgress' | 'today'> & { today?: string } };
type FromReader = { readonly jobId: number } & (
  | { readonly type: 'rows'; readonly rows: string }
  | { readonly type: 'progress'; readonly progress: Parameters<NonNullable<AnalyseOptions['onProgress']>>[0] }
  | { readonly type: 'done'; readonly analysis: Analysis }
  | { readonly type: 'failed'; readonly message: string }
);

class Aborted extends Error {}

/** The reader thread's side: reads each file it is sent (with `analyse`, the engine's analyseFile), streaming its records back on `port`. */
export function serveReads({ port, shared }: ReaderLink, analyse: typeof analyseFile): void {
  const signal = new Int32Array(shared);
  const post = (message: FromReader) => {
    port.postMessage(message);
    Atomics.add(signal, POSTED, 1);
    Atomics.notify(signal, POSTED);
  };
  port.on('message', (job: ToReader) => {
    const { jobId } = job;
    let posted = 0;
    let rows: Rows = { v: [], g: [], l: [], t: [] };
    let count = 0;
    const flush = () => {
      if (count === 0) return;
      if (Atomics.load(signal, ABORTED) >= jobId) throw new Aborted();
      // Wait while the writer is more than a few batches behind.
      for (let consumed = Atomics.load(signal, CONSUMED); posted - consumed >= MAX_AHEAD; consumed = Atomics.load(signal, CONSUMED)) {
        Atomics.wait(signal, CONSUMED, consumed, 1000);
        if (Atomics.load(signal, ABORTED) >= jobId) throw new Aborted();
      }
      posted++;
      post({ jobId, type: 'rows', rows: JSON.stringify(rows) });
      rows = { v: [], g: [], l: [], t: [] };
      count = 0;
    };
    const add = () => {
      if (++count === BATCH) flush();
    };
    const sink: ModelSink = {
      vestiging: (v) => (rows.v.push(v), add()),
      groep: (g) => (rows.g.push(g), add()),
      leerling: (l) => (rows.l.push(toRow(l)), add()),
      leerkracht: (t) => (rows.t.push(t), add()),
    };
    try {
      const today = job.options.today ? new Date(job.options.today) : undefined;
      const analysis = analyse(job.file, { ...job.options, today, sink, onProgress: (progress) => post({ jobId, type: 'progress', progress }) });
      flush();
      post({ jobId, type: 'done', analysis });
    } catch (error) {
      if (!(error instanceof Aborted)) post({ jobId, type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** The two ends of a reader link: one goes to the reader thread, the other to the thread that writes. */
export interface ReaderLink {
  readonly port: MessagePort;
  readonly shared: SharedArrayBuffer;
}

/** A link between a reader and a writer thread: a message channel and the shared counters. */
export function readerLink(): { reader: ReaderLink; writer: ReaderLink } {
  const shared = new SharedArrayBuffer(4 * 4);
  const { port1, port2 } = new MessageChannel();
  return { reader: { port: port2, shared }, writer: { port: port1, shared } };
}

/** The writer's side: the ReadInto that has the reader thread at the other end of `link` read each file. */
export function readInParallel(link: ReaderLink): ReadInto {
  const signal = new Int32Array(link.shared);
  const port = link.port;
  let nextJob = 0;
  return (file, options, sink) => {
    const jobId = ++nextJob;
    const { onProgress, today, ...rest } = options;
    // A broken-off job's reader may still be waiting: ABORTED (never reset) tells it to stop before it sees this reset.
    Atomics.store(signal, CONSUMED, 0);
    port.postMessage({ type: 'read', jobId, file, options: { ...rest, today: today?.toISOString() } } satisfies ToReader);
    try {
      for (let silent = false; ; ) {
        const seen = Atomics.load(signal, POSTED);
        const received = receiveMessageOnPort(port);
        if (!received) {
          if (silent) throw new Error('De leesthread van de import antwoordt niet meer.');
          silent = Atomics.wait(signal, POSTED, seen, SILENCE_MS) === 'timed-out';
          continue;
        }
        silent = false;
        const message = received.message as FromReader;
        if (message.jobId !== jobId) continue; // left over from an import that was broken off
        switch (message.type) {
          case 'rows': {
            const { v, g, l, t } = JSON.parse(message.rows) as Rows;
            for (const x of v) sink.vestiging(x);
            for (const x of g) sink.groep(x);
            for (const x of l) sink.leerling(fromRow(x));
            for (const x of t) sink.leerkracht(x);
            Atomics.add(signal, CONSUMED, 1);
            Atomics.notify(signal, CONSUMED);
            break;
          }
          case 'progress':
            onProgress?.(message.progress);
            break;
          case 'done':
            return message.analysis;
          case 'failed':
            throw new Error(message.message);
        }
      }
    } catch (error) {
      // The reader stops at its next batch; its last messages are skipped by job id.
      Atomics.store(signal, ABORTED, jobId);
      Atomics.notify(signal, CONSUMED);
      throw error;
    }
  };
}

/**
 * Both import threads run with a young generation of 16 MB: a pass makes many short-lived strings; at 8 MB the reader
 * spent ~700 ms of a 100,000-pupil file in GC (~400 ms at 32 MB), and a bigger nursery only grows RSS.
 */
export const THREAD_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** Starts the worker entry (`script`) in one of its roles, with its end of the link. */
export function importThread(entry: { script: URL | string; eval: boolean }, role: 'reader' | 'writer', end: ReaderLink): Worker {
  return new Worker(entry.script, { eval: entry.eval, workerData: { role, link: end }, transferList: [end.port], resourceLimits: THREAD_LIMITS });
}

/** A reader thread of its own and the ReadInto that uses it (tests; EdexmlWorker starts its reader beside its writer). */
export function startParallelReader(entry: { script: URL | string; eval: boolean }): { read: ReadInto; close(): Promise<void> } {
  const link = readerLink();
  const worker = importThread(entry, 'reader', link.reader);
  worker.unref();
  return {
    read: readInParallel(link.writer),
    async close() {
      link.writer.port.close();
      await worker.terminate();
    },
  };
}
