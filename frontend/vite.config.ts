import tailwindcss from '@tailwindcss/vite'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type ProxyOptions } from 'vite'

// In development the Go server runs on its default port and answers the API,
// health checks, branding assets and websockets. The Host header is passed
// through unchanged, so http://demo.localhost:5173 resolves the "demo" tenant.
const backend = process.env.MEDIAFLOW_BACKEND_URL ?? 'http://127.0.0.1:8080'
const proxiedPaths = ['/api', '/healthz', '/readyz', '/branding', '/ws']

function backendProxy(): Record<string, ProxyOptions> {
  return Object.fromEntries(
    proxiedPaths.map((path) => [path, { target: backend, ws: path === '/ws' }]),
  )
}

export default defineConfig({
  plugins: [vue(), tailwindcss()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: backendProxy(),
  },
  build: {
    // dist/.gitkeep must survive builds; scripts/clean-dist.mjs removes the
    // previous build's files instead.
    emptyOutDir: false,
    rollupOptions: {
      output: {
        // Vue, the router and i18n change rarely: one long-cached file.
        manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined),
      },
    },
  },
})
