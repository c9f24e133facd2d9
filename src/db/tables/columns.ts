import { sql } from 'drizzle-orm';
import { customType, timestamp } from 'drizzle-orm/pg-core';

// No time column has a default: every timestamp comes from the service clock, which tests
// and the manual clock move (a database default would stamp the wall-clock time instead).
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull();
export const instant = (name: string) => timestamp(name, { withTimezone: true });
/** A PostgreSQL 64-bit transaction id, as its decimal string. */
export const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
export const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
/** bytea, for which drizzle 0.45 has no builder; both drivers hand back the bytes as a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
