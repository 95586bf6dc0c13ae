import { restoreSession } from '$lib/guards';

// A single-page app served by the API server: no server rendering, no prerendering.
export const ssr = false;
export const prerender = false;

export async function load(): Promise<Record<string, never>> {
  await restoreSession();
  return {};
}
