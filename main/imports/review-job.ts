import type { ImportDiff, ImportState } from '../../shared/bridge';

/** What step 3 asks of the pending import, off the thread that answers the bridge (issue 31: a large diff took seconds). */
export type ReviewJob =
  | { readonly action: 'diff'; readonly brin6: string; readonly thresholdPercent?: number; readonly today: string }
  | { readonly action: 'confirm'; readonly brin6: string; readonly importId: number; readonly acknowledge?: string; readonly acknowledgeYear?: string; readonly thresholdPercent?: number; readonly today: string }
  | { readonly action: 'export-diff'; readonly brin6: string; readonly today: string };

export type ReviewResult<A extends ReviewJob['action']> = A extends 'diff' ? ImportDiff | null : A extends 'confirm' ? ImportState : { fileName: string; csv: string };
