import { randomBytes } from 'node:crypto';
import { createTokenService } from '../../src/auth/jwt';
import { postgresClient } from '../../src/db/client';
import { checkSeason, type SeasonReport } from './check';
import { ready, request, type Service, setUpSeason, sleep, startService, stopService, writeLoad } from './support';

// Issue 28, item 1: several service processes on one PostgreSQL, one of them killed (-9) and
// started again every few seconds under load. What must hold afterwards is checked from the
// outside, through the API, as an operator would check it.

export type ReplicasOptions = {
  /** A PostgreSQL server URL; the drill creates its own database there and drops it after. */
  databaseUrl: string;
  replicas: number;
  seconds: number;
  /** How often one replica is killed and started again. */
  killEveryMs: number;
  /** Applicants sending draft updates at once, spread over the replicas. */
  writers: number;
  /** Applications whose publicity timer falls due while replicas are being killed. */
  timers: number;
  log(line: string): void;
};

export type ReplicasReport = SeasonReport & { kills: number; seconds: number };

export async function drillReplicas(o: ReplicasOptions): Promise<ReplicasReport> {
  const admin = postgresClient(o.databaseUrl, 1);
  const name = `drill_replicas_${Date.now().toString(36)}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(o.databaseUrl);
  url.pathname = `/${name}`;
  const secret = randomBytes(24).toString('hex');
  const start = () => startService({ DATABASE_URL: url.toString(), JWT_SECRET: secret });
  const replicas: Service[] = [start()];
  let season: Awaited<ReturnType<typeof setUpSeason>> | undefined;
  try {
    // The season is set up on 2021's clock, which every replica shares (it is kept in the database).
    season = await setUpSeason(await ready(replicas[0]!), createTokenService(secret), o);
    for (let i = 1; i < o.replicas; i++) replicas.push(start());
    await Promise.all(replicas.map(ready));
    // As the kills begin the clock moves to today, years past those publicities' ends: the
    // replica asked fires the due timers and the others race it, and it is the first one killed.
    request(replicas[0]!.url!, season.staff.admin, 'POST', '/v1/test/clock', { now: new Date().toISOString() }).catch(() => {});
    o.log(
      `${o.replicas} replicas up; ${o.timers} publicity timers due, ${o.writers} writers, one replica killed every ${o.killEveryMs} ms`,
    );
    const live = () => replicas.map((r) => r.url).filter((u): u is string => u !== null);
    const started = Date.now();
    const load = writeLoad(season, live);
    let kills = 0;
    // Each replica is killed at least once, however long the restarts take.
    while (Date.now() - started < o.seconds * 1000 || kills < o.replicas) {
      await sleep(o.killEveryMs);
      const k = kills++ % replicas.length;
      const victim = replicas[k]!;
      victim.url = null;
      const exited = new Promise((r) => (victim.child.exitCode === null ? victim.child.once('exit', r) : r(null)));
      victim.child.kill('SIGKILL');
      await exited;
      replicas[k] = start();
      await ready(replicas[k]!);
    }
    await load.stop();
    const seconds = (Date.now() - started) / 1000;
    return { ...(await checkSeason(season, live, load.acknowledged)), kills, seconds };
  } finally {
    await Promise.all(replicas.map(stopService));
    await season?.hooks.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
