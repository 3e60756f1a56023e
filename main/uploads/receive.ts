import { fail, ok } from '../../shared/bridge';
import type { BridgeResult, UploadResult } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import type { UploadStaging } from './staging';

/**
 * The Electron side of a file hand-over (`UPLOAD_CHANNEL`): a trusted sender, a file name (text) and the bytes
 * (ArrayBuffer or Uint8Array), checked here because IPC carries anything. Pure, so it is tested without Electron.
 */
export function receiveUpload(uploads: UploadStaging, trusted: boolean, name: unknown, bytes: unknown): BridgeResult<UploadResult> {
  if (!trusted) return fail('forbidden', 'Dit verzoek komt niet van het venster van de Beheerconsole en is geweigerd.');
  if (typeof name !== 'string' || name.length > 4096) {
    return fail('invalid-input', 'De bestandsnaam ontbreekt of is te lang. Kies het bestand opnieuw.');
  }
  let view: Uint8Array;
  if (bytes instanceof ArrayBuffer) view = new Uint8Array(bytes);
  else if (bytes instanceof Uint8Array) view = bytes;
  else return fail('invalid-input', 'Er kwam geen bestand mee. Kies het bestand opnieuw.');
  try {
    return ok(uploads.fromBytes(name, view));
  } catch (error) {
    if (error instanceof ServiceError) return fail(error.code, error.message);
    return fail('internal', 'Het bestand kon niet worden opgeslagen. Controleer of er ruimte vrij is op de schijf en probeer het opnieuw.');
  }
}
