import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/shared/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
    environment: 'node',
    // Generous bounds: CI machines are slower than this one, and a test that waits polls with its own deadline.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: vitest's default on a 2-core machine is one (cores − 1), and most files wait on SQLite,
    // worker threads, xmllint or the loopback reference server rather than compute. Measured on this machine:
    // 260 s with one worker.
    maxWorkers: 2,
    // electron-store is run through Vite so that tests/main/settings/settings-electron-store.test.ts can stand in for `electron`.
    server: { deps: { inline: ['electron-store'] } },
  },
});
