/**
 * EDEXML figures: for generated VO files of 2,000 / 30,000 / 100,000 pupils, median wall time and peak RSS of the
 * built CLI's `validate` and `import --confirm`, next to `xmllint --noout --schema` (and `--stream`) on the same
 * file in the same run. Ratios are against xmllint --schema (without --stream), the reference the issue names.
 * Needs xmllint (libxml2-utils) and python3 (to read a child's peak RSS); builds out/ when it is missing or stale.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEdexml } from '../tests/helpers/generate-edexml';
import { addLocation } from '../main/accounts/accounts';
import { createServices } from '../main/app/services';
import { createDispatcher } from '../main/bridge/registry';
import { useBuilt } from '../scripts/cli.mjs';

const root = path.resolve(import.meta.dirname, '..');
const XSD = path.resolve(root, '../shared/edexml/xsd-2.1-open-schooljaar/EDEXML.structuur.xsd');
const SIZES = (process.env['BENCH_EDEXML_SIZES'] ?? '2000,30000,100000').split(',').map(Number);

interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
  readonly code: number;
}

/** Runs a command once; wall time and the child's peak RSS (getrusage of children, via python3). */
function runOnce(command: string[]): Sample {
  const probe =
    'import resource,subprocess,sys,time\n' +
    't=time.perf_counter()\n' +
    'r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n' +
    'e=time.perf_counter()-t\n' +
    'print(r.returncode,e,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const out = execFileSync('python3', ['-c', probe, ...command], { encoding: 'utf8' }).trim().split(' ');
  return { code: Number(out[0]), seconds: Number(out[1]), rssMb: Number(out[2]) / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Tool {
  readonly name: string;
  readonly command: string[];
  readonly before?: () => void;
}

/** Runs every tool once per round, round after round, so a noisy machine slows all of them alike. */
function measureInterleaved(tools: readonly Tool[], rounds: number): Map<string, Sample> {
  const samples = new Map<string, Sample[]>(tools.map((t) => [t.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const tool of tools) {
      tool.before?.();
      const sample = runOnce(tool.command);
      if (sample.code !== 0) throw new Error(`${tool.command.join(' ')} exited with ${sample.code}`);
      samples.get(tool.name)!.push(sample);
    }
  }
  return new Map(
    [...samples].map(([name, list]) => [name, { code: 0, seconds: median(list.map((s) => s.seconds)), rssMb: median(list.map((s) => s.rssMb)) }]),
  );
}

export async function run(): Promise<void> {
  if (spawnSync('xmllint', ['--version']).error) throw new Error('xmllint ontbreekt: sudo apt-get install -y libxml2-utils');
  const cli = path.join(root, 'out/main/cli.js');
  // The built CLI is what is measured: built again when any source is newer (the check `npm run cli` makes), so a
  // stale out/ never gives the figures of older code.
  if (!useBuilt()) {
    process.stdout.write('out/ is missing or older than the sources: building first (electron-vite build)\n');
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' });
  }
  const dir = path.join(os.tmpdir(), 'beheerconsole-bench');
  fs.mkdirSync(dir, { recursive: true });
  const dataDir = path.join(dir, 'data');

  process.stdout.write(`\n## EDEXML (median of interleaved runs; ratio = time / xmllint --schema time; RSS relative to file size)\n`);
  process.stdout.write(`${'pupils'.padStart(7)} ${'MB'.padStart(6)}  ${'tool'.padEnd(30)} ${'median s'.padStart(9)} ${'ratio'.padStart(6)} ${'peak RSS MB'.padStart(12)} ${'RSS/file'.padStart(9)}\n`);
  for (const pupils of SIZES) {
    const file = path.join(dir, `edexml-${pupils}.xml`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, generateEdexml({ pupils, seed: 2026 }));
    const mb = fs.statSync(file).size / 1048576;
    const rounds = pupils >= 100000 ? 5 : 7;
    // A fresh data folder with the location in it (outside the timing): like the window, import needs the location.
    const reset = () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      execFileSync(process.execPath, [cli, 'locations', 'add', '99ZX10', '--name', 'Bench', '--data-dir', dataDir], { stdio: 'ignore' });
    };
    const results = measureInterleaved(
      [
        { name: 'xmllint --schema (reference)', command: ['xmllint', '--noout', '--schema', XSD, file] },
        { name: 'xmllint --stream --schema', command: ['xmllint', '--stream', '--noout', '--schema', XSD, file] },
        { name: 'cli validate', command: [process.execPath, cli, 'validate', file, '--brin6', '99ZX10'] },
        {
          name: 'cli import --confirm',
          command: [process.execPath, cli, 'import', file, '--brin6', '99ZX10', '--confirm', '--data-dir', dataDir],
          before: reset,
        },
      ],
      rounds,
    );
    const reference = results.get('xmllint --schema (reference)')!;
    const rows = [...results];
    for (const [tool, s] of rows) {
      figures.set(`${pupils} ${tool}`, { ratio: s.seconds / reference.seconds, rssPerFile: s.rssMb / mb });
      process.stdout.write(
        `${String(pupils).padStart(7)} ${mb.toFixed(1).padStart(6)}  ${tool.padEnd(30)} ${s.seconds.toFixed(2).padStart(9)} ${(s.seconds / reference.seconds).toFixed(2).padStart(6)} ${s.rssMb.toFixed(0).padStart(12)} ${(s.rssMb / mb).toFixed(1).padStart(9)}\n`,
      );
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  const warm = await inApp(dir);
  // The targets (a benchmark, never a timed test), each with this run's figure.
  const target = (label: string, value: number | undefined, limit: number, unit: string) =>
    value === undefined ? null : `${value <= limit ? 'gehaald     ' : 'NIET gehaald'}  ${label.padEnd(44)} ${value.toFixed(2).padStart(7)}${unit} (doel ≤ ${limit}${unit})`;
  const at = (pupils: number, tool: string) => figures.get(`${pupils} ${tool}`);
  const lines = [
    target('100,000: validate / xmllint --schema', at(100000, 'cli validate')?.ratio, 0.5, '×'),
    target('100,000: import --confirm / xmllint --schema', at(100000, 'cli import --confirm')?.ratio, 0.8, '×'),
    target('100,000: import --confirm peak RSS / file', at(100000, 'cli import --confirm')?.rssPerFile, 3, '×'),
    target('30,000: import --confirm / xmllint --schema', at(30000, 'cli import --confirm')?.ratio, 1.2, '×'),
    target('2,000 in the app, warm (ms)', warm.get(2000), 150, ' ms'),
  ].filter((l): l is string => l !== null);
  process.stdout.write(`\n## Targets (issue 17)\n${lines.join('\n')}\n`);
}

/** This run's ratio and RSS per file, by "pupils tool". */
const figures = new Map<string, { ratio: number; rssPerFile: number }>();

/**
 * The in-app import: warm services (the app has been open a while), a file handed over as the window does
 * (staged bytes), read through the bridge (`import:start`) by the services' long-lived worker thread. The first
 * import after start is "cold" (the thread is started and its JIT warms up); then the median of 15.
 */
async function inApp(dir: string): Promise<Map<number, number>> {
  const warmMedians = new Map<number, number>();
  process.stdout.write(`\n## In the app: import:start through the bridge (services warm; the first import after start apart)\n`);
  for (const pupils of SIZES.filter((n) => n <= 30000)) {
    const dataDir = fs.mkdtempSync(path.join(dir, 'app-'));
    const services = createServices({ dataDir, mode: 'browser', version: '0.0.0-bench' });
    try {
      addLocation(services.database!.db, { brin6: '99ZX10', name: 'Bench', username: '' });
      const dispatch = createDispatcher(services.handlers);
      const bytes = fs.readFileSync(path.join(dir, `edexml-${pupils}.xml`));
      const once = async () => {
        const start = performance.now();
        const upload = services.uploads.fromBytes('school.xml', bytes);
        const result = await dispatch('import:start', { brin6: '99ZX10', uploadId: upload.uploadId }, { trusted: true });
        if (!result.ok) throw new Error(result.error.message);
        return performance.now() - start;
      };
      const cold = await once();
      const warm: number[] = [];
      for (let i = 0; i < (pupils >= 30000 ? 5 : 15); i++) warm.push(await once());
      warmMedians.set(pupils, median(warm));
      process.stdout.write(`${String(pupils).padStart(7)} pupils  first after start ${cold.toFixed(0).padStart(6)} ms   warm median ${median(warm).toFixed(0).padStart(6)} ms (n=${warm.length})\n`);
    } finally {
      services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return warmMedians;
}
