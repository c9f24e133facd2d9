import type { Plan } from '../context';

/** The days a plan takes applications in. */
export type PlanWindow = Pick<Plan, 'opensAt' | 'closesAt'>;

/** Both ends inclusive; after closesAt "逾期不再受理" (六). */
export function isPlanOpen(plan: PlanWindow, today: string): boolean {
  return plan.opensAt <= today && today <= plan.closesAt;
}

/**
 * What a plan of its level lacks to be reviewed against at all: the junior score needs 附件2's
 * scoring items (二(二)), the intermediate conditions 附件1's routes (二(一)). Without them every
 * applicant would be refused at SUBMIT, so such a plan is refused instead.
 */
export function missingPlanParts(
  plan: Pick<Plan, 'level' | 'scoringItems' | 'intermediateRoutes'>,
): ('scoringItems' | 'intermediateRoutes')[] {
  if (plan.level === 'junior') return plan.scoringItems.length === 0 ? ['scoringItems'] : [];
  return plan.intermediateRoutes.length === 0 ? ['intermediateRoutes'] : [];
}
