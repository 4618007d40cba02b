// Built assets go to dist/ with content hashes; atlas-gateway serves them
// (ATLAS_WEB_ROOT) with long-lived caching for /assets/ and compression.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: { manualChunks: { maplibre: ['maplibre-gl'] } },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
