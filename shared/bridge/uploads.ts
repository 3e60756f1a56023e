import { z } from 'zod';
import type { BridgeResult } from './contract';

/**
 * Handing a file (the EDEXML the user dropped or picked) from the renderer to main. Why not a path: the renderer is
 * sandboxed and a path from it would let any page script read any file; bytes the user chose are all main needs.
 * Electron sends them over one IPC channel, browser mode streams them to `POST /upload`. Main keeps the file in
 * its own staging folder under a random id, which `import:start` then takes.
 */
export const uploadResultSchema = z.object({
  uploadId: z.string(),
  /** The file name as the user chose it (shown on the import screen). */
  name: z.string(),
  size: z.number().int().nonnegative(),
});
export type UploadResult = z.infer<typeof uploadResultSchema>;

/** Largest file the console takes (the engine's own default limit, 256 MB). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export const UPLOAD_CHANNEL = 'bridge:upload' as const;
export const UPLOAD_PATH = '/upload' as const;

/** A file name as it may travel: no folders, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'bestand.xml').slice(0, 255);
}

/**
 * The name travels beside the bytes: Electron's contextBridge copies a File as a plain Blob (its documented Blob
 * support), so the preload cannot rely on `file.name`.
 */
export type UploadFile = (file: Blob, name: string) => Promise<BridgeResult<UploadResult>>;
