// The season bench:lifecycle measures and bench:soak keeps up: an application taken from
// creation to certified through the service's HTTP API, as its applicant, its unit, the bureau
// and the committee would, every event followed by a read. The service runs a manual clock;
// each step says from when it may be taken (a publicity must have ended, an interview begun),
// and moving the clock past a publicity's end lets the service's timer end it.
import { addDays } from '../machines/rules/dates';
import { createTokenService } from '../src/auth/jwt';
import { sampleFacts, sampleIdNumber, samplePlan } from '../src/demo/samples';
import { type Service, UNIT } from './support';

/** A fixed start in a year whose working days are known (chinese-days ends with 2026): on the
 * wall clock a December run's publicities ran into a year without data (CALENDAR_UNAVAILABLE). */
const SEASON_START = Date.parse('2025-03-03T02:00:00.000Z');
const DAY = 86_400_000;

export type SeasonApp = {
  sub: string;
  applicant: string;
  id: string;
  unitPublicityEndsOn?: string;
  verificationCode?: string;
  publicityEndsAt?: string;
  interviewAt?: string;
};

type SeasonStep = {
  name: string;
  /** The earliest instant on the service's clock the step may be taken. */
  notBefore?: (a: SeasonApp) => number;
  take: (a: SeasonApp) => Promise<void>;
};

/** What the season's client saw of one request: its time, and the problem's code when refused. */
export type Answer = { path: string; ms: number; status: number; code?: string };

/** Refused while driving a season (the request, its status and problem). */
export class Refused extends Error {}

export type Season = Awaited<ReturnType<typeof openSeason>>;

/**
 * The bench unit and a junior plan on the service, its clock at SEASON_START, and the steps
 * that take an application through. `onAnswer` sees every request's answer; a refusal throws.
 */
