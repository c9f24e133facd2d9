import { eq, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/access';
import { applications } from '../db/schema';

/** Rows of `applications` the scope may see, as SQL: the same rule as `canSee`. */
export function visibleTo(scope: Scope): SQL | undefined {
  if (scope === 'all') return undefined;
  return 'idNumber' in scope ? eq(applications.idNumber, scope.idNumber) : eq(applications.unitId, scope.unitId);
}
