import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: the server serves build/ and falls back to index.html for every path.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: false }),
    alias: {
      // The shared package's main is a CommonJS build for the server; the web app uses the TS source.
      '@ccr/shared': '../shared/src/index.ts',
    },
  },
};

export default config;
