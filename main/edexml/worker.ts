/**
 * Worker-thread entry: analyses one EDEXML file off the main thread and posts progress, then the result.
 * Built as its own file (out/main/edexml-worker.js); see run-in-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyseFile } from './engine';
import type { AnalyseOptions } from './engine';

interface Job {
  readonly file: string;
  readonly options: Omit<AnalyseOptions, 'onProgress' | 'today'> & { today?: string };
}

const job = workerData as Job;
const port = parentPort!;
let lastPost = 0;
const analysis = analyseFile(job.file, {
  ...job.options,
  today: job.options.today ? new Date(job.options.today) : undefined,
  onProgress(progress) {
    const now = Date.now();
    if (progress.phase !== 'lezen' || now - lastPost >= 50) {
      lastPost = now;
      port.postMessage({ type: 'progress', progress });
    }
  },
});
port.postMessage({ type: 'done', analysis });
