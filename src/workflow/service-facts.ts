import type { ApplicationContext } from '../../machines/context';
import type { ClientPayload, EventType, MachineEvent, ServiceFacts } from '../../machines/events';
import { bansCovering } from '../../machines/rules/ban-window';
import { shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import { CalendarUnavailable, publicityEndsOn } from '../../machines/rules/working-days';
import type { Db } from '../db/client';
import { AppError } from '../http/errors';
import { bansOf } from '../store/bans';
import { loadCalendar } from '../store/calendar';
import { planFeeForNotice, planOf } from '../store/plans';

type Source = { db: Db; context: ApplicationContext; today: string };

/** Qualification and result publicity start on the day they are recorded (三(三)) and last 5 working days. */
const platformPublicityEnd = async ({ db, today }: Source) => ({
  publicityEndsAt: shanghaiMidnight(publicityEndsOn(today, await loadCalendar(db))),
});

/** Applications reference their plan (a foreign key), so it cannot be missing. */
function present<T>(value: T | undefined, planId: string): T {
  if (value === undefined) throw new Error(`plan ${planId} of an application is missing`);
  return value;
}

/** One entry per event that carries service facts: the mapped type makes a forgotten one a compile error. */
const sources: { [T in keyof ServiceFacts]: (s: Source, body: ClientPayload<T>) => Promise<ServiceFacts[T]> } = {
  SUBMIT: async ({ db, context }) => {
    const bans = bansCovering(await bansOf(db, context.idNumber), context.plan.year);
    const { opensAt, closesAt } = present(await planOf(db, context.plan.id), context.plan.id);
    return { activeBans: bans.map(({ fromYear, toYear }) => ({ fromYear, toYear })), planWindow: { opensAt, closesAt } };
  },
  START_UNIT_PUBLICITY: async ({ db }, body) => ({ endsOn: publicityEndsOn(body.startDate, await loadCalendar(db)) }),
  PAPER_RECEIVED: platformPublicityEnd,
  REVIEW_PASS: platformPublicityEnd,
  PUBLICITY_ENDED: async ({ db, context }) => ({ fee: present(await planFeeForNotice(db, context.plan.id), context.plan.id) }),
};

const hasSource = (type: EventType): type is keyof ServiceFacts => type in sources;

/** The client's body as the machine receives it: stamped with the time and completed with the service's facts. */
export async function machineEvent(db: Db, context: ApplicationContext, body: { type: EventType }, at: string): Promise<MachineEvent> {
  const { type } = body;
  if (!hasSource(type)) return { ...body, at } as MachineEvent;
  try {
    const facts = await (sources[type] as (s: Source, b: unknown) => Promise<object>)({ db, context, today: shanghaiDate(at) }, body);
    return { ...body, ...facts, at } as MachineEvent;
  } catch (err) {
    if (err instanceof CalendarUnavailable) throw new AppError('CALENDAR_UNAVAILABLE', { year: err.year });
    throw err;
  }
}
