import type { Actor } from '../../machines/events';

export const systemActor: Actor = { sub: 'system', role: 'system', unitId: null };

/** The service itself, sending its own event (PUBLICITY_ENDED) because an admin said so. */
export const actingFor = (admin: Actor, reason: string): Actor => ({ ...systemActor, onBehalfOf: { sub: admin.sub, reason } });

/** Which applications an actor may see (SPEC §1): applicants their own, units their unit's, the bureau all. */
export type Scope = { idNumber: string } | { unitId: string } | 'all';

/** The one visibility rule: `canSee` checks a row against it, the store turns it into a filter. */
export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'applicant':
      return { idNumber: actor.sub };
    case 'unit':
      return { unitId: actor.unitId ?? '' };
    default:
      return 'all';
  }
}

export function canSee(actor: Actor, app: { idNumber: string; unitId: string }): boolean {
  const scope = scopeOf(actor);
  if (scope === 'all') return true;
  return 'idNumber' in scope ? app.idNumber === scope.idNumber : app.unitId === scope.unitId;
}
