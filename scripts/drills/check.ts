import { type Acknowledged, request, type Season, sleep } from './support';

// After a drill: what must hold, read from the outside through the services that are up.

type HistoryItem = { seq: number; type: string; payload: { facts?: { name?: string } } };

/** What must hold after a drill, read through the services in turn. */
export async function checkSeason(season: Season, live: () => string[], acknowledged: Acknowledged[]) {
  const { staff, timed, writers, hooks } = season;
  const all = [...timed, ...writers];
  const at = (i: number) => live()[i % live().length]!;
  // Every due timer fires, once, whichever process claims it.
  for (let i = 0; i < 600; i++) {
    const states = await Promise.all(timed.map((a) => request(at(i), staff.admin, 'GET', `/v1/applications/${a.id}`)));
    if (states.every((s) => s.state !== 'qualificationPublicity')) break;
    await sleep(100);
  }
  const histories = new Map<string, HistoryItem[]>();
  for (const [i, a] of all.entries())
    histories.set(a.id, (await request(at(i), staff.admin, 'GET', `/v1/applications/${a.id}/history`)).items);
  const timersFiredOnce = timed.filter((a) => histories.get(a.id)!.filter((e) => e.type === 'PUBLICITY_ENDED').length === 1).length;

  // Acknowledged writes are in history at the version they were acknowledged with; none is there twice.
  const applied = new Map<string, number>();
  let historyEvents = 0;
  for (const items of histories.values()) {
    historyEvents += items.length;
    for (const e of items) if (e.payload.facts?.name) applied.set(e.payload.facts.name, (applied.get(e.payload.facts.name) ?? 0) + 1);
  }
  const lost = acknowledged.filter((a) => histories.get(a.id)!.find((e) => e.seq === a.version)?.payload.facts?.name !== a.name).length;
  const duplicated = [...applied.values()].filter((n) => n > 1).length;

  // The feed read a page at a time from each service in turn: every event once, in seq order per application.
  const fed = new Map<string, number[]>();
  let after: string | undefined;
  for (let page = 0; ; page++) {
    const res = await request(at(page), staff.admin, 'GET', `/v1/feed?limit=100${after ? `&after=${after}` : ''}`);
    if (res.items.length === 0) break;
    for (const item of res.items) fed.set(item.applicationId, [...(fed.get(item.applicationId) ?? []), item.event.seq]);
    after = res.nextPosition;
  }
  const whole = (seqs: number[], n: number) => seqs.length === n && seqs.every((s, i) => s === i);
  const feedGapsOrRepeats = [...histories].filter(([id, items]) => !whole(fed.get(id) ?? [], items.length)).length;
  const feedEvents = [...fed.values()].reduce((n, s) => n + s.length, 0);

  // Webhooks: every event at least once; the first delivery of each in order per application.
  const firstSeen = () => {
    const seen = new Map<string, number[]>();
    for (const body of hooks.bodies) {
      const d = JSON.parse(body) as { applicationId: string; event: { seq: number } };
      const seqs = seen.get(d.applicationId) ?? [];
      if (!seqs.includes(d.event.seq)) seen.set(d.applicationId, [...seqs, d.event.seq]);
    }
    return seen;
  };
  const missing = () => {
    const seen = firstSeen();
    return [...histories].reduce((n, [id, items]) => n + items.length - (seen.get(id)?.length ?? 0), 0);
  };
  // A delivery leased by a process that died is sent again after its lease (60 s), one that failed
  // waits out its backoff (10, 20, 40, 80 s …), both on the manual clock, which stands still
  // unless moved: it moves two minutes every second while deliveries are missing.
  let clock = new Date((await request(at(0), staff.admin, 'GET', '/v1/test/clock')).now).getTime();
  for (let i = 0; i < 1200 && missing() > 0; i++) {
    await sleep(100);
    if (i % 10 === 9) {
      clock += 120_000;
      await request(at(i), staff.admin, 'POST', '/v1/test/clock', { now: new Date(clock).toISOString() });
    }
  }
  const webhookOutOfOrder = [...firstSeen().values()].filter((seqs) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)).length;

  // /v1/stats against the states the applications are in.
  const stats = await request(at(0), staff.admin, 'GET', '/v1/stats');
  const counted = new Map<string, number>();
  for (const a of all) {
    const { state } = await request(at(1), staff.admin, 'GET', `/v1/applications/${a.id}`);
    counted.set(state, (counted.get(state) ?? 0) + 1);
  }
  const statsMatch =
    stats.total === all.length &&
    stats.items.length === counted.size &&
    stats.items.every((i: { state: string; count: number }) => counted.get(i.state) === i.count);

  return {
    acknowledged: acknowledged.length,
    lost,
    duplicated,
    timersDue: timed.length,
    timersFiredOnce,
    historyEvents,
    feedEvents,
    feedGapsOrRepeats,
    webhookRequests: hooks.bodies.length,
    webhookEventsMissing: missing(),
    webhookOutOfOrder,
    statsMatch,
  };
}

export type SeasonReport = Awaited<ReturnType<typeof checkSeason>>;

/** Whether a report shows nothing lost, nothing twice and everything delivered. */
export const held = (r: SeasonReport) =>
  r.lost === 0 &&
  r.duplicated === 0 &&
  r.timersFiredOnce === r.timersDue &&
  r.feedGapsOrRepeats === 0 &&
  r.webhookEventsMissing === 0 &&
  r.webhookOutOfOrder === 0 &&
  r.statsMatch;
