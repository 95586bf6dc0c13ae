import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

/** Signed-in users have no business on the sign-in pages. */
export const load: LayoutLoad = async ({ parent }) => {
  await parent();
  if (session.unavailable) return {};
  if (session.user) redirect(307, session.home);
  return {};
};
