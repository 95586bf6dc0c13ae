import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The API server during `vite dev`; CCR_API points elsewhere (another port, another machine).
const api = process.env.CCR_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
