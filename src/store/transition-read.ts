import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { applications, idempotencyKeys, plans } from '../db/schema';
import { type StoredApplication, standingBansOf } from './applications';
import { col, compile, param, run, uuidParam } from './exec';

// What a transition reads: the application, the answer already given to the request's
// Idempotency-Key, the applicant's standing bans and the plan as it stands, in one round trip.

/**
 * The row a transition starts from, with the answer already given to this Idempotency-Key, if
 * any, and the plan's fee as it stands now.
 */
export type TransitionRow = StoredApplication & { replay: { requestHash: string; response: unknown } | null; planFee: number };

const loadSelect = (where: SQL) => sql`
  select a.${col(applications.id)} as "id", a.${col(applications.snapshot)} as "snapshot", a.${col(applications.version)} as "version",
         a.${col(applications.definitionVersion)} as "definitionVersion", a.${col(applications.idNumber)} as "idNumber", a.${col(applications.unitId)} as "unitId",
         a.${col(applications.createdAt)} as "createdAt", a.${col(applications.updatedAt)} as "updatedAt",
         i.${col(idempotencyKeys.requestHash)} as "requestHash", i.${col(idempotencyKeys.response)} as "response",
         ${standingBansOf(sql`a.${col(applications.idNumber)}`)} as "standingBans",
         json_build_object('opensAt', p.${col(plans.opensAt)}, 'closesAt', p.${col(plans.closesAt)}) as "planWindow",
         p.${col(plans.fee)} as "planFee"
  from ${applications} a
  join ${plans} p on p.${col(plans.id)} = a.${col(applications.planId)}
  left join ${idempotencyKeys} i on i.${col(idempotencyKeys.actor)} = ${param('actor')} and i.${col(idempotencyKeys.key)} = ${param('key')}
  where ${where}`;
const one = sql`a.${col(applications.id)} = ${uuidParam('id')}`;
const many = sql`a.${col(applications.id)} = any(${param('ids')}::uuid[])`;
// A fee edit locks the plan and refuses once a notice stated the fee (edit-plan.ts): read
// under a share lock, the fee a notice states cannot change before the notice commits.
const sharingPlan = (query: SQL) => sql`${query} for share of p`;
const loadQueries = {
  one: compile(loadSelect(one)),
  oneSharingPlan: compile(sharingPlan(loadSelect(one))),
  many: compile(loadSelect(many)),
  manySharingPlan: compile(sharingPlan(loadSelect(many))),
};

type RawTransitionRow = Omit<StoredApplication, 'createdAt' | 'updatedAt'> & {
  planFee: number;
  createdAt: string | Date;
  updatedAt: string | Date;
  requestHash: string | null;
  response: unknown;
};

function transitionRow({ requestHash, response, ...app }: RawTransitionRow): TransitionRow {
  return {
    ...app,
    createdAt: new Date(app.createdAt),
    updatedAt: new Date(app.updatedAt),
    replay: requestHash === null ? null : { requestHash, response },
  };
}

/**
 * One round trip: the application and any answer recorded for (actor, Idempotency-Key); with
 * `sharePlan`, the plan's row locked for share until the transaction ends.
 */
export async function loadForTransition(
  db: Db,
  id: string,
  idempotency: { actor: string; key: string } | null,
  sharePlan = false,
): Promise<TransitionRow | undefined> {
  const query = sharePlan ? loadQueries.oneSharingPlan : loadQueries.one;
  const [row] = await run<RawTransitionRow>(db, query, { id, actor: idempotency?.actor ?? null, key: idempotency?.key ?? null });
  return row && transitionRow(row);
}

/** Several applications in one round trip, by id, for callers without an Idempotency-Key (the timer worker). */
export async function loadManyForTransition(db: Db, ids: string[], sharePlan: boolean): Promise<Map<string, TransitionRow>> {
  const query = sharePlan ? loadQueries.manySharingPlan : loadQueries.many;
  // As an array literal: both drivers send text alike (uuids need no quoting).
  const rows = await run<RawTransitionRow>(db, query, { ids: `{${ids.join(',')}}`, actor: null, key: null });
  return new Map(rows.map((r) => [r.id, transitionRow(r)]));
}
