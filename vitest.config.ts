import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/shared/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
    environment: 'node',
    // Generous bounds: CI machines are slower than this one, and a test that waits polls with its own deadline.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // electron-store is run through Vite so that tests/main/settings/settings-electron-store.test.ts can stand in for `electron`.
    server: { deps: { inline: ['electron-store'] } },
  },
});
