import type { ApplicationContext } from '../../machines/context';
import type { EventType } from '../../machines/events';
import { allowedEventsFor, restore, type Snapshot, stateName } from '../../machines/states';
import { type Actor, scopeOf } from '../auth/access';
import type { Db } from '../db/client';
import { AppError } from '../http/errors';
import { findApplication } from '../store/applications';

export type ApplicationView = {
  id: string;
  planId: string;
  idNumber: string;
  unitId: string;
  state: string;
  version: number;
  context: ApplicationContext;
  allowedEvents: EventType[];
  createdAt: Date;
  updatedAt: Date;
};

export function applicationView(
  a: { id: string; version: number; createdAt: Date | string; updatedAt: Date | string; snapshot: Snapshot },
  actor: Actor,
): ApplicationView {
  const { context } = a.snapshot;
  return {
    id: a.id,
    planId: context.plan.id,
    idNumber: context.idNumber,
    unitId: context.unitId,
    state: stateName(a.snapshot.value),
    version: a.version,
    context,
    allowedEvents: allowedEventsFor(a.snapshot, actor.role),
    createdAt: new Date(a.createdAt),
    updatedAt: new Date(a.updatedAt),
  };
}

/** The application if the caller may see it, snapshot restored; 404 otherwise, never revealing that it exists (SPEC §1). */
export async function visibleApplication(db: Db, id: string, actor: Actor) {
  const row = await findApplication(db, id, scopeOf(actor));
  if (!row) throw new AppError('NOT_FOUND');
  return { ...row, snapshot: restore(row.snapshot) };
}
