import type { ApplicationContext } from '../../machines/context';
import { defaultVersion } from '../../machines/definitions';
import type { Actor } from '../../machines/events';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import { type Calendar, CalendarUnavailable } from '../../machines/rules/working-days';
import { publicityStates, stateName, stateNamesOf } from '../../machines/states';
import { systemActor } from '../auth/access';
import type { TokenService } from '../auth/jwt';
import { type Clock, ManualClock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { loadCalendar } from '../store/calendar';
import { markSentAsWritten } from '../store/outbox';
import { listPlans } from '../store/plans';
import { type DueTimer, pendingTimersOf } from '../store/timers';
import { loadManyForTransition } from '../store/transition-read';
import { recordTransitions, type TransitionRequest } from '../workflow/apply-transition';
import { createApplication } from '../workflow/create-application';
import { createPlan } from '../workflow/create-plan';
import { registerUnit } from '../workflow/unit-registry';
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
  const { seeding } = await startDemo(db, clock);
  return [...((await seeding) ?? []), ...demoTokenLines(tokens, clock)].join('\n');
}

/**
 * Registers the demo units (on every start, so a database seeded before the registry existed
 * gets them too) and, on a database without a plan, starts seeding the season: `seeding` ends
 * with the lines that say what was created.
 */
export async function startDemo(db: Db, clock: Clock): Promise<{ seeding?: Promise<string[]> }> {
  const now = clock.now();
  for (const { id, ...unit } of demoUnits) await registerUnit(db, id, unit, 'demo-seed', now);
  if ((await listPlans(db)).length > 0) return {};
  return { seeding: seedOnce(db, now) };
}

async function seedOnce(db: Db, now: Date): Promise<string[]> {
  const year = yearOf(now);
  const started = performance.now();
  try {
    // All or nothing: a half-seeded database would be taken for a seeded one at the next start.
    const counts = await db.transaction((tx) => seedSeason(tx, now, year));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const perState = stateNamesOf(defaultVersion).map((s) => `${s} ${counts.get(s) ?? 0}`);
    return [
      `Demo season: ${total} applications of ${demoUnits.length} units (${demoUnits.map((u) => u.id).join(', ')}) in the ${year} junior and intermediate plans, seeded in ${seconds} s:`,
      ...chunks(perState, 6).map((line) => `  ${line.join(', ')}`),
    ];
  } catch (err) {
    const missing = missingCalendarYear(err);
    if (missing === undefined) throw err;
    return [`No working-day calendar for ${missing} yet: load it with PUT /v1/calendar/${missing}, then restart to seed the demo season.`];
  }
}

const yearOf = (now: Date) => Number(shanghaiDate(now.toISOString()).slice(0, 4));

/** A token per demo role, the applicant's one whose fee is due: they need nothing from the database. */
export function demoTokenLines(tokens: TokenService, clock: Clock): string[] {
  const applicant = demoApplicantOf(yearOf(clock.now()));
  return [
    'Demo tokens (valid 12 hours; send as "Authorization: Bearer <token>"):',
    `  applicant ${applicant.name} ${applicant.idNumber}: ${tokens.sign({ sub: applicant.idNumber, role: 'applicant' })}`,
    `  unit U-DEMO-1: ${tokens.sign({ sub: demoStaff.unit('U-DEMO-1').sub, role: 'unit', unitId: 'U-DEMO-1' })}`,
    `  hr:        ${tokens.sign({ sub: demoStaff.hr.sub, role: 'hr' })}`,
    `  committee: ${tokens.sign({ sub: demoStaff.committee.sub, role: 'committee' })}`,
    `  admin:     ${tokens.sign({ sub: demoStaff.admin.sub, role: 'admin' })}`,
  ];
}

