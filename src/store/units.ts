import { and, asc, eq, gt, ilike, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../db/schema';

export type Unit = typeof units.$inferSelect;
export const unitFieldNames = ['name', 'inCixi', 'unitType'] as const;
export type UnitFields = Pick<Unit, (typeof unitFieldNames)[number]>;

/** The new unit; undefined when the id is taken. */
export async function insertUnit(tx: Db, id: string, fields: UnitFields, by: string, at: Date): Promise<Unit | undefined> {
  const [row] = await tx
    .insert(units)
    .values({ id, ...fields, createdBy: by, createdAt: at, updatedBy: by, updatedAt: at })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** The unit, locked for this transaction (an edit). */
export async function lockUnit(tx: Db, id: string): Promise<Unit | undefined> {
  const [row] = await tx.select().from(units).where(eq(units.id, id)).for('update');
  return row;
}

export async function updateUnit(tx: Db, id: string, fields: Partial<UnitFields>, by: string, at: Date): Promise<Unit> {
  const [row] = await tx
    .update(units)
    .set({ ...fields, updatedBy: by, updatedAt: at })
    .where(eq(units.id, id))
    .returning();
  return row!;
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
