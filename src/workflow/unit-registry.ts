import type { Db } from '../db/client';
import { recordAction } from '../store/audit';
import { insertUnit, lockUnit, type Unit, type UnitFields, unitFieldNames, updateUnit } from '../store/units';

// The units registry (用人单位): an admin registers and edits units, each change written with
// its record in admin_actions in one transaction.

/** The new unit, recorded in admin_actions; undefined when the id is taken. */
export async function registerUnit(db: Db, id: string, fields: UnitFields, by: string, at: Date): Promise<Unit | undefined> {
  return db.transaction(async (tx) => {
    const row = await insertUnit(tx, id, fields, by, at);
    if (row) await recordAction(tx, { action: 'unit.create', target: id, actor: by, reason: null, details: { ...fields }, at });
    return row;
  });
}

/** The edited unit with the change recorded in admin_actions, or undefined when there is no such unit. */
export async function editUnit(db: Db, id: string, fields: Partial<UnitFields>, by: string, at: Date): Promise<Unit | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockUnit(tx, id);
    if (!before) return undefined;
    const after = await updateUnit(tx, id, fields, by, at);
    const edited = unitFieldNames.filter((k) => fields[k] !== undefined);
    const changes = Object.fromEntries(edited.map((k) => [k, { from: before[k], to: after[k] }]));
    await recordAction(tx, { action: 'unit.edit', target: id, actor: by, reason: null, details: { changes }, at });
    return after;
  });
}
