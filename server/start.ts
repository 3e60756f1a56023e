/**
 * `npm run api`: the reference API server on 127.0.0.1. Options:
 *   --port N            (default: a free port)      --data DIR   (default: a temporary folder)
 *   --accounts FILE     portal accounts (JSON: [{username, password, brin6: [..]}]; default server/accounts.example.json)
 *   --token-ttl S       session lifetime in seconds (default 3600)
 *   --latency MS, --fail-before R, --fail-after R, --drop-after R   fault injection (R: share 0..1)
 *   --latency-on ROUTE  only this route id gets the latency (repeatable), e.g. putSchoolData
 *   --activate-after MS stand-in for colleagues who click their activation link: invited users activate after MS
 *   --public-address IP stand-in for the school's public address: what /v1/whoami answers (default: the client's address)
 *   --json              one line of JSON with the origin on stdout (for tests)
 *   --trace             a JSON line on stdout whenever a request holds its Idempotency-Key during --latency
 *   --no-throttle       no sign-in throttling (only to measure sign-in timing; see server/throttle.ts)
 * The server itself is server/run.ts (the tests start it in their own process).
 */
import { startServer } from './run';

const args = process.argv.slice(2);
const json = args.includes('--json');
const server = await startServer(args, (event) => void process.stdout.write(`${JSON.stringify(event)}\n`));
process.stdout.write(json ? `${JSON.stringify({ origin: server.origin, dataDir: server.dataDir })}\n` : `Referentie-API draait op ${server.origin} (gegevens: ${server.dataDir}). Stoppen: Ctrl+C\n`);

const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
