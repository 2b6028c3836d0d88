// Root test config: its presence keeps vitest from loading vite.config.ts (and the uni plugin).
// The test projects themselves are in vitest.workspace.ts.
import { defineConfig } from 'vitest/config'

export default defineConfig({})
