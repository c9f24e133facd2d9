import { and, eq, sql } from 'drizzle-orm';
import type { Plan } from '../../machines/context';
import { defaultVersion } from '../../machines/definitions';
import type { PlanInput } from '../../machines/facts';
import { DEFAULT_FEE_DEADLINE_DAYS, DEFAULT_PAPER_DEADLINE_DAYS } from '../../machines/rules/deadlines';
import { feeFor } from '../../machines/rules/fee';
import { DEFAULT_RESUBMIT_WORKING_DAYS } from '../../machines/rules/resubmission';
import type { Db } from '../db/client';
import { applicationEvents, applications, plans } from '../db/schema';

type PlanRow = typeof plans.$inferSelect;

function toPlan(r: PlanRow): Plan & { definitionVersion: number } {
  return {
    id: r.id,
    year: r.year,
    level: r.level,
    specialty: r.specialty,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    fee: r.fee,
    resubmitWorkingDays: r.resubmitWorkingDays,
    feeDeadlineDays: r.feeDeadlineDays,
    paperDeadlineDays: r.paperDeadlineDays,
    // Plans stored before every plan named its definition ran the newest; they run version 1 now (issue 24).
    definitionVersion: r.definitionVersion ?? defaultVersion,
    scoringItems: r.scoringItems,
    intermediateRoutes: r.intermediateRoutes,
    skilledRoutes: r.skilledRoutes,
  };
}

/** A plan as the API shows it: what applications copy, plus who created it and when. */
export type PlanRecord = Plan & { definitionVersion: number; createdBy: string; createdAt: Date };

const toRecord = (r: PlanRow): PlanRecord => ({ ...toPlan(r), createdBy: r.createdBy, createdAt: r.createdAt });

/** A new plan, with the defaults of what the input leaves out. */
export async function insertPlan(db: Db, input: PlanInput, createdBy: string, createdAt: Date): Promise<PlanRecord> {
  const [row] = await db
    .insert(plans)
    .values({
      ...input,
      skilledRoutes: input.skilledRoutes ?? [],
      fee: input.fee ?? feeFor(input.level),
      resubmitWorkingDays: input.resubmitWorkingDays ?? DEFAULT_RESUBMIT_WORKING_DAYS,
      definitionVersion: input.definitionVersion ?? defaultVersion,
      feeDeadlineDays: input.feeDeadlineDays ?? DEFAULT_FEE_DEADLINE_DAYS,
      paperDeadlineDays: input.paperDeadlineDays ?? DEFAULT_PAPER_DEADLINE_DAYS,
      createdBy,
      createdAt,
    })
    .returning();
  return toRecord(row!);
}

export async function listPlans(db: Db): Promise<PlanRecord[]> {
  return (await db.select().from(plans).orderBy(plans.year, plans.createdAt)).map(toRecord);
}

export async function planOf(db: Db, id: string): Promise<Plan | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row && toPlan(row);
}

/** The plan, locked for this transaction (an edit). */
export async function lockPlan(tx: Db, id: string): Promise<PlanRecord | undefined> {
  const [row] = await tx.select().from(plans).where(eq(plans.id, id)).for('update');
  return row && toRecord(row);
}

export async function updatePlan(tx: Db, id: string, fields: Partial<Pick<Plan, 'opensAt' | 'closesAt' | 'fee'>>): Promise<PlanRecord> {
  const [row] = await tx.update(plans).set(fields).where(eq(plans.id, id)).returning();
  return toRecord(row!);
}

/** Whether any application of the plan has entered feePayment, whose notice states the fee (四). */
export async function feeNoticeSent(tx: Db, planId: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql`1` })
    .from(applications)
    .innerJoin(applicationEvents, eq(applicationEvents.applicationId, applications.id))
    .where(and(eq(applications.planId, planId), eq(applicationEvents.toState, 'feePayment')))
    .limit(1);
  return row !== undefined;
}
