/** Child process for the crash test: pushes one location's outbox until idle (the test kills it with SIGKILL). */
import { openDatabase } from '../../main/db/database';
import { pushUntilIdle } from '../../main/sync/pusher';
import { syncRegistry } from '../../main/app/sync-resources';
import { transport } from './transport';

const [dbFile, brin6, baseUrl, token] = process.argv.slice(2) as [string, string, string, string];
const { db } = openDatabase(dbFile);
process.stdout.write('started\n');
await pushUntilIdle(db, brin6, { registry: syncRegistry, transport, baseUrl, token, maxMs: 60_000, backoffBaseMs: 20, backoffCapMs: 100 });
db.close();
