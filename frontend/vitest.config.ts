import { defineConfig, mergeConfig } from 'vitest/config'

import viteConfig from './vite.config'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      restoreMocks: true,
      // Page tests render whole settings pages (and lazy-load them on the first
      // navigation), which takes a few seconds under a fully parallel run.
      testTimeout: 20_000,
      unstubGlobals: true,
    },
  }),
)
