import { and, asc, eq, gt, ilike, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { recordAction } from './audit';

export type Unit = typeof units.$inferSelect;
const unitFieldNames = ['name', 'inCixi', 'unitType'] as const;
export type UnitFields = Pick<Unit, (typeof unitFieldNames)[number]>;

/** The new unit, recorded in admin_actions; undefined when the id is taken. */
export async function createUnit(db: Db, id: string, fields: UnitFields, by: string, at: Date): Promise<Unit | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(units)
      .values({ id, ...fields, createdBy: by, createdAt: at, updatedBy: by, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (row) await recordAction(tx, { action: 'unit.create', target: id, actor: by, reason: null, details: { ...fields }, at });
    return row;
  });
}

/** The edited unit with the change recorded in admin_actions, or undefined when there is no such unit. */
export async function editUnit(db: Db, id: string, fields: Partial<UnitFields>, by: string, at: Date): Promise<Unit | undefined> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(units).where(eq(units.id, id)).for('update');
    if (!before) return undefined;
    const [after] = await tx
      .update(units)
      .set({ ...fields, updatedBy: by, updatedAt: at })
      .where(eq(units.id, id))
      .returning();
    const edited = unitFieldNames.filter((k) => fields[k] !== undefined);
    const changes = Object.fromEntries(edited.map((k) => [k, { from: before[k], to: after![k] }]));
    await recordAction(tx, { action: 'unit.edit', target: id, actor: by, reason: null, details: { changes }, at });
    return after;
  });
}

export async function unitOf(db: Db, id: string): Promise<Unit | undefined> {
  const [row] = await db.select().from(units).where(eq(units.id, id));
  return row;
}

/** Units by id, keyset-paginated; `q` matches id or name anywhere (the registry is small). */
export async function listUnits(db: Db, f: { q?: string; cursor?: string; limit: number }) {
  const pattern = f.q && `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const page = await db
    .select()
    .from(units)
    .where(
      and(pattern ? or(ilike(units.id, pattern), ilike(units.name, pattern)) : undefined, f.cursor ? gt(units.id, f.cursor) : undefined),
    )
    .orderBy(asc(units.id))
    .limit(f.limit + 1);
  const items = page.slice(0, f.limit);
  return { items, nextCursor: page.length > f.limit ? items.at(-1)!.id : null };
}

/**
 * Whether a unit is registered. Units are never deleted, so a unit once found stays
 * registered and is remembered; only unknown ids reach the database again.
 */
export function registeredUnits(db: Db): (id: string) => Promise<boolean> {
  const known = new Set<string>();
  return async (id) => {
    if (known.has(id)) return true;
    if (!(await unitOf(db, id))) return false;
    known.add(id);
    return true;
  };
}
