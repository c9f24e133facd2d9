import { sql } from 'drizzle-orm';
import { initialTransition } from 'xstate';
import { applicationMachine, type ApplicationInput } from '../../machines/application';
import type { Facts, Material, Plan } from '../../machines/facts';
import { birthDateOf } from '../../machines/rules/id-number';
import type { Actor } from '../auth/access';
import type { Clock } from '../clock';
import { isUniqueViolation, rows, type Db } from '../db/client';
import { AppError } from '../http/errors';
import { uuidv7 } from '../db/uuid';
import { planOf } from '../plans/repository';
import { persist, stateName } from './snapshot';
import { applicationView, type ApplicationView } from './view';

export type CreateApplication = { planId: string; unitId: string; facts: Facts; materials: Material[] };

/** A new draft, recorded as event 0 (`xstate.init` with its input) so history replays from nothing. */
export async function createApplication(db: Db, clock: Clock, actor: Actor, body: CreateApplication): Promise<ApplicationView> {
  const plan: Plan | undefined = await planOf(db, body.planId);
  if (!plan) throw new AppError('VALIDATION_FAILED', { errors: [{ path: 'planId', message: 'no such plan' }] });
  if (body.facts.birthDate !== birthDateOf(actor.sub)) {
    throw new AppError('VALIDATION_FAILED', { errors: [{ path: 'facts.birthDate', message: 'does not match the birth date in the ID number' }] });
  }
  const id = uuidv7();
  const at = clock.now().toISOString();
  const input: ApplicationInput = { applicationId: id, idNumber: actor.sub, unitId: body.unitId, plan, facts: body.facts, materials: body.materials };
  const [snapshot] = initialTransition(applicationMachine, input);
  const state = stateName(snapshot.value);
  try {
    await rows(db, sql`
      with app as (
        insert into applications (id, plan_id, id_number, unit_id, state, snapshot, version, created_at, updated_at)
        values (${id}::uuid, ${plan.id}::uuid, ${actor.sub}, ${body.unitId}, ${state}, ${JSON.stringify(persist(snapshot))}::jsonb, 0,
          ${at}::timestamptz, ${at}::timestamptz)
        returning id)
      insert into application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
      select id, 0, 'xstate.init', null, ${state}, ${JSON.stringify(actor)}::jsonb, ${at}::timestamptz,
        ${JSON.stringify({ type: 'xstate.init', input })}::jsonb from app`);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError('DUPLICATE_APPLICATION', { planId: plan.id });
  }
  return applicationView({ id, version: 0, createdAt: at, updatedAt: at, snapshot }, actor);
}