export async function openSeason(service: Service, onAnswer: (a: Answer) => void = () => {}) {
  const tokens = createTokenService(service.secret);
  const staff = {
    unit: tokens.sign({ sub: 'bench-unit', role: 'unit', unitId: UNIT.id }),
    hr: tokens.sign({ sub: 'bench-hr', role: 'hr' }),
    committee: tokens.sign({ sub: 'bench-committee', role: 'committee' }),
  };
  const call = async (token: string, method: string, path: string, body?: unknown): Promise<Record<string, any>> => {
    const t0 = performance.now();
    const res = await fetch(`${service.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, any>;
    onAnswer({ path, ms: performance.now() - t0, status: res.status, code: res.ok ? undefined : json.code });
    if (!res.ok) throw new Refused(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  let now = SEASON_START;
  /** Moves the service's clock; answers once every timer then due has fired, with their number. */
  const setClock = async (to: number): Promise<number> => {
    now = to;
    return (await call(service.admin, 'POST', '/v1/test/clock', { now: new Date(to).toISOString() })).firedTimers;
  };
  const today = () => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  await setClock(now);
  await call(service.admin, 'POST', '/v1/units', UNIT);
  const year = new Date(now).getFullYear();
  const plan = await call(service.admin, 'POST', '/v1/plans', samplePlan(year, 'junior'));

  /** The `n`-th applicant: one ID number each, however many (1,000 a birth date). */
  const idNumber = (n: number) => sampleIdNumber(n % 1000, addDays('1980-01-01', Math.floor(n / 1000)));
  const applicant = (n: number): SeasonApp => {
    const sub = idNumber(n);
    return { sub, applicant: tokens.sign({ sub, role: 'applicant' }), id: '' };
  };

  const send = async (a: SeasonApp, token: string, type: string, payload: object = {}): Promise<Record<string, any>> => {
    const answer = await call(token, 'POST', `/v1/applications/${a.id}/events`, { type, ...payload });
    await call(token, 'GET', `/v1/applications/${a.id}`);
    return answer;
  };
  const steps: SeasonStep[] = [
    {
      name: 'create',
      take: async (a) => {
        const facts = sampleFacts('张伟', a.sub, year);
        a.id = (await call(a.applicant, 'POST', '/v1/applications', { planId: plan.id, unitId: UNIT.id, facts })).id;
        await call(a.applicant, 'GET', `/v1/applications/${a.id}`);
      },
    },
    { name: 'SUBMIT', take: (a) => send(a, a.applicant, 'SUBMIT', { commitmentSigned: true }).then(() => {}) },
    {
      name: 'START_UNIT_PUBLICITY',
      take: async (a) => {
        a.unitPublicityEndsOn = (await send(a, staff.unit, 'START_UNIT_PUBLICITY', { startDate: today() })).context.unitPublicity.endsOn;
      },
    },
    {
      name: 'UNIT_VERIFY_FACT',
      take: (a) => send(a, staff.unit, 'UNIT_VERIFY_FACT', { fact: 'socialInsurance', note: '已核对' }).then(() => {}),
    },
    {
      name: 'UNIT_APPROVE',
      notBefore: (a) => Date.parse(`${a.unitPublicityEndsOn}T02:00:00.000Z`),
      take: (a) => send(a, staff.unit, 'UNIT_APPROVE', { publicityResult: 'noObjection', opinion: '同意推荐' }).then(() => {}),
    },
    { name: 'HR_VERIFY_FACT', take: (a) => send(a, staff.hr, 'HR_VERIFY_FACT', { fact: 'education', note: '已核对' }).then(() => {}) },
    {
      name: 'AUDIT_APPROVE',
      take: async (a) => {
        a.verificationCode = (await send(a, staff.hr, 'AUDIT_APPROVE', {})).context.reviewForm.verificationCode;
      },
    },
    {
      name: 'PAPER_RECEIVED',
      take: async (a) => {
        const paper = { copies: 3, stamped: true, watermarked: true, verificationCode: a.verificationCode };
        a.publicityEndsAt = (await send(a, staff.committee, 'PAPER_RECEIVED', paper)).context.publicity.endsAt;
      },
    },
    {
      name: 'PAY_FEE',
      // The service's timer ends the publicity once the clock has passed its end.
      notBefore: (a) => Date.parse(a.publicityEndsAt!) + 3600_000,
      take: (a) => send(a, a.applicant, 'PAY_FEE', { amount: plan.fee }).then(() => {}),
    },
    {
      name: 'SCHEDULE_INTERVIEW',
      take: async (a) => {
        a.interviewAt = new Date(now + 7 * DAY).toISOString();
        await send(a, staff.committee, 'SCHEDULE_INTERVIEW', { time: a.interviewAt, place: '615办公室' });
      },
    },
    // Attendance is recorded from the interview's time on (issue 24).
    {
      name: 'RECORD_ATTENDANCE',
      notBefore: (a) => Date.parse(a.interviewAt!),
      take: (a) => send(a, staff.committee, 'RECORD_ATTENDANCE').then(() => {}),
    },
    { name: 'REVIEW_PASS', take: (a) => send(a, staff.committee, 'REVIEW_PASS', { opinion: '通过' }).then(() => {}) },
  ];
  return {
    plan,
    steps,
    applicant,
    setClock,
    now: () => now,
    today,
    /** Certified applications of the plan, as /v1/stats counts them. */
    certified: async (): Promise<number> =>
      (await call(service.admin, 'GET', `/v1/stats?planId=${plan.id}`)).items.find((i: { state: string }) => i.state === 'certified')
        ?.count ?? 0,
  };
}

/** After the last step the result publicity is still to end: a month later it has. */
const RESULT_PUBLICITY_OVER = 30 * DAY;

export type Phases = {
  phases: { name: string; ms: number[]; seconds: number }[];
  timers: { fired: number; seconds: number }[];
  seconds: number;
};

/**
 * Takes every application through the season one step at a time, `concurrency` applications
 * at once, timing each (the event and the read after it); before a step that must wait, the
 * clock moves to when the last of them may take it, and the timers then due fire.
 */
export async function inPhases(season: Season, apps: SeasonApp[], concurrency: number): Promise<Phases> {
  const started = performance.now();
  const result: Phases = { phases: [], timers: [], seconds: 0 };
  for (const step of season.steps) {
    if (step.notBefore) {
      const t0 = performance.now();
      const fired = await season.setClock(Math.max(season.now(), ...apps.map(step.notBefore)));
      if (fired > 0) result.timers.push({ fired, seconds: (performance.now() - t0) / 1000 });
    }
    const ms: number[] = [];
    const phaseStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < apps.length; i = next++) {
          const t0 = performance.now();
          await step.take(apps[i]!);
          ms.push(performance.now() - t0);
        }
      }),
    );
    result.phases.push({ name: step.name, ms, seconds: (performance.now() - phaseStarted) / 1000 });
  }
  const t0 = performance.now();
  const fired = await season.setClock(season.now() + RESULT_PUBLICITY_OVER);
  result.timers.push({ fired, seconds: (performance.now() - t0) / 1000 });
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
