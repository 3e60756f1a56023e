/** Small timing helpers for the bench scripts: medians of repeated runs, never a single sample. */
export interface Figures {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
}

export async function measure(name: string, runs: number, fn: () => unknown): Promise<Figures> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { name, runs, medianMs: at(0.5), p95Ms: at(0.95) };
}

export function report(title: string, rows: readonly Figures[], reference?: Figures): void {
  process.stdout.write(`\n## ${title}\n`);
  for (const row of rows) {
    const ratio = reference && row !== reference ? `  (${(row.medianMs / reference.medianMs).toFixed(1)}× ${reference.name})` : '';
    process.stdout.write(
      `${row.name.padEnd(48)} median ${row.medianMs.toFixed(3).padStart(9)} ms   p95 ${row.p95Ms.toFixed(3).padStart(9)} ms   n=${row.runs}${ratio}\n`,
    );
  }
}

/** Figures from samples taken elsewhere (in the page, say), summarised the same way as `measure`. */
export function fromSamples(name: string, samples: readonly number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { name, runs: sorted.length, medianMs: at(0.5), p95Ms: at(0.95) };
}