/** The year a failed seeding lacked a working-day calendar for, if that is why it failed. */
function missingCalendarYear(err: unknown): number | undefined {
  if (err instanceof CalendarUnavailable) return err.year;
  if (err instanceof AppError && err.code === 'CALENDAR_UNAVAILABLE') return (err.extensions as { year: number }).year;
  return undefined;
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** One application on its way: its own clock and dice, its path, and the step it is in. */
type Walk = {
  id: string;
  target: string;
  rng: Rng;
  clock: ManualClock;
  actors: Record<DemoRequest['role'], Actor>;
  path: StepName[];
  /** The step taken last (or -1), and what it still has to send; `timer` when the service's own timer takes it. */
  step: number;
  queue: DemoRequest[];
  timer: boolean;
  /** The step that puts it in its final state takes place lately, if it is to be waiting there; the fee awaited is dated by its notice. */
  anchor: number;
  recentAt: number;
  context: ApplicationContext;
  state: string;
};

/**
 * Creates the plans and drives every demo application to its state; returns how many ended in each.
 *
 * Every application walks on its own clock, and the walks go in step: each round sends the next
 * event of every walk as one batch through the transition path (one read and one write for
 * all, as the timer worker does), a publicity ending by that application's own timer: as many
 * rounds as the longest walk has events (17), instead of 2,300 transitions one at a time.
 */
async function seedSeason(tx: Db, now: Date, year: number): Promise<Map<string, number>> {
  const seasonStart = addDays(shanghaiDate(now.toISOString()), -SEASON_DAYS);
  // Open from 1 January, or from the season's start when that falls in the year before.
  const window = { opensAt: seasonStart < `${year}-01-01` ? seasonStart : `${year}-01-01`, closesAt: `${year}-12-31` };
  const plans = {
    junior: await createPlan(tx, samplePlan(year, 'junior', window), 'demo-seed', now),
    intermediate: await createPlan(tx, samplePlan(year, 'intermediate', window), 'demo-seed', now),
  };
  const calendar = await loadCalendar(tx);
  const walks: Walk[] = [];
  for (const [n, a] of seasonApplicants(year).entries()) {
    // Dice of its own, so that a walk does not depend on the others' order.
    const rng = prng(SEED + 1 + n);
    const start = Date.parse(shanghaiMidnight(seasonStart)) + rng.int(30) * DAY_MS;
    const clock = new ManualClock(new Date(workingMoment(start, rng, calendar)));
    const applicant = { sub: a.idNumber, role: 'applicant', unitId: null } satisfies Actor;
    const draft = await createApplication(tx, clock, applicant, {
      planId: plans[a.level].id,
      unitId: a.unitId,
      facts: a.facts,
      materials: [],
    });
    const path = pathTo(a.target, rng);
    // A waiting application took its last step lately; a publicity still running began within its five working days;
    // paper copies awaited were asked for within the plan's days for them (issue 24); a fee awaited was noticed when the
    // qualification publicity ended, five working days after the copies arrived, and within the plan's days for it.
    const feeAwaited = a.target === 'feePayment';
    const recentWindow = publicityStates.includes(a.target) ? 2 * DAY_MS : a.target === 'paperSubmission' ? 5 * DAY_MS : 30 * DAY_MS;
    walks.push({
      id: draft.id,
      target: a.target,
      rng,
      clock,
      actors: { applicant, ...demoStaff, unit: demoStaff.unit(a.unitId) },
      path,
      step: -1,
      queue: [],
      timer: false,
      recentAt: now.getTime() - (feeAwaited ? (10 + rng.int(3)) * DAY_MS : rng.int(recentWindow)),
      anchor: feeAwaited ? path.lastIndexOf('paperReceived') : path.at(-1) === 'raiseObjection' ? path.length - 2 : path.length - 1,
      context: draft.context,
      state: draft.state,
    });
  }
  const rules = { now, calendar };
  for (;;) {
    for (const w of walks) if (w.queue.length === 0 && !w.timer && w.step + 1 < w.path.length) beginStep(w, rules);
    const moving = walks.filter((w) => w.queue.length > 0 || w.timer);
    if (moving.length === 0) break;
    await takeRound(tx, now, moving);
  }
  await markSentAsWritten(tx);
  const counts = new Map<string, number>();
  for (const w of walks) {
    if (w.state !== w.target) throw new Error(`demo season: an application meant for ${w.target} ended in ${w.state}`);
    counts.set(w.state, (counts.get(w.state) ?? 0) + 1);
  }
  return counts;
}

/** Moves the walk's clock to its next step's moment and lines up what that step sends. */
function beginStep(w: Walk, { now, calendar }: { now: Date; calendar: Calendar }): void {
  const i = ++w.step;
  const name = w.path[i]!;
  const step = steps[name];
  const { rng, clock, path } = w;
  let at = workingMoment(clock.now().getTime() + (i > w.anchor ? 3600_000 : 3600_000 + rng.int(3 * DAY_MS)), rng, calendar);
  if (step.notBefore) at = Math.max(at, workingMoment(Date.parse(step.notBefore(w.context)), rng, calendar));
  if (i === w.anchor && inProgress(w.target)) at = Math.max(at, workingMoment(w.recentAt, rng, calendar));
  at = Math.min(at, now.getTime() - (path.length - i) * 60_000);
  if (at < clock.now().getTime()) throw new Error(`demo season: ${w.target} does not fit in ${SEASON_DAYS} days`);
  clock.set(new Date(at));
  w.queue = steps[name].requests(w.context, shanghaiDate(clock.now().toISOString()), rng);
  // The publicity ends by the service's durable timer, fired as the running service would.
  w.timer = w.queue.length === 0;
}

/** The next event of every moving walk, as one batch; then the state each walk stands in. */
async function takeRound(tx: Db, now: Date, moving: Walk[]): Promise<void> {
  const due = new Map<string, DueTimer>();
  for (const t of await pendingTimersOf(
    tx,
    moving.filter((w) => w.timer).map((w) => w.id),
  ))
    if (!due.has(t.applicationId)) due.set(t.applicationId, t);
  const requests = moving.map((w): TransitionRequest => {
    if (w.timer) {
      const timer = due.get(w.id);
      if (!timer || timer.dueAt > w.clock.now()) throw new Error(`demo season: no timer due for ${w.target} at step ${w.path[w.step]}`);
      return { applicationId: w.id, body: { type: timer.eventType }, actor: systemActor, timer: { id: timer.id, dueAt: timer.dueAt } };
    }
    const { role, body } = w.queue.shift()!;
    const at = w.clock.now();
    w.clock.set(new Date(at.getTime() + 60_000));
    return { applicationId: w.id, body, actor: w.actors[role], at };
  });
  const outcomes = await recordTransitions(tx, new ManualClock(now), requests);
  for (const [i, outcome] of outcomes.entries())
    if (outcome instanceof AppError) throw new Error(`demo season: ${moving[i]!.path[moving[i]!.step]} refused (${outcome.code})`);
  const stepped = moving.filter((w) => w.timer || w.queue.length === 0);
  const rows = await loadManyForTransition(
    tx,
    stepped.map((w) => w.id),
    false,
  );
  for (const w of stepped) {
    const { snapshot } = rows.get(w.id)!;
    w.context = snapshot.context as ApplicationContext;
    w.state = stateName(snapshot.value);
    w.timer = false;
  }
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
