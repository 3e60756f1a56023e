import type { Dispatch } from '../../main/bridge/registry';
import type { UploadStaging } from '../../main/uploads/staging';
import { receiveUpload } from '../../main/uploads/receive';

export const TRUSTED = { trusted: true } as const;

/**
 * Calls through the real dispatcher as the app's own window would: `call` returns the value or throws with the Dutch
 * message, `refused` returns the error of a call that must fail. `dispatch` is a getter because the tests make a new
 * dispatcher per test.
 */
export function bridgeCaller(dispatch: () => Dispatch) {
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch()(method, input, TRUSTED);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const refused = async (method: string, input?: unknown) => {
    const result = await dispatch()(method, input, TRUSTED);
    if (result.ok) throw new Error(`${method} should have been refused`);
    return result.error;
  };
  return { call, refused };
}

/**
 * The pending import's id, as step 3 has it from the diff it shows: `import:confirm` confirms exactly that import
 * (issue 31). `call` is the test's bridge caller.
 */
export async function reviewedImportId(call: <T>(method: string, input?: unknown) => Promise<T>, brin6: string): Promise<number> {
  const diff = await call<{ importId: number } | null>('import:get-diff', { brin6 });
  if (!diff) throw new Error(`no pending import for ${brin6}`);
  return diff.importId;
}

/**
 * A file as step 2 receives it: handed over (the window's upload), then `import:start`. Returns the pending import's
 * id (what step 3 confirms). `call` is the test's bridge caller.
 */
export async function importThroughBridge(
  uploads: UploadStaging,
  call: <T>(method: string, input?: unknown) => Promise<T>,
  brin6: string,
  text: string,
  name: string,
): Promise<number> {
  const staged = receiveUpload(uploads, true, name, new TextEncoder().encode(text));
  if (!staged.ok) throw new Error(staged.error.message);
  await call('import:start', { brin6, uploadId: staged.value.uploadId });
  return reviewedImportId(call, brin6);
}
