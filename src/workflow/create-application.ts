import { initialTransition } from 'xstate';
import { applicationMachine } from '../../machines/application';
import type { ApplicationInput } from '../../machines/context';
import type { Facts, Material } from '../../machines/facts';
import { birthDateOf } from '../../machines/rules/id-number';
import { persist, stateName } from '../../machines/states';
import type { Actor } from '../auth/access';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { uuidv7 } from '../db/uuid';
import { AppError } from '../http/errors';
import { insertApplication } from '../store/applications';
import { planOf } from '../store/plans';
import { unitOf } from '../store/units';
import { type ApplicationView, applicationView } from './view';

export type CreateApplication = { planId: string; unitId: string; facts: Facts; materials: Material[] };

/** A new draft, recorded as event 0 (`xstate.init` with its input) so history replays from nothing. */
export async function createApplication(db: Db, clock: Clock, actor: Actor, body: CreateApplication): Promise<ApplicationView> {
  const plan = await planOf(db, body.planId);
  if (!plan) throw AppError.invalid('body', '/planId', 'no such plan');
  // The unit decides who reviews the application (三(一)2): it must be one the bureau registered.
  if (!(await unitOf(db, body.unitId))) throw new AppError('UNKNOWN_UNIT', { unitId: body.unitId });
  if (body.facts.birthDate !== birthDateOf(actor.sub))
    throw AppError.invalid('body', '/facts/birthDate', 'does not match the birth date in the ID number');
  const id = uuidv7();
  const createdAt = clock.now();
  const input: ApplicationInput = {
    applicationId: id,
    idNumber: actor.sub,
    unitId: body.unitId,
    plan,
    facts: body.facts,
    materials: body.materials,
  };
  const [snapshot] = initialTransition(applicationMachine, input);
  const inserted = await insertApplication(db, {
    id,
    planId: plan.id,
    idNumber: actor.sub,
    unitId: body.unitId,
    state: stateName(snapshot.value),
    snapshot: persist(snapshot),
    createdAt,
    actor,
    initEvent: { type: 'xstate.init', input },
  });
  if (!inserted) throw new AppError('DUPLICATE_APPLICATION', { planId: plan.id });
  return applicationView({ id, version: 0, createdAt, updatedAt: createdAt, snapshot }, actor);
}
