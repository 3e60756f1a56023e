/**
 * Faults of the PC itself, said in Dutch with what to do (issue 34, point 5): a full disk and a folder the console
 * may not write to. Both leave everything as it was (SQLite rolls the transaction back; a staged file is removed), so
 * the message says so. Recognised by code: SQLite's (`SQLITE_FULL`, `SQLITE_READONLY…`) and Node's (`ENOSPC`,
 * `EDQUOT`, `EROFS`, `EACCES`, `EPERM`), on the error itself or its cause.
 */
export const DISK_FULL_MESSAGE = 'De schijf is vol: er is niets gewijzigd. Maak ruimte vrij en probeer het opnieuw.';
export const READ_ONLY_MESSAGE =
  'De map met de gegevens van de console is alleen-lezen: er is niets gewijzigd. Vraag de ICT-afdeling om schrijfrechten op die map (zie Support en updates), of start de console met een andere gegevensmap.';

export type Fault = 'disk-full' | 'read-only';

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** Which fault of the PC `error` is (or was caused by), or null for anything else. */
export function faultOf(error: unknown): Fault | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (!code) continue;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'disk-full';
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_READONLY')) return 'read-only';
  }
  return null;
}

export function faultMessage(fault: Fault): string {
  return fault === 'disk-full' ? DISK_FULL_MESSAGE : READ_ONLY_MESSAGE;
}
