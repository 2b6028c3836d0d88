// Test projects. Kept apart from vite.config.ts so the uni plugin is never loaded in tests.
import { fileURLToPath } from 'node:url'
import { defineWorkspace } from 'vitest/config'

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) }

export default defineWorkspace([
  {
    resolve: { alias },
    // Builds set this (vite.config.ts); unit tests choose debug or production through the config they pass.
    define: { __DEBUG_BUILD__: 'true' },
    test: { name: 'unit', include: ['src/**/*.test.ts', 'protocol/**/*.test.ts'], environment: 'node' },
  },
  { test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node', pool: 'forks' } },
  { resolve: { alias }, test: { name: 'server', include: ['server/**/*.test.ts'], environment: 'node', pool: 'forks' } },
  {
    resolve: { alias },
    test: {
      name: 'compiled',
      include: ['test/compiled/**/*.test.ts', 'test/e2e/**/*.test.ts'],
      environment: 'node',
      pool: 'forks',
      testTimeout: 30_000,
      // Builds mp-weixin once per run (or uses COMPILED_DIR) for every compiled/e2e test file.
      globalSetup: ['test/globalSetup.ts'],
    },
  },
])
