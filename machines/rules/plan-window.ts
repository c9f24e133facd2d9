import type { Plan } from '../context';

/** Both ends inclusive; after closesAt "逾期不再受理" (六). */
export function isPlanOpen(plan: Pick<Plan, 'opensAt' | 'closesAt'>, today: string): boolean {
  return plan.opensAt <= today && today <= plan.closesAt;
}
