// What every benchmark needs: a throwaway database, the service as its own process, wrk and
// pgbench as load generators (C programs, so a Node load generator does not take a core from
// the service), the service's CPU from /proc, and the machine's load printed beside the
// figures. Benchmarks print figures; they assert nothing.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildService, npmStartArguments } from '../scripts/support/npm-start';
import { createTokenService } from '../src/auth/jwt';
import { systemClock } from '../src/clock';
import { type Database, openDatabase, postgresClient } from '../src/db/client';
import { sampleFacts, sampleIdNumber, samplePlan } from '../src/demo/samples';
import { createApplication } from '../src/workflow/create-application';
import { createPlan } from '../src/workflow/create-plan';
import { registerUnit } from '../src/workflow/unit-registry';
import { transitionStatements } from './transition-sql';

/** CI runs every benchmark for a second or two, so that none of them rots. */
export const SMOKE = process.env.BENCH_SMOKE === '1';
export const root = resolve(import.meta.dirname, '..');
export const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const UNIT = { id: 'U-BENCH', name: '慈溪市压测建设工程有限公司', inCixi: true, unitType: 'enterprise' as const };

export const machine = () =>
  `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

/** A fresh database on the PostgreSQL server, dropped by `drop`. */
export async function benchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgresClient(serverUrl, 1);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** `n` drafts of as many applicants in one open plan of this year, through the one creation path. */
export async function seedDrafts(database: Database, n: number): Promise<{ planId: string; ids: string[]; applicants: string[] }> {
  const year = new Date().getFullYear();
  await registerUnit(database.db, UNIT.id, { name: UNIT.name, inCixi: UNIT.inCixi, unitType: UNIT.unitType }, 'bench', new Date());
  const plan = await createPlan(database.db, samplePlan(year, 'junior'), 'bench', new Date());
  const applicants = Array.from({ length: n }, (_, i) => sampleIdNumber(i % 1000, `19${80 + Math.floor(i / 1000)}-05-12`));
  const ids: string[] = [];
  for (const sub of applicants) {
    const actor = { sub, role: 'applicant' as const, unitId: null };
    const facts = sampleFacts('张伟', sub, year);
    ids.push((await createApplication(database.db, systemClock, actor, { planId: plan.id, unitId: UNIT.id, facts, materials: [] })).id);
  }
  return { planId: plan.id, ids, applicants };
}

export type Service = { base: string; pid: number; secret: string; admin: string; stop(): Promise<void>; rssMiB(): number };

/**
 * The service as its own process (`npm start`'s entry point) with `env` on top of a quiet
 * default; a variable given as undefined is unset (DATABASE_URL, for the embedded database:
 * CI sets it for every bench). Replicas share a JWT_SECRET given in `env`.
 */
export async function startService(env: Record<string, string | undefined>): Promise<Service> {
  const secret = env.JWT_SECRET ?? randomBytes(24).toString('hex');
  // BENCH_PROFILE=dir writes the service's CPU profile there when it stops (Node refuses --cpu-prof in NODE_OPTIONS).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const server = spawn(process.execPath, [...profile, ...startArguments()], {
    cwd: root,
    env: Object.fromEntries(
      Object.entries({ ...process.env, JWT_SECRET: secret, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', ...env }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A bench that throws half-way must not leave its service running on the machine.
  const orphanGuard = () => server.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const base = await new Promise<string>((ok, fail) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /API docs: +(http:\/\/[^/\s]+)\/docs/.exec(out);
      if (m) ok(m[1]!);
    });
    server.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  return {
    base,
    pid: server.pid!,
    secret,
    admin: createTokenService(secret).sign({ sub: 'bench-admin', role: 'admin' }),
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024,
    stop: () =>
      new Promise((done) => {
        process.off('exit', orphanGuard);
        server.once('exit', () => done());
        server.kill('SIGTERM');
      }),
  };
}

/** The arguments `npm start` gives node, so that a bench measures the service as it is run, its bundle built first. */
function startArguments(): string[] {
  buildService();
  return npmStartArguments();
}

/** CPU seconds a process has used so far, in user and in system mode. */
export function cpuSeconds(pid: number): { user: number; system: number } {
  return cpuOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** The user and system CPU seconds in a /proc/<pid>/stat line. */
function cpuOf(stat: string): { user: number; system: number } {
  const fields = stat.split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/**
 * CPU seconds of every PostgreSQL server process on this machine (the benches' database is
 * local). A backend that exits between two readings takes its share with it; the service's
 * pooled connections stay for the whole measured phase.
 */
export function databaseCpuSeconds(): number {
  let seconds = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const { user, system } = cpuOf(stat);
      seconds += user + system;
    } catch {
      // The process ended while being read.
    }
  }
  return seconds;
}

export type WrkResult = { rps: number; requests: number; p50: string; p99: string; non2xx: number };

/**
 * wrk with a Lua script. With `rate`, each connection waits between its requests so that all
 * of them together offer about `rate` requests a second: latency at a fixed load, not at
 * saturation. The waits are drawn at random (exponential, so arrivals are about Poisson): a
 * fixed wait keeps connections that started together in step, and every request then
 * arrives in a burst with all the others, which measures the burst, not the rate.
 */
export function wrk(base: string, script: string, o: WrkOptions): WrkResult {
  return parseWrk(execFileSync('wrk', wrkArgs(base, script, o), { encoding: 'utf8' }));
}

/** The same, without blocking: to run two loads at once. */
export async function wrkAlongside(base: string, script: string, o: WrkOptions): Promise<WrkResult> {
  return parseWrk((await promisify(execFile)('wrk', wrkArgs(base, script, o), { encoding: 'utf8' })).stdout);
}

type WrkOptions = { clients: number; seconds: number; rate?: number };

function wrkArgs(base: string, script: string, o: WrkOptions): string[] {
  const meanMs = o.rate ? (o.clients * 1000) / o.rate : 0;
  const pacing = o.rate ? `\ndelay = function() return math.floor(-${meanMs.toFixed(3)} * math.log(1 - math.random()) + 0.5) end\n` : '';
  const file = join(scratch, `wrk-${randomBytes(4).toString('hex')}.lua`);
  writeFileSync(file, script + pacing);
  return [`-t${Math.min(2, o.clients)}`, `-c${o.clients}`, `-d${o.seconds}s`, '--latency', '-s', file, base];
}

function parseWrk(out: string): WrkResult {
  const latency = (p: string) => new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '?';
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    requests: Number(/(\d+) requests in/.exec(out)?.[1]),
    p50: latency('50'),
    p99: latency('99'),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

/** A wrk script sending UPDATE_DRAFT to random applications, each with its applicant's token. */
export function draftEdits(ids: string[], applicants: string[], secret: string): string {
  const tokens = createTokenService(secret);
  return `local ids = { ${ids.map((id) => `"${id}"`).join(', ')} }
