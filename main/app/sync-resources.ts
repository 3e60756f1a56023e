import { allowlistDocument } from '../allowlist/allowlist';
import { numoDocument } from '../numo/numo';
import { rosterPuller } from '../roster/puller';
import { schoolDataResource } from '../imports/upload';
import { documentSync, SyncRegistry } from '../sync';
import { usersFeedPuller, usersResource } from '../users/sync';

const documents = documentSync([numoDocument, allowlistDocument]);

/**
 * Every resource the console syncs, wired once: the engine (main/sync) knows no feature; each feature says how its
 * queued changes are materialised and recorded, and what it pulls in a round. Pullers run in this order.
 */
export const syncRegistry = new SyncRegistry(
  [usersResource, schoolDataResource, documents.handler],
  [documents.puller, usersFeedPuller, rosterPuller],
);
