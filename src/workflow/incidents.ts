import type { Actor } from '../../machines/events';
import { shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import { CalendarUnavailable, workingDayBefore } from '../../machines/rules/working-days';
import { closedStates, stateNames } from '../../machines/states';
import { actingFor } from '../auth/access';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { recordAction } from '../store/audit';
import { loadCalendar } from '../store/calendar';
import { lockTimerIncident, messageExists, settleMessage, timerExists } from '../store/incidents';
import { applyTransition, type TransitionResult } from './apply-transition';

// The admin's actions on incidents. Each is recorded with who, when and why in the same
// transaction as its effect, and a refused action writes nothing, the record included.

/** States an application waits in for someone to act: not a draft (the applicant's own pace), not ended, not certified. */
export const watchedStates: readonly string[] = stateNames.filter((s) => s !== 'draft' && s !== 'certified' && !closedStates.includes(s));

/** Applications last changed before this instant have been idle `days` full working days by `now`. */
export async function idleCutoff(db: Db, now: Date, days: number): Promise<Date> {
  try {
    return new Date(shanghaiMidnight(workingDayBefore(shanghaiDate(now.toISOString()), await loadCalendar(db), days)));
  } catch (err) {
    if (err instanceof CalendarUnavailable) throw new AppError('CALENDAR_UNAVAILABLE', { year: err.year });
    throw err;
  }
}

/** Fires a refused or failing timer now, through the one transition path; the machine's own checks still apply. */
export async function retryTimer(db: Db, clock: Clock, id: number, admin: Actor, reason: string): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const timer = await lockTimerIncident(tx, id, clock.now());
    if (!timer) {
      if (await timerExists(tx, id))
        throw new AppError('INCIDENT_CLOSED', { reason: 'the timer fired, was cancelled, or another timer will end the publicity' });
      throw new AppError('NOT_FOUND');
    }
    const result = await applyTransition(tx, clock, {
      applicationId: timer.applicationId,
      body: { type: timer.eventType },
      actor: actingFor(admin, reason),
      // Retried by hand, it fires now: its due time is long past.
      timer: { id: timer.id, dueAt: clock.now() },
    });
    await recordAction(tx, {
      action: 'timer.retry',
      target: String(id),
      actor: admin.sub,
      reason,
      details: { applicationId: timer.applicationId, event: result.event },
      at: clock.now(),
    });
    return result;
  });
}

/** Ends a publicity nothing else will end (a refused or lost timer), as the service's own PUBLICITY_ENDED on the admin's word. */
export async function endPublicity(db: Db, clock: Clock, applicationId: string, admin: Actor, reason: string): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const result = await applyTransition(tx, clock, { applicationId, body: { type: 'PUBLICITY_ENDED' }, actor: actingFor(admin, reason) });
    await recordAction(tx, {
      action: 'publicity.end',
      target: applicationId,
      actor: admin.sub,
      reason,
      details: { event: result.event },
      at: clock.now(),
    });
    return result;
  });
}

/** Sends a given-up notice round again, or gives it up for good. */
export async function settleGivenUpMessage(db: Db, clock: Clock, id: number, how: 'retry' | 'dismiss', admin: Actor, reason: string) {
  return db.transaction(async (tx) => {
    const at = clock.now();
    if (!(await settleMessage(tx, id, how, at))) {
      if (await messageExists(tx, id))
        throw new AppError('INCIDENT_CLOSED', { reason: 'the message was delivered, dismissed, or is still being retried' });
      throw new AppError('NOT_FOUND');
    }
    return recordAction(tx, {
      action: how === 'retry' ? 'message.retry' : 'message.dismiss',
      target: String(id),
      actor: admin.sub,
      reason,
      details: {},
      at,
    });
  });
}
