// Built assets go to dist/ with content hashes; atlas-gateway serves them
// (ATLAS_WEB_ROOT) with long-lived caching for /assets/ and compression.
import { defineConfig, type Plugin } from 'vite';

// MapLibre is imported lazily (the list and filters do not wait for it), but
// its download should start with the page: preload it from index.html.
function preloadMapLibre(): Plugin {
  return {
    name: 'preload-maplibre',
    enforce: 'post',
    transformIndexHtml(_html, ctx) {
      const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'maplibre');
      return chunk ? [{ tag: 'link', attrs: { rel: 'modulepreload', href: `/${chunk.fileName}` }, injectTo: 'head' }] : [];
    },
  };
}

export default defineConfig({
  plugins: [preloadMapLibre()],
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
