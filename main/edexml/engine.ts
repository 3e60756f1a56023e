import fs from 'node:fs';
import type { Finding } from '../../shared/edexml/findings';
import type { Counts, SchoolData, SchoolIdentification } from '../../shared/edexml/model';
import { domainFindings } from './domain';
import type { DomainOptions } from './domain';
import { ModelBuilder } from './model/builder';
import type { ModelSink } from './model/builder';
import { Unsupported } from './read/fast-scanner';
import { EdexmlReader, ReadAbort } from './read/reader';
import type { Encoding } from './read/decode';
import { detectEncoding } from './read/decode';
import { foreignFileKind, notEdexmlMessage } from './read/file-kind';
import { edexml103 } from './schema/edexml-1.03.generated';
import { edexml20 } from './schema/edexml-2.0.generated';
import { edexml21 } from './schema/edexml-2.1.generated';
import { edexmlLvs } from './schema/edexml-lvs.generated';
import type { CompiledSchema } from './schema/types';
import { SchemaValidator } from './validate/validator';
import { extensionSkipped } from './validate/messages';
import { OnePass } from './validate/one-pass';

export type EdexmlVersion = '2.1' | '2.0' | '1.03';

/** Default size cap: far above the largest school board's export (100,000 pupils ≈ 53 MB). */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/**
 * Bytes read at a time. Just under 1 MiB: a scanner's per-chunk text (latin1) then stays below Node's threshold for
 * external strings (~1,008 KiB), so it lives on the V8 heap, where it is collected young, instead of piling up outside
 * it until the external-memory limit forces a collection (~30 MB at the end of a 100,000-pupil file).
 */
const CHUNK = 1000 * 1000;
/**
 * The scanners decode what they read into one-byte text a piece at a time, at most this many bytes: text that size is
 * an ordinary young object that is dead before the next scavenge can promote it. A whole 1 MB chunk as one string
 * lives in V8's large-object space, and the scavenge that finds it alive (one every ~16 MB allocated) moves it to the
 * old generation, where it stays as garbage until the next full collection: measured on a CLI import of 100,000
 * pupils (`node --trace-gc-nvp`), exactly 1,000,024 bytes promoted per scavenge and the old generation growing from
 * 22 to 38 MB before its one mark-compact at the end.
 */
const PIECE = 64 * 1024;

export type AnalysePhase = 'lezen' | 'controleren' | 'klaar';

export interface AnalyseOptions extends DomainOptions {
  /** Build the minimised school data (import) or only validate. */
  readonly keepModel?: boolean;
  readonly maxBytes?: number;
  readonly onProgress?: (progress: { phase: AnalysePhase; bytesRead: number; totalBytes: number }) => void;
  /** Streams each record here as it is read (import); `data` is then null. */
  readonly sink?: ModelSink;
  /**
   * `auto` (default): the one pass (scanning and validation fused) for a file that is fine; the scanner with the
   * validator when it is not (they word the findings), and the full parser when the file needs it. Tests force each.
   */
  readonly parser?: 'auto' | 'one-pass' | 'fast' | 'full';
}

export interface Analysis {
  /** No finding of severity error. */
  readonly ok: boolean;
  readonly version: EdexmlVersion | null;
  readonly encoding: Encoding | null;
  readonly school: SchoolIdentification | null;
  readonly counts: Counts;
  readonly findings: readonly Finding[];
  /** Dutch labels of the kinds of personal data in the file that were not kept. */
  readonly dropped: readonly string[];
  readonly data: SchoolData | null;
}

const NO_COUNTS: Counts = { groepen: 0, samengestelde_groepen: 0, leerlingen: 0, leerkrachten: 0 };

/** The schema version the file declares in <xsdversie>; 2.1 when it says nothing (2.1 accepts every 2.0 file's structure). */
export function sniffVersion(head: Uint8Array): '2.1' | '2.0' | '1.x' {
  const detected = detectEncoding(head);
  const encoding = detected.ok ? detected.encoding : 'utf-8';
  const text = new TextDecoder(encoding).decode(head.subarray(0, 256 * 1024));
  const declared = /<xsdversie>\s*([^<\s]*)\s*<\/xsdversie>/.exec(text)?.[1];
  if (declared === '2.0') return '2.0';
  if (declared?.startsWith('1.')) return '1.x';
  return '2.1';
}

function megabytes(bytes: number): string {
  const mb = bytes / 1048576;
  return mb < 10 ? mb.toFixed(1).replace('.', ',') : mb.toFixed(0);
}

/** Every chunk through the reader, then its end; `onChunk` gets the bytes read so far. */
function feed(reader: EdexmlReader, head: Uint8Array, chunks: Iterator<Uint8Array>, onChunk: (bytesRead: number) => void): void {
  let bytesRead = 0;
  for (let chunk: Uint8Array | undefined = head; chunk; ) {
    for (let at = 0; at < chunk.length; at += PIECE) reader.write(chunk.subarray(at, at + PIECE));
    bytesRead += chunk.length;
    onChunk(bytesRead);
    const next = chunks.next();
    chunk = next.done ? undefined : next.value;
  }
  reader.end();
}

