import type { ApplicationContext } from '../../machines/context';
import { planLevels } from '../../machines/facts';
import { shanghaiDate, weekdayOf } from '../../machines/rules/dates';
import { createTokenService } from '../auth/jwt';
import { samplePlan } from './samples';
import { type DemoRequest, demoApplicant, mixedTarget, pathTo, prng, type StepName, steps } from './season';

// `npm run simulate`: drives a season against a running deployment through its public HTTP
// API only, as applicants, units, the bureau and the committee would, with tokens it mints
// from the deployment's secret. With the manual clock (CLOCK=manual) it moves time a day at
// a time so that publicities elapse and the service's timers end them; without it, it takes
// only the steps that need no time to pass. Seeded: the same seed sends the same requests.

export type SimulateOptions = {
  url: string;
  tokenSecret: string;
  apps: number;
  seed: number;
  /** Requests in flight at once: raise it to use the simulator as a load generator. */
  concurrency: number;
  log?: (line: string) => void;
};

export type SimulationSummary = {
  clock: 'manual' | 'system';
  days: number;
  seconds: number;
  planIds: string[];
  applicationIds: string[];
  /** Accepted requests by event type (or `METHOD /path` for the rest), refused ones by problem `code`. */
  accepted: Record<string, number>;
  refused: Record<string, number>;
  /** Where the simulated applications stand at the end, as GET /v1/applications/:id says. */
  finalStates: Record<string, number>;
};

type Sim = {
  id: string;
  context: ApplicationContext;
  applicant: string;
  unitId: string;
  path: StepName[];
  next: number;
  readyAt: number;
  rng: ReturnType<typeof prng>;
};

const DAY_MS = 86_400_000;
const MAX_DAYS = 240;
const simUnits = [
  { id: 'SIM-U1', name: '慈溪市模拟建设工程有限公司' },
  { id: 'SIM-U2', name: '慈溪市模拟工业设备有限公司' },
  { id: 'SIM-U3', name: '慈溪市模拟水利工程有限公司' },
];

