import type { PlanInput } from '../../machines/facts';
import type { Db } from '../db/client';
import { recordAction } from '../store/audit';
import { insertPlan, type PlanRecord } from '../store/plans';

/** A new plan, audited. */
export async function createPlan(db: Db, input: PlanInput, createdBy: string, createdAt: Date): Promise<PlanRecord> {
  return db.transaction(async (tx) => {
    const plan = await insertPlan(tx, input, createdBy, createdAt);
    const { id, createdBy: _, createdAt: __, ...details } = plan;
    await recordAction(tx, { action: 'plan.create', target: id, actor: createdBy, reason: null, details, at: createdAt });
    return plan;
  });
}
