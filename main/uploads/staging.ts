import crypto from 'node:crypto';
import { faultMessage, faultOf } from '../errors/faults';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { MAX_UPLOAD_BYTES, cleanFileName } from '../../shared/bridge';
import type { UploadResult } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';

/** A staged file: where it is, and the name the user chose. */
export interface StagedUpload {
  readonly id: string;
  readonly file: string;
  readonly name: string;
  readonly size: number;
  readonly createdAt: number;
}

export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Uploads not taken by `import:start` within this time are deleted with the next upload. */
const EXPIRE_MS = 60 * 60 * 1000;

export function tooLargeMessage(maxBytes: number): string {
  const mb = Math.round(maxBytes / (1024 * 1024));
  return `Het bestand is groter dan ${mb} MB; de console neemt bestanden tot ${mb} MB aan. Is dit wel het EDEXML-bestand van één schoollocatie? Exporteer dan alleen die locatie.`;
}

class TooLarge extends Error {}

/** The file passes MAX_UPLOAD_BYTES (HTTP 413 in browser mode). */
export class UploadTooLargeError extends ServiceError {
  constructor(maxBytes: number) {
    super('invalid-input', tooLargeMessage(maxBytes));
  }
}

/**
 * Main's staging folder for files the renderer hands over (Electron IPC bytes, or the browser-mode upload stream).
 * Files get a random, unguessable id (24 characters of base64url); the folder is emptied at start, and a staged file
 * is deleted once `import:start` took it (success or failure) or when it expires.
 */
export class UploadStaging {
  private readonly staged = new Map<string, StagedUpload>();

  constructor(
    readonly dir: string,
    private readonly maxBytes: number = MAX_UPLOAD_BYTES,
    private readonly now: () => number = Date.now,
  ) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      // A read-only data folder (or a full disk): the console still opens for what only reads (`status`, the
      // overview); a file handed over later gets the Dutch fault message (issue 34).
      if (!faultOf(error)) throw error;
    }
  }

  private newId(): string {
    return crypto.randomBytes(18).toString('base64url');
  }

  /** Files handed over by reference (the CLI's own file): never deleted by `remove`. */
  private readonly borrowed = new Set<string>();

  private register(id: string, name: string, size: number, file: string = path.join(this.dir, id)): UploadResult {
    const upload: StagedUpload = { id, file, name: cleanFileName(name), size, createdAt: this.now() };
    this.staged.set(id, upload);
    return { uploadId: id, name: upload.name, size };
  }

  private sweep(): void {
    for (const upload of this.staged.values()) {
      if (this.now() - upload.createdAt > EXPIRE_MS) this.remove(upload.id);
    }
  }

  /** Electron: the bytes arrive whole over IPC. */
  fromBytes(name: string, bytes: Uint8Array): UploadResult {
    if (bytes.byteLength > this.maxBytes) throw new UploadTooLargeError(this.maxBytes);
    this.sweep();
    const id = this.newId();
    fs.writeFileSync(path.join(this.dir, id), bytes, { flag: 'wx', mode: 0o600 });
    return this.register(id, name, bytes.byteLength);
  }

  /**
   * Browser mode: the request body is streamed to disk, never held in memory, and cut off as soon as it passes the
   * limit (`declaredBytes`, the Content-Length when given, is checked before anything is read).
   */
  async fromStream(name: string, source: Readable, declaredBytes?: number): Promise<UploadResult> {
    if (declaredBytes !== undefined && declaredBytes > this.maxBytes) throw new UploadTooLargeError(this.maxBytes);
    this.sweep();
    const id = this.newId();
    const file = path.join(this.dir, id);
    let size = 0;
    const max = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > max) callback(new TooLarge());
        else callback(null, chunk);
      },
    });
    // The source is piped, not part of the pipeline: when the limit is passed it is only unpiped, so the HTTP
    // request stays open for a proper answer (the caller drains or closes it).
    const incomplete = (error?: Error) => {
      if (!source.readableEnded) counter.destroy(error ?? new Error('aborted'));
    };
    source.once('error', incomplete);
    source.once('close', incomplete);
    source.pipe(counter);
    try {
      await pipeline(counter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      source.unpipe(counter);
      fs.rmSync(file, { force: true });
      if (error instanceof TooLarge) throw new UploadTooLargeError(this.maxBytes);
      // The disk filled up while the file came in: choosing it again would not help (issue 34).
      const fault = faultOf(error);
      if (fault) throw new ServiceError('unavailable', faultMessage(fault));
      throw new ServiceError('invalid-input', 'Het bestand kwam niet volledig aan. Kies het bestand opnieuw.');
    } finally {
      source.off('error', incomplete);
      source.off('close', incomplete);
    }
    return this.register(id, name, size);
  }

  /**
   * The CLI: a file on this PC, handed over by reference (not copied, never deleted), so `import` goes through the
   * same `import:start` as a file chosen in the window. A Dutch error when it cannot be read.
   */
  fromLocalFile(file: string, maxBytes: number = this.maxBytes): UploadResult {
    let size: number;
    try {
      size = fs.statSync(file).size;
      fs.accessSync(file, fs.constants.R_OK);
    } catch {
      throw new ServiceError('invalid-input', `Het bestand ${file} kan niet worden gelezen. Controleer de naam en of je het mag openen.`);
    }
    if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
    const id = this.newId();
    this.borrowed.add(id);
    return this.register(id, path.basename(file), size, path.resolve(file));
  }

  /** The staged file for this id; a Dutch error when it is unknown or already used. */
  get(id: string): StagedUpload {
    const upload = UPLOAD_ID_PATTERN.test(id) ? this.staged.get(id) : undefined;
    if (!upload || !fs.existsSync(upload.file)) {
      throw new ServiceError('invalid-input', 'Het gekozen bestand is niet (meer) beschikbaar. Kies het bestand opnieuw.');
    }
    return upload;
  }

  remove(id: string): void {
    const upload = this.staged.get(id);
    this.staged.delete(id);
    if (upload && !this.borrowed.delete(id)) fs.rmSync(upload.file, { force: true });
  }

  /** How many files are staged now (tests). */
  count(): number {
    return fs.readdirSync(this.dir).length;
  }
}