/**
 * Each version's schema with the known extension blocks added (Cito's LVS block, `LVSGegevensType`): they extend the
 * same `ToevoegingsBlokType` in 1.03, 2.0 and 2.1, so a file of any version may carry them and they are checked by
 * their official schema (and then dropped, like every block).
 */
const withExtensions = (base: CompiledSchema): CompiledSchema => ({ ...base, types: { ...edexmlLvs.types, ...base.types } });
const SCHEMAS: Record<EdexmlVersion, CompiledSchema> = { '2.1': withExtensions(edexml21), '2.0': withExtensions(edexml20), '1.03': withExtensions(edexml103) };

function schemaFor(version: EdexmlVersion): CompiledSchema {
  return SCHEMAS[version];
}

/** EDEXML 1.x is read and checked with the 1.03 schema; this says that the file is of the old format. */
const VERSION_1_NOTE: Finding = {
  severity: 'warning',
  code: 'xml.version-1',
  line: 0,
  column: 0,
  message:
    'Dit is een EDEXML 1.03-bestand (oud formaat). De console controleert het met het schema van EDEXML 1.03 en neemt over wat overeenkomt met EDEXML 2 (school, klassen, leerlingen, leerkrachten). Exporteer liever als EDEXML 2.1 als je leerlingadministratie dat kan.',
};

function failure(finding: Finding, extra: Partial<Analysis> = {}): Analysis {
  return { ok: false, version: null, encoding: null, school: null, counts: NO_COUNTS, findings: [finding], dropped: [], data: null, ...extra };
}

/**
 * Reads, validates and (optionally) minimises one EDEXML file in a single streaming pass. Never throws for bad
 * input: every problem is a Dutch finding. Synchronous on purpose: it runs in a worker thread (see worker.ts) or
 * the CLI, never on the UI's path.
 */
export function analyseFile(file: string, options: AnalyseOptions = {}): Analysis {
  let fd: number;
  let size: number;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) {
      fs.closeSync(fd);
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failure({
      severity: 'error',
      code: 'io.unreadable',
      line: 0,
      column: 0,
      message:
        code === 'ENOENT'
          ? `Het bestand ${file} bestaat niet. Controleer de naam en de map.`
          : code === 'EISDIR'
            ? `${file} is een map, geen bestand. Kies het EDEXML-bestand zelf.`
            : `Het bestand ${file} kan niet worden gelezen (${code ?? 'onbekende fout'}). Controleer of het niet in een ander programma openstaat.`,
    });
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const chunks = function* () {
      for (let position = 0; ; ) {
        const n = fs.readSync(fd, buffer, 0, CHUNK, position);
        if (n === 0) return;
        position += n;
        yield buffer.subarray(0, n);
      }
    };
    return analyseSource(chunks, size, options);
  } finally {
    fs.closeSync(fd);
  }
}

export function analyseBytes(bytes: Uint8Array, options: AnalyseOptions = {}): Analysis {
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
  };
  return analyseSource(chunks, bytes.length, options);
}

/**
 * One pass with the fast scanner; if the file uses anything it does not handle (or is broken), a second pass with
 * the full parser, which is what then reports any error. Both passes give the same findings for the same file.
 */
function analyseSource(open: () => Iterator<Uint8Array>, totalBytes: number, options: AnalyseOptions): Analysis {
  const parser = options.parser ?? 'auto';
  if (parser === 'full') return analyseChunks(open(), totalBytes, options, 'full');
  if (parser === 'one-pass' || parser === 'auto') {
    try {
      return analyseChunks(open(), totalBytes, options, 'one-pass', open);
    } catch (error) {
      if (!(error instanceof Unsupported) || parser === 'one-pass') throw error;
    }
  }
  try {
    return analyseChunks(open(), totalBytes, options, 'fast');
  } catch (error) {
    if (!(error instanceof Unsupported) || parser === 'fast') throw error;
    return analyseChunks(open(), totalBytes, options, 'full');
  }
}

