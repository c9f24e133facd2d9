import type { Actor } from '../../machines/events';
import { restore } from '../../machines/states';
import { scopeOf } from '../auth/access';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { findApplication } from '../store/applications';

/** The application's row if the caller may see it; 404 otherwise, never revealing that it exists (SPEC §1). */
export async function visibleRow(db: Db, id: string, actor: Actor) {
  const row = await findApplication(db, id, scopeOf(actor));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** `visibleRow` with its snapshot restored on the machine definition it runs on. */
export async function visibleApplication(db: Db, id: string, actor: Actor) {
  const row = await visibleRow(db, id, actor);
  return { ...row, snapshot: restore(row.snapshot, row.definitionVersion) };
}
