import type { Sender } from '../../machines/events';

export type Actor = { sub: string; role: Sender; unitId: string | null };

export const systemActor: Actor = { sub: 'system', role: 'system', unitId: null };

/** Object-level access (SPEC §1): applicants see their own, units their unit's, the bureau all. */
export function canSee(actor: Actor, app: { idNumber: string; unitId: string }): boolean {
  switch (actor.role) {
    case 'applicant': return app.idNumber === actor.sub;
    case 'unit': return app.unitId === actor.unitId;
    default: return true;
  }
}