function analyseChunks(
  chunks: Iterator<Uint8Array>,
  totalBytes: number,
  options: AnalyseOptions,
  mode: 'one-pass' | 'fast' | 'full',
  reopen?: () => Iterator<Uint8Array>,
): Analysis {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (totalBytes > maxBytes) {
    return failure({
      severity: 'error',
      code: 'io.too-large',
      line: 0,
      column: 0,
      message: `Het bestand is ${megabytes(totalBytes)} MB; de console leest bestanden tot ${megabytes(maxBytes)} MB. Is dit wel het EDEXML-bestand van één schoollocatie?`,
    });
  }
  const first = chunks.next();
  const head: Uint8Array = first.done ? new Uint8Array(0) : first.value;
  const foreign = foreignFileKind(head);
  if (foreign) return failure({ severity: 'error', code: 'file.not-edexml', line: 0, column: 0, message: notEdexmlMessage(foreign) });
  const sniffed = sniffVersion(head);
  const version: EdexmlVersion = sniffed === '1.x' ? '1.03' : sniffed;
  const builder = new ModelBuilder(options.keepModel ?? false, options.sink ?? null);
  if (mode === 'one-pass') return onePass(head, chunks, totalBytes, options, version, builder, reopen!);
  const validator = new SchemaValidator(schemaFor(version));
  const reader = new EdexmlReader(
    {
    open(name, uri, attrs, line, column) {
      validator.open(name, uri, attrs, line, column);
      builder.open(name, attrs);
    },
    text(text) {
      validator.text(text);
    },
    needsBlankText() {
      return validator.needsBlankText();
    },
    close() {
      const { value, valid } = validator.close();
      builder.close(valid ? value : null);
    },
    },
    mode,
  );

  let bytesRead = 0;
  const progress = (phase: AnalysePhase) => options.onProgress?.({ phase, bytesRead, totalBytes });
  try {
    feed(reader, head, chunks, (read) => {
      bytesRead = read;
      progress('lezen');
    });
  } catch (error) {
    if (!(error instanceof ReadAbort)) throw error;
    return failure(error.finding, { version, encoding: reader.encodingUsed });
  }
  progress('controleren');
  return conclude(validator.end(), reader.encodingUsed, version, builder, options, progress);
}

/** Reads a file the one pass can prove valid; throws Unsupported (at once) for anything else. */
function onePass(
  head: Uint8Array,
  chunks: Iterator<Uint8Array>,
  totalBytes: number,
  options: AnalyseOptions,
  version: EdexmlVersion,
  builder: ModelBuilder,
  reopen: () => Iterator<Uint8Array>,
): Analysis {
  const pass = new OnePass(schemaFor(version), builder);
  let bytesRead = 0;
  const progress = (phase: AnalysePhase) => options.onProgress?.({ phase, bytesRead, totalBytes });
  for (let chunk: Uint8Array | undefined = head; chunk; ) {
    for (let at = 0; at < chunk.length; at += PIECE) pass.write(chunk.subarray(at, at + PIECE));
    bytesRead += chunk.length;
    progress('lezen');
    const next = chunks.next();
    chunk = next.done ? undefined : next.value;
  }
  pass.end();
  progress('controleren');
  // Skipped extension blocks are the one kind of finding the pass makes; their lines are counted now, on a second
  // read of the file up to the first block of each kind (in files that have them, that is near the start).
  const skipped = pass.skippedBlocks();
  const positions = positionsOf(reopen, skipped.map((b) => b.offset));
  const findings = skipped.map((b, i) => extensionSkipped(b.label, b.misplacedIn, b.count, positions[i]!.line, positions[i]!.column));
  return conclude(findings, 'utf-8', version, builder, options, progress);
}

/**
 * Line and column (as the scanner counts them: bytes after the BOM, the column just after the offset) of each absolute
 * byte offset, reading the source again only as far as the last of them.
 */
function positionsOf(open: () => Iterator<Uint8Array>, offsets: readonly number[]): Array<{ line: number; column: number }> {
  if (offsets.length === 0) return [];
  const order = offsets.map((offset, i) => ({ offset, i })).sort((a, b) => a.offset - b.offset);
  const out: Array<{ line: number; column: number }> = new Array(offsets.length);
  let line = 1;
  let lineStart = -1;
  let base = 0;
  let next = 0;
  const chunks = open();
  for (let chunk = chunks.next(); !chunk.done && next < order.length; chunk = chunks.next()) {
    const bytes = chunk.value;
    if (base === 0 && lineStart === -1) lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let from = 0;
    while (next < order.length && order[next]!.offset < base + bytes.length) {
      const target = order[next]!.offset - base;
      for (let nl = bytes.indexOf(0x0a, from); nl !== -1 && nl < target; nl = bytes.indexOf(0x0a, nl + 1)) {
        line++;
        lineStart = base + nl + 1;
        from = nl + 1;
      }
      out[order[next]!.i] = { line, column: order[next]!.offset + 1 - lineStart };
      next++;
    }
    for (let nl = bytes.indexOf(0x0a, from); nl !== -1; nl = bytes.indexOf(0x0a, nl + 1)) {
      line++;
      lineStart = base + nl + 1;
    }
    base += bytes.length;
  }
  return out;
}

/** The analysis once the whole file was read: the schema's findings, the domain's, the minimised data. */
function conclude(
  schemaFindings: Finding[],
  encoding: Encoding | null,
  version: EdexmlVersion,
  builder: ModelBuilder,
  options: AnalyseOptions,
  progress: (phase: AnalysePhase) => void,
): Analysis {
  const findings = [...schemaFindings, ...(version === '1.03' ? [VERSION_1_NOTE] : [])];
  const school = builder.schoolIdentification();
  findings.push(...domainFindings(school, builder, options));
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  progress('klaar');
  const ok = !findings.some((f) => f.severity === 'error');
  return {
    ok,
    version,
    encoding,
    school,
    counts: { ...builder.counts },
    findings,
    dropped: builder.droppedKinds(),
    data: options.keepModel && !options.sink && ok ? builder.result() : null,
  };
}
