import type { SyncState } from '../../../shared/bridge/sync';
import { formatDateTime } from '../format';

const DOCUMENT_SYNC_LABEL: Record<SyncState['state'], string> = {
  synced: 'Bij de centrale dienst',
  pending: 'Wacht op verzending',
  failed: 'Geweigerd door de centrale dienst',
  conflict: 'Conflict: ook elders gewijzigd',
};

/**
 * Where a whole document (Numo registration, IP allowlist) stands with the service. The state is in the text, the
 * colour only repeats it; the service's Dutch reason follows for a refusal or a conflict.
 */
export function DocumentSyncBadge({ sync, updatedAt, testId }: { sync: SyncState | null; updatedAt?: string | null; testId: string }) {
  if (!sync) {
    return (
      <span className="badge badge-sync-none" data-testid={testId} data-state="none">
        Nog niet opgeslagen
      </span>
    );
  }
  return (
    <span className="doc-sync">
      <span className={`badge badge-sync-${sync.state}`} data-testid={testId} data-state={sync.state}>
        {DOCUMENT_SYNC_LABEL[sync.state]}
      </span>
      {updatedAt && <span className="subtle"> · opgeslagen {formatDateTime(updatedAt)}</span>}
      {sync.message && <span className="doc-sync-message">{sync.message}</span>}
    </span>
  );
}

/** Copies text to the clipboard; false when the page may not (then the screen says how to copy by hand). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A download of our own text: a blob link with a file name, no navigation. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
