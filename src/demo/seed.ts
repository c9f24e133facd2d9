import pino from 'pino';
import type { ApplicationContext } from '../../machines/context';
import { defaultVersion } from '../../machines/definitions';
import type { Actor } from '../../machines/events';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import { type Calendar, CalendarUnavailable } from '../../machines/rules/working-days';
import { publicityStates, stateName, stateNamesOf } from '../../machines/states';
import type { TokenService } from '../auth/jwt';
import { type Clock, ManualClock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { findApplication } from '../store/applications';
import { loadCalendar } from '../store/calendar';
import { createPlan, listPlans } from '../store/plans';
import { createUnit } from '../store/units';
import { applyTransition } from '../workflow/apply-transition';
import { createApplication } from '../workflow/create-application';
import { deliverOutbox } from '../workflow/outbox';
import { fireDueTimers } from '../workflow/timers';
import { demoApplicants, demoStaff } from './actors';
import { sampleFacts, samplePlan } from './samples';
import { type DemoRequest, demoApplicant, demoUnits, inProgress, pathTo, prng, type Rng, type StepName, seasonMix, steps } from './season';

// The demo season for `npm start` on an empty embedded database: about 300 applications of
// five units and both levels, in every state of the newest definition, over the last five
// months. Each is driven through the one transition path on a clock the seed moves, so
// every history replays to its snapshot; publicities end by the service's own timers.

const SEED = 2021;
const SEASON_DAYS = 150;
const DAY_MS = 86_400_000;

/** The applicant whose token the banner prints: their application waits for them to pay the fee. */
export const demoApplicantOf = (year: number) => {
  const { idNumber, facts } = seasonApplicants(year).find((a) => a.target === 'feePayment')!;
  return { idNumber, name: facts.name };
};

/** Every demo application: its applicant, unit, level and the state it ends in, in a fixed order. */
function seasonApplicants(year: number) {
  const rng = prng(SEED);
  const targets = Object.entries(seasonMix).flatMap(([state, n]) => Array.from({ length: n }, () => state));
  const named = new Map(demoApplicants.map((a) => [a.target, a]));
  return targets.map((target, n) => {
    let applicant = demoApplicant(n, year, rng);
    while (demoApplicants.some((a) => a.name === applicant.facts.name)) applicant = demoApplicant(n, year, rng);
    const a = {
      ...applicant,
      target,
      unitId: demoUnits[n % demoUnits.length]!.id,
      level: rng.chance(0.45) ? ('intermediate' as const) : ('junior' as const),
    };
    const who = named.get(target);
    if (!who) return a;
    named.delete(target);
    return { ...a, idNumber: who.id, facts: sampleFacts(who.name, who.id, year), unitId: 'U-DEMO-1', level: 'junior' as const };
  });
}

/** Seeds once (when there is no plan yet) and returns the lines to print: what was created and a token per role. */
export async function seedDemo(db: Db, clock: Clock, tokens: TokenService): Promise<string> {
  const now = clock.now();
  const year = Number(shanghaiDate(now.toISOString()).slice(0, 4));
  const notes: string[] = [];
  // Registered on every start, so a database seeded before the registry existed gets them too.
  for (const { id, ...unit } of demoUnits) await createUnit(db, id, unit, 'demo-seed', now);
  if ((await listPlans(db)).length === 0) {
    const started = performance.now();
    try {
      // All or nothing: a half-seeded database would be taken for a seeded one at the next start.
      const counts = await db.transaction((tx) => seedSeason(tx, now, year));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const perState = stateNamesOf(defaultVersion).map((s) => `${s} ${counts.get(s) ?? 0}`);
      notes.push(
        `Demo season: ${total} applications of ${demoUnits.length} units (${demoUnits.map((u) => u.id).join(', ')}) in the ${year} junior and intermediate plans, seeded in ${seconds} s:`,
        ...chunks(perState, 6).map((line) => `  ${line.join(', ')}`),
      );
    } catch (err) {
      const missing = missingCalendarYear(err);
      if (missing === undefined) throw err;
      notes.push(
        `No working-day calendar for ${missing} yet: load it with PUT /v1/calendar/${missing}, then restart to seed the demo season.`,
      );
    }
  }
  const applicant = demoApplicantOf(year);
  return [
    ...notes,
    'Demo tokens (valid 12 hours; send as "Authorization: Bearer <token>"):',
    `  applicant ${applicant.name} ${applicant.idNumber}: ${tokens.sign({ sub: applicant.idNumber, role: 'applicant' })}`,
    `  unit U-DEMO-1: ${tokens.sign({ sub: demoStaff.unit('U-DEMO-1').sub, role: 'unit', unitId: 'U-DEMO-1' })}`,
    `  hr:        ${tokens.sign({ sub: demoStaff.hr.sub, role: 'hr' })}`,
    `  committee: ${tokens.sign({ sub: demoStaff.committee.sub, role: 'committee' })}`,
    `  admin:     ${tokens.sign({ sub: demoStaff.admin.sub, role: 'admin' })}`,
  ].join('\n');
}

/** The year a failed seeding lacked a working-day calendar for, if that is why it failed. */
function missingCalendarYear(err: unknown): number | undefined {
  if (err instanceof CalendarUnavailable) return err.year;
  if (err instanceof AppError && err.code === 'CALENDAR_UNAVAILABLE') return (err.extensions as { year: number }).year;
  return undefined;
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Creates the plans and drives every demo application to its state; returns how many ended in each. */
async function seedSeason(tx: Db, now: Date, year: number): Promise<Map<string, number>> {
  const seasonStart = addDays(shanghaiDate(now.toISOString()), -SEASON_DAYS);
  // Open from 1 January, or from the season's start when that falls in the year before.
  const window = { opensAt: seasonStart < `${year}-01-01` ? seasonStart : `${year}-01-01`, closesAt: `${year}-12-31` };
  const plans = {
    junior: await createPlan(tx, samplePlan(year, 'junior', window), 'demo-seed', now),
    intermediate: await createPlan(tx, samplePlan(year, 'intermediate', window), 'demo-seed', now),
  };
  const calendar = await loadCalendar(tx);
  const rng = prng(SEED + 1);
  const counts = new Map<string, number>();
  for (const a of seasonApplicants(year)) {
    const start = Date.parse(shanghaiMidnight(seasonStart)) + rng.int(30) * DAY_MS;
    const clock = new ManualClock(new Date(workingMoment(start, rng, calendar)));
    const draft = await createApplication(
      tx,
      clock,
      { sub: a.idNumber, role: 'applicant', unitId: null },
      { planId: plans[a.level].id, unitId: a.unitId, facts: a.facts, materials: [] },
    );
    const actors = {
      applicant: { sub: a.idNumber, role: 'applicant', unitId: null } satisfies Actor,
      ...demoStaff,
      unit: demoStaff.unit(a.unitId),
    };
    const path = pathTo(a.target, rng);
    // A waiting application took its last step lately; a publicity still running began within its five working days;
    // paper copies awaited were asked for within the plan's days for them (issue 24); a fee awaited was noticed when the
    // qualification publicity ended, five working days after the copies arrived, and within the plan's days for it.
    const feeAwaited = a.target === 'feePayment';
    const recentWindow = publicityStates.includes(a.target) ? 2 * DAY_MS : a.target === 'paperSubmission' ? 5 * DAY_MS : 30 * DAY_MS;
    const recentAt = now.getTime() - (feeAwaited ? (10 + rng.int(3)) * DAY_MS : rng.int(recentWindow));
    const anchor = feeAwaited ? path.lastIndexOf('paperReceived') : path.at(-1) === 'raiseObjection' ? path.length - 2 : path.length - 1;
    let context: ApplicationContext = draft.context;
    let state = draft.state;
    for (const [i, name] of path.entries()) {
      const step = steps[name];
      let at = workingMoment(clock.now().getTime() + (i > anchor ? 3600_000 : 3600_000 + rng.int(3 * DAY_MS)), rng, calendar);
      if (step.notBefore) at = Math.max(at, workingMoment(Date.parse(step.notBefore(context)), rng, calendar));
      if (i === anchor && inProgress(a.target)) at = Math.max(at, workingMoment(recentAt, rng, calendar));
      at = Math.min(at, now.getTime() - (path.length - i) * 60_000);
      if (at < clock.now().getTime()) throw new Error(`demo season: ${a.target} does not fit in ${SEASON_DAYS} days`);
      clock.set(new Date(at));
      ({ context, state } = await takeStep(tx, clock, draft.id, name, context, actors, rng));
    }
    if (state !== a.target) throw new Error(`demo season: an application meant for ${a.target} ended in ${state}`);
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return counts;
}

/** The steps after which the service sends an SMS (fee notice, interview notice, materials returned). */
const notifying = new Set<StepName>(['publicityEnds', 'schedule', 'falsify', 'revoke']);
const silent = pino({ enabled: false });

async function takeStep(
  tx: Db,
  clock: ManualClock,
  id: string,
  name: StepName,
  context: ApplicationContext,
  actors: Record<DemoRequest['role'], Actor>,
  rng: Rng,
): Promise<{ context: ApplicationContext; state: string }> {
  let result = { context, state: '' };
  const requests = steps[name].requests(context, shanghaiDate(clock.now().toISOString()), rng);
  for (const { role, body } of requests) {
    const done = await applyTransition(tx, clock, { applicationId: id, actor: actors[role], body });
    result = { context: done.context, state: done.state };
    clock.set(new Date(clock.now().getTime() + 60_000));
  }
  // The publicity ends by the service's durable timer, fired as the running service would.
  if (requests.length === 0) await fireDueTimers(tx, clock, silent);
  // The season's text messages went out when they fell due; the starting service has none left to send.
  if (notifying.has(name)) await deliverOutbox(tx, clock, async () => {});
  if (requests.length > 0) return result;
  const stored = (await findApplication(tx, id, 'all'))!;
  return { context: stored.snapshot.context, state: stateName(stored.snapshot.value) };
}

/** The first moment at or after `ms` within office hours (09:00–17:00 Shanghai) of a working day, a little varied. */
function workingMoment(ms: number, rng: Rng, calendar: Calendar): number {
  const hour = (ms / 3600_000 + 8) % 24;
  let date = shanghaiDate(new Date(ms).toISOString());
  let moved = hour >= 17;
  if (moved) date = addDays(date, 1);
  while (!calendar.isWorkday(date)) {
    date = addDays(date, 1);
    moved = true;
  }
  return moved || hour < 9 ? Date.parse(shanghaiMidnight(date)) + (9 * 60 + rng.int(150)) * 60_000 : ms;
}
