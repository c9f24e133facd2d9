import { initialTransition } from 'xstate';
import type { ApplicationInput } from '../../machines/context';
import { defaultVersion, definitionOf } from '../../machines/definitions';
import type { Actor } from '../../machines/events';
import type { Facts, Material } from '../../machines/facts';
import { birthDateOf } from '../../machines/rules/id-number';
import { persist, stateName } from '../../machines/states';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { uuidv7 } from '../db/uuid';
import { AppError } from '../errors';
import type { Lang } from '../http/problem';
import { insertApplication } from '../store/applications';
import { bansOf } from '../store/bans';
import { planOf } from '../store/plans';
import { unitOf } from '../store/units';
import { type ApplicationView, applicationView } from './view';

export type CreateApplication = { planId: string; unitId: string; facts: Facts; materials: Material[] };

/** A new draft, recorded as event 0 (`xstate.init` with its input) so history replays from nothing. */
export async function createApplication(
  db: Db,
  clock: Clock,
  actor: Actor,
  body: CreateApplication,
  lang: Lang = 'zh',
): Promise<ApplicationView> {
  const plan = await planOf(db, body.planId);
  if (!plan) throw AppError.invalid('body', '/planId', 'no such plan');
  // The unit decides who reviews the application (三(一)2): it must be one the bureau registered.
  if (!(await unitOf(db, body.unitId))) throw new AppError('UNKNOWN_UNIT', { unitId: body.unitId });
  if (body.facts.birthDate !== birthDateOf(actor.sub))
    throw AppError.invalid('body', '/facts/birthDate', 'does not match the birth date in the ID number');
  // A new draft holds no file yet: materials are uploaded to it afterwards.
  if (body.materials.length > 0) throw new AppError('MATERIAL_NOT_UPLOADED', { sha256: body.materials.map((m) => m.sha256) });
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
  const definitionVersion = plan.definitionVersion ?? defaultVersion;
  const [snapshot] = initialTransition(definitionOf(definitionVersion).machine, input);
  const inserted = await insertApplication(db, {
    id,
    planId: plan.id,
    idNumber: actor.sub,
    unitId: body.unitId,
    state: stateName(snapshot.value),
    snapshot: persist(snapshot),
    createdAt,
    actor,
    definitionVersion,
    initEvent: { type: 'xstate.init', input, definitionVersion },
  });
  if (!inserted) throw new AppError('DUPLICATE_APPLICATION', { planId: plan.id });
  const standingBans = (await bansOf(db, actor.sub)).filter((b) => b.liftedAt === null);
  return applicationView(
    {
      id,
      version: 0,
      definitionVersion,
      createdAt,
      updatedAt: createdAt,
      snapshot,
      standingBans,
      planWindow: { opensAt: plan.opensAt, closesAt: plan.closesAt },
    },
    actor,
    createdAt.toISOString(),
    lang,
  );
}
