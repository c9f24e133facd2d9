import { randomInt } from 'node:crypto';
import type { ApplicationContext } from '../../machines/context';
import type { ClientPayload, EventType, MachineEvent, ServiceFacts } from '../../machines/events';
import { bansCovering } from '../../machines/rules/ban-window';
import { shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import type { PlanWindow } from '../../machines/rules/plan-window';
import { DEFAULT_RESUBMIT_WORKING_DAYS, resubmitBy } from '../../machines/rules/resubmission';
import { CalendarUnavailable, publicityEndsOn } from '../../machines/rules/working-days';
import { CODE_ALPHABET } from '../../machines/verification-code';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { StandingBan } from '../store/applications';
import { loadCalendar } from '../store/calendar';
import { supplementUploadsSince } from '../store/supplement-uploads';

/**
 * What the service knows when an event arrives: the database, the application, the day, the person's standing bans,
 * and the files the request itself stored (the upload route), the only new ones a draft may list.
 */
type Source = {
  db: Db;
  context: ApplicationContext;
  today: string;
  standingBans: StandingBan[];
  planWindow: PlanWindow;
  planFee: number;
  uploaded: readonly string[];
};

/**
 * Events whose facts include the plan's fee: their read locks the plan's row for share, so the
 * fee a notice states cannot change before the notice commits (a fee edit locks the plan and
 * refuses once a notice went out).
 */
export const readsPlanFee = (type: EventType) => type === 'PUBLICITY_ENDED';

/** The bans that bar this application's plan year (五(四)). */
export const activeBans = (context: ApplicationContext, standing: StandingBan[]): ServiceFacts['SUBMIT']['activeBans'] =>
  bansCovering(
    standing.map((b) => ({ ...b, liftedAt: null })),
    context.plan.year,
  ).map(({ fromYear, toYear }) => ({ fromYear, toYear }));

/** 8 symbols of 32, 40 bits: typed back from paper, and only ever checked against one application. */
const REVIEW_FORM_CODE_LENGTH = 8;
const newCode = (length: number) => Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** Qualification and result publicity start on the day they are recorded (三(三)) and last 5 working days. */
const platformPublicityEnd = async ({ db, today }: Source) => ({
  publicityEndsAt: shanghaiMidnight(publicityEndsOn(today, await loadCalendar(db))),
});

/** One entry per event that carries service facts: the mapped type makes a forgotten one a compile error. */
const sources: { [T in keyof ServiceFacts]: (s: Source, body: ClientPayload<T>) => Promise<ServiceFacts[T]> } = {
  UPDATE_DRAFT: async ({ uploaded }) => ({ uploaded: [...uploaded] }),
  // The files uploaded to this application since the supplement was asked for: only they can answer it.
  SUPPLEMENT_PROVIDED: async ({ db, context }) => ({
    uploaded: context.supplement ? await supplementUploadsSince(db, context.applicationId, new Date(context.supplement.requestedAt)) : [],
  }),
  SUBMIT: async ({ context, standingBans, planWindow }) => ({ activeBans: activeBans(context, standingBans), planWindow }),
  START_UNIT_PUBLICITY: async ({ db }, body) => ({ endsOn: publicityEndsOn(body.startDate, await loadCalendar(db)) }),
  RETURN_TO_APPLICANT: async ({ db, context, today }) => ({
    // Plans from before resubmission windows existed carry none: the default applies.
    resubmitBy: resubmitBy(today, await loadCalendar(db), context.plan.resubmitWorkingDays ?? DEFAULT_RESUBMIT_WORKING_DAYS),
  }),
  AUDIT_APPROVE: async () => ({ reviewFormCode: newCode(REVIEW_FORM_CODE_LENGTH) }),
  PAPER_RECEIVED: platformPublicityEnd,
  REVIEW_PASS: platformPublicityEnd,
  PUBLICITY_ENDED: async ({ planFee }) => ({ fee: planFee }),
};

const hasSource = (type: EventType): type is keyof ServiceFacts => type in sources;

/** The client's body as the machine receives it: stamped with the time and completed with the service's facts. */
export async function machineEvent(
  db: Db,
  app: { snapshot: { context: ApplicationContext }; standingBans: StandingBan[]; planWindow: PlanWindow; planFee: number },
  body: { type: EventType },
  at: string,
  uploaded: readonly string[] = [],
): Promise<MachineEvent> {
  const { type } = body;
  if (!hasSource(type)) return { ...body, at } as MachineEvent;
  const { standingBans, planWindow, planFee } = app;
  const source: Source = { db, context: app.snapshot.context, today: shanghaiDate(at), standingBans, planWindow, planFee, uploaded };
  try {
    const facts = await (sources[type] as (s: Source, b: unknown) => Promise<object>)(source, body);
    return { ...body, ...facts, at } as MachineEvent;
  } catch (err) {
    if (err instanceof CalendarUnavailable) throw new AppError('CALENDAR_UNAVAILABLE', { year: err.year });
    throw err;
  }
}
