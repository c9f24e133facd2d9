import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenService } from '../../src/auth/jwt';
import { checkSeason, type SeasonReport } from './check';
import { ready, request, setUpSeason, sleep, startService, stopService, writeLoad } from './support';

// Issue 28, item 2: a primary and a synchronous streaming standby, two PostgreSQL servers
// of this machine's own installation in a temporary directory. Under load the primary is
// stopped at once (as a crash would) and the standby promoted; the service, given both
// hosts, must answer 503 meanwhile, never 500, and write again on the new primary without
// a restart, having lost no acknowledged transition.

export type FailoverOptions = {
  writers: number;
  timers: number;
  /** Load before the primary is stopped, and after the service writes again. */
  loadSeconds: number;
  /** How long the standby waits before it is promoted, as a failover manager's detection would. */
  promoteAfterMs: number;
  log(line: string): void;
};

export type FailoverReport = SeasonReport & {
  /** From the last write acknowledged before the primary stopped to the first one after. */
  secondsUnavailable: number;
  answersDuringFailover: Record<string, number>;
  answersNot200: Record<string, number>;
  serverErrors: number;
};

/** The newest PostgreSQL installed the Debian way, /usr/lib/postgresql/<version>/bin. */
function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server installation under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function drillFailover(o: FailoverOptions): Promise<FailoverReport> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'title-review-failover-'));
  chmodSync(dir, 0o777);
  // PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
  const asPostgres = (tool: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
  const primary = { data: join(dir, 'primary'), port: await freePort() };
  const standby = { data: join(dir, 'standby'), port: await freePort() };
  const ctl = (data: string, ...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', ...args]);
  const conf = (data: string, lines: string[]) => appendFileSync(join(data, 'postgresql.conf'), `\n${lines.join('\n')}\n`);
  let service: ReturnType<typeof startService> | undefined;
  let season: Awaited<ReturnType<typeof setUpSeason>> | undefined;
  try {
    asPostgres('initdb', ['-D', primary.data, '-U', 'postgres', '--auth=trust', '--no-sync']);
    conf(primary.data, [
      `port = ${primary.port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'wal_level = replica',
      // A commit is acknowledged only once the standby has it: none is lost with the primary.
      "synchronous_standby_names = 'standby'",
    ]);
    ctl(primary.data, 'start');
    asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      standby.data,
      '-R',
      '-X',
      'stream',
    ]);
    // The copied configuration is the primary's: the standby takes its own port and name, and once
    // promoted waits for no standby of its own.
    conf(standby.data, [`port = ${standby.port}`, "cluster_name = 'standby'", "synchronous_standby_names = ''"]);
    ctl(standby.data, 'start');
    const hosts = `127.0.0.1:${primary.port},127.0.0.1:${standby.port}`;
    // `primary`, not `read-write`: postgres.js 3.4.9 judges read-write by default_transaction_read_only
    // alone, which is off on a hot standby, and so writes to the standby (SQLSTATE 25006).
    const databaseUrl = `postgres://postgres@${hosts}/postgres?target_session_attrs=primary`;
    const secret = randomBytes(24).toString('hex');
    service = startService({ DATABASE_URL: databaseUrl, JWT_SECRET: secret, DB_CONNECT_TIMEOUT_MS: '2000', REQUEST_DEADLINE_MS: '3000' });
    const base = await ready(service);
    season = await setUpSeason(base, createTokenService(secret), o);
    o.log(`primary :${primary.port} with synchronous standby :${standby.port}; service on both (${databaseUrl})`);

    const load = writeLoad(season, () => [base]);
    await sleep(o.loadSeconds * 1000);
    const stoppedAt = Date.now();
    ctl(primary.data, 'stop', '-m', 'immediate');
    o.log('primary stopped (immediate)');
    await sleep(o.promoteAfterMs);
    ctl(standby.data, 'promote');
    o.log(`standby promoted after ${o.promoteAfterMs} ms`);
    // Wait for the first write on the new primary, then keep the load on a while.
    for (let i = 0; i < 1200 && !load.acknowledged.some((a) => a.at > stoppedAt); i++) await sleep(100);
    await sleep(o.loadSeconds * 1000);
    await load.stop();
    if (service.child.exitCode !== null) throw new Error(`the service stopped during the failover: ${service.out}`);
    // The service's manual clock moves to now: the 2021 publicity timers fall due on the new primary.
    await request(base, season.staff.admin, 'POST', '/v1/test/clock', { now: new Date().toISOString() });

    // Unavailable: the longest wait between two acknowledged writes from the primary's stop on.
    const acks = load.acknowledged.map((a) => a.at).filter((at) => at >= stoppedAt - 1000);
    let gap = { from: stoppedAt, to: stoppedAt };
    for (let i = 1; i < acks.length; i++) if (acks[i]! - acks[i - 1]! > gap.to - gap.from) gap = { from: acks[i - 1]!, to: acks[i]! };
    const count = (answers: typeof load.answers) => {
      const byKind: Record<string, number> = {};
      for (const a of answers) {
        const key = a.status === 200 ? '200' : `${a.status} ${a.code}`;
        byKind[key] = (byKind[key] ?? 0) + 1;
      }
      return byKind;
    };
    return {
      ...(await checkSeason(season, () => [base], load.acknowledged)),
      secondsUnavailable: (gap.to - gap.from) / 1000,
      answersDuringFailover: count(load.answers.filter((a) => a.at > gap.from && a.at <= gap.to)),
      answersNot200: count(load.answers.filter((a) => a.status !== 200)),
      serverErrors: load.answers.filter((a) => a.status >= 500 && a.status !== 503).length,
    };
  } finally {
    if (process.env.DRILL_SERVICE_LOG && service) appendFileSync(process.env.DRILL_SERVICE_LOG, service.out);
    if (service) await stopService(service);
    await season?.hooks.close();
    for (const data of [standby.data, primary.data])
      try {
        ctl(data, 'stop', '-m', 'immediate');
      } catch {
        // Not running (the primary was stopped by the drill, or never started).
      }
    rmSync(dir, { recursive: true, force: true });
  }
}
