import { nodeTransport } from '../../main/transport/node';

/**
 * The Node transport as the CLI and browser mode make it, without the machine's proxy variables (a test decides its
 * own proxy: tests/helpers/network.ts), for tests that call the sync engine directly.
 */
export const transport = nodeTransport({ env: {} });
