import type { Db } from '../db/client';
import { AppError } from '../errors';
import { recordAction } from '../store/audit';
import { feeNoticeSent, lockPlan, type PlanRecord, updatePlan } from '../store/plans';

export type PlanEdit = { opensAt?: string; closesAt?: string; fee?: number; reason: string };

/**
 * Changes a plan's window or fee, recorded with who, when and why. Applications read the
 * window at SUBMIT and the fee when their fee notice goes out, so an edit reaches every
 * application not past that step; once one notice stated the fee, it no longer changes.
 */
export async function editPlan(db: Db, id: string, edit: PlanEdit, by: string, at: Date): Promise<PlanRecord> {
  return db.transaction(async (tx) => {
    const before = await lockPlan(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const { reason, ...fields } = edit;
    const after = { ...before, ...fields };
    if (after.opensAt > after.closesAt) throw AppError.invalid('body', '/closesAt', 'closesAt must not be before opensAt');
    const changed = (['opensAt', 'closesAt', 'fee'] as const).filter((k) => fields[k] !== undefined && fields[k] !== before[k]);
    if (changed.length === 0) throw AppError.invalid('body', '/', 'nothing changes');
    if (changed.includes('fee') && (await feeNoticeSent(tx, id))) throw new AppError('FEE_LOCKED', { planId: id });
    const updated = await updatePlan(tx, id, Object.fromEntries(changed.map((k) => [k, after[k]])));
    const changes = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }]));
    await recordAction(tx, { action: 'plan.edit', target: id, actor: by, reason, details: { changes }, at });
    return updated;
  });
}