export async function simulate(opts: SimulateOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const tokens = createTokenService(opts.tokenSecret);
  const accepted: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const tally = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  const staff = {
    admin: tokens.sign({ sub: 'simulator-admin', role: 'admin' }),
    hr: tokens.sign({ sub: 'simulator-hr', role: 'hr' }),
    committee: tokens.sign({ sub: 'simulator-committee', role: 'committee' }),
  };

  /** One request; the answer's JSON, or undefined for a refusal (tallied by its problem code). */
  async function call(method: string, path: string, token: string, body?: object, label = `${method} ${path}`) {
    const res = await fetch(new URL(path, opts.url), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).catch(() => undefined);
    // Under load a connection may fail outright: that is a refusal too, by no code of the service's.
    if (!res) {
      tally(refused, 'NETWORK_ERROR');
      return undefined;
    }
    const json = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
    if (res.ok) {
      tally(accepted, label);
      return json;
    }
    tally(refused, json?.code ?? `HTTP_${res.status}`);
    return undefined;
  }

  const read = (id: string) => call('GET', `/v1/applications/${id}`, staff.admin, undefined, 'GET /v1/applications/:id');

  // The deployment's clock when it has the manual one; otherwise ours stands for its.
  const manual = await fetch(new URL('/v1/test/clock', opts.url), { headers: { authorization: `Bearer ${staff.admin}` } });
  const clock = manual.ok ? ('manual' as const) : ('system' as const);
  let now = clock === 'manual' ? Date.parse(((await manual.json()) as { now: string }).now) : Date.now();
  const today = () => shanghaiDate(new Date(now).toISOString());
  const year = Number(today().slice(0, 4));
  log(`simulating ${opts.apps} applications (seed ${opts.seed}) against ${opts.url}, ${clock} clock at ${new Date(now).toISOString()}`);

  for (const { id, name } of simUnits) await call('POST', '/v1/units', staff.admin, { id, name, inCixi: true, unitType: 'enterprise' });
  const window = { opensAt: today(), closesAt: `${year}-12-31` };
  const planIds: string[] = [];
  for (const level of planLevels) {
    const plan = await call('POST', '/v1/plans', staff.admin, samplePlan(year, level, window));
    if (!plan) throw new Error(`the deployment refused a ${level} plan: ${JSON.stringify(refused)}`);
    planIds.push(plan.id as string);
  }

  // Each application has its own generator, so concurrency does not change what it does.
  const created = await pool(
    Array.from({ length: opts.apps }, (_, n) => n),
    opts.concurrency,
    async (n): Promise<Sim | undefined> => {
      const rng = prng(opts.seed * 1_000_003 + n);
      const target = mixedTarget(rng);
      const { idNumber, facts } = demoApplicant(n, year, rng);
      const applicant = tokens.sign({ sub: idNumber, role: 'applicant' });
      const unitId = simUnits[n % simUnits.length]!.id;
      const draft = await call('POST', '/v1/applications', applicant, { planId: planIds[rng.int(2)], unitId, facts });
      if (!draft) return undefined;
      let path = pathTo(target, rng);
      // Without the manual clock no publicity elapses and no interview comes: stop before the first such step.
      if (clock === 'system') {
        const waits = path.findIndex((s) => steps[s].notBefore);
        if (waits >= 0) path = path.slice(0, waits);
      }
      return { id: draft.id, context: draft.context, applicant, unitId, path, next: 0, readyAt: now, rng };
    },
  );
  const sims = created.filter((s) => s !== undefined);
  log(`  ${sims.length} drafts created`);

  const unitTokens = new Map(simUnits.map((u) => [u.id, tokens.sign({ sub: `simulator-${u.id}`, role: 'unit', unitId: u.id })]));
  const tokenFor = (sim: Sim, role: DemoRequest['role']) =>
    role === 'applicant' ? sim.applicant : role === 'unit' ? unitTokens.get(sim.unitId)! : staff[role];

  /** One step of one application; false when the deployment refused it, which ends that application's run. */
  async function takeStep(sim: Sim): Promise<boolean> {
    const step = steps[sim.path[sim.next]!];
    const requests = step.requests(sim.context, today(), sim.rng);
    let latest: ApplicationContext | undefined = sim.context;
    for (const { role, body } of requests) {
      latest = (await call('POST', `/v1/applications/${sim.id}/events`, tokenFor(sim, role), body, body.type))?.context;
      if (!latest) return false;
    }
    // A publicity ended by the service's timer when the clock passed its end: read where it stands now.
    if (requests.length === 0) latest = (await read(sim.id))?.context;
    if (!latest) return false;
    sim.context = latest;
    sim.next += 1;
    // Some steps wait for the next working day, as people do.
    sim.readyAt = now + (clock === 'manual' ? sim.rng.int(2) * DAY_MS : 0);
    return true;
  }

  const ready = (sim: Sim) => {
    const step = sim.path[sim.next];
    if (step === undefined || sim.readyAt > now) return false;
    const notBefore = steps[step].notBefore?.(sim.context);
    return notBefore === undefined || Date.parse(notBefore) <= now;
  };
  const active = sims.filter((s) => s.path.length > 0);
  let days = 0;
  for (;;) {
    const due = active.filter(ready);
    if (due.length > 0) {
      const moving = await pool(due, opts.concurrency, async (sim) => (await takeStep(sim)) && sim.next < sim.path.length);
      due.forEach((sim, i) => {
        if (!moving[i]) active.splice(active.indexOf(sim), 1);
      });
      continue;
    }
    if (active.length === 0) break;
    if (clock === 'system' || days >= MAX_DAYS) throw new Error(`simulation stuck with ${active.length} applications still to drive`);
    // The next working morning, 10:00 in Shanghai; moving the clock fires every timer now due.
    do now += DAY_MS;
    while ([0, 6].includes(weekdayOf(shanghaiDate(new Date(now).toISOString()))));
    now = Date.parse(`${today()}T02:00:00.000Z`);
    await call('POST', '/v1/test/clock', staff.admin, { now: new Date(now).toISOString() });
    days += 1;
    if (days % 10 === 0) log(`  day ${days} (${today()}): ${active.length} applications still moving`);
  }

  const finalStates: Record<string, number> = {};
  const states = await pool(sims, opts.concurrency, async (sim) => (await read(sim.id))?.state);
  for (const state of states) tally(finalStates, state ?? 'unreadable');
  const summary = {
    clock,
    days,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    planIds,
    applicationIds: sims.map((s) => s.id),
    accepted,
    refused,
    finalStates,
  };
  log(`done in ${summary.seconds} s over ${days} simulated days`);
  return summary;
}

/** Runs `work` over `items`, at most `width` at a time; results in the items' order. */
async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
  return results;
}