local tokens = { ${applicants.map((sub) => `"${tokens.sign({ sub, role: 'applicant' })}"`).join(', ')} }
local body = '{"type":"UPDATE_DRAFT","facts":{"name":"张伟"}}'
request = function()
  local i = math.random(#ids)
  local headers = { ["authorization"] = "Bearer " .. tokens[i], ["content-type"] = "application/json" }
  return wrk.format("POST", "/v1/applications/" .. ids[i] .. "/events", headers, body)
end
`;
}

/** pgbench running `script` for `seconds`, or `transactions` per client (its transactions per second). */
export function pgbench(url: string, script: string, o: { clients: number; seconds: number; transactions?: number }): number {
  const file = join(scratch, `pgbench-${randomBytes(4).toString('hex')}.sql`);
  writeFileSync(file, script);
  const length = o.transactions ? ['-t', String(o.transactions)] : ['-T', String(o.seconds)];
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(o.clients), '-j', String(Math.min(2, o.clients)), ...length, '-M', 'prepared', '-f', file, url],
    { encoding: 'utf8' },
  );
  return Number(/tps = ([\d.]+)/.exec(out)?.[1]);
}

/**
 * What the service does for one UPDATE_DRAFT, as plain SQL: lock the row, update the snapshot
 * and its time, append the event. The time matters: it is indexed (lists sort by it), so the
 * update cannot be a heap-only one and every index of the row takes a new entry, as the
 * service's update does.
 */
export async function pgbenchTransitionScript(url: string, ids: string[]): Promise<string> {
  const sql = postgresClient(url, 1);
  await sql.unsafe('create table if not exists bench_ids (n int primary key, id uuid not null)');
  await sql`insert into bench_ids ${sql(ids.map((id, i) => ({ n: i + 1, id })))}`;
  await sql.end();
  return `\\set n random(1, ${ids.length})
BEGIN;
${transitionStatements('(SELECT id FROM bench_ids WHERE n = :n)').join(';\n')};
COMMIT;
`;
}

/** The resident memory of this process (the benches that run the app in-process), in MiB. */
export const ownRssMiB = () => process.memoryUsage().rss / 1048576;

export const openBench = (url: string) => openDatabase({ url, dataDir: '' });
export const fmt = (n: number, width = 7) => n.toFixed(0).padStart(width);
