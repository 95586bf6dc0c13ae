import { Role } from '@ccr/shared';
import { requireRole } from '$lib/guards';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent, url }) => {
  await parent();
  requireRole(Role.CUSTOMER, url);
  return {};
};
