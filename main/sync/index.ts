/**
 * The sync engine's public entry: what features and the app may use. The engine owns the `outbox`, `sync_state` and
 * `remote_documents` tables and every HTTP request to the central service, and knows no feature: each feature
 * registers a ResourceHandler (and Pullers) in main/app/sync-resources.ts. Everything else in main/sync is internal.
 */
export { enqueue, entriesAt, entriesOfRoute, entriesUnder, removeEntries, supersedeUntried, pendingCount, pendingEntries, failedEntries, conflicts } from './outbox';
export type { Enqueue, OutboxEntry, QueuedEntry } from './outbox';
export { SyncRegistry } from './resources';
export type { Clash, Puller, ResourceHandler } from './resources';
export { NO_ANSWER, PULLED, pullProblem, request } from './request';
export type { Answer, Endpoint, PullOutcome } from './request';
export { syncMark, setSyncMarks } from './marks';
export type { SyncStateRow } from './state';
export { DELAYED_AFTER_ATTEMPTS, DELAYED_AFTER_MS, recordRoundError, recordRoundSuccess, syncStatus } from './status';
export type { LocationSyncStatus } from './status';
export { documentSync, documentSyncState, remoteDocument, supersedeSettledDocumentEntries } from './documents';
export type { DocumentResource } from './documents';
export { CONFLICT_MESSAGE, backoffDelay, mergeAfterStale, pushLocation, pushUntilIdle } from './pusher';
export type { PushOptions, PushResult } from './pusher';
export { classify, createSession, probeService, sendBatch, sendEntry } from './client';
export type { SendOutcome, SignInResult } from './client';
export { SyncService, memoryVault } from './service';
export type { Connection, SyncRoundSummary, TokenVault } from './service';
export { checkConnection } from './connection-check';
