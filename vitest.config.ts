import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/shared/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
    environment: 'node',
    // The CLI and browser mode keep the database key in the OS keyring where there is one (main/db/os-keyring.ts);
    // the suite keeps to the key file beside each temp folder, so a developer's keyring collects nothing.
    env: { BEHEERCONSOLE_KEYRING: 'off' },
    // Generous bounds: CI machines are slower than this one, and a test that waits polls with its own deadline.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: vitest's default on a 2-core machine is one (cores − 1), and most files wait on SQLite,
    // worker threads, xmllint or the loopback reference server rather than compute. Measured on this machine:
    // 260 s with one worker.
    maxWorkers: 2,
    // One module graph per worker instead of one per file: each file re-imported main/ and its zod contracts (about a
    // second of CPU per file, 70 files). Measured on this machine: 166 s → 118 s for the suite, every test passing.
    // Safe because no test changes a module's state for another: the one vi.mock ('electron', in
    // tests/main/settings/settings-electron-store.test.ts) is of a module no other test imports, and each test opens
    // its own data folder, database and services.
    isolate: false,
    // electron-store is run through Vite so that tests/main/settings/settings-electron-store.test.ts can stand in for `electron`.
    server: { deps: { inline: ['electron-store'] } },
  },
});
