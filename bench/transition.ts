// The hot path, measured: POST /v1/applications/:id/events through the real service on a
// real PostgreSQL, against pgbench running the same work (lock the row, update the
// snapshot, append the event) in the same run. Prints figures; asserts nothing.
//
//   npm run bench    (needs pgbench and wrk: apt-get install postgresql-client wrk;
//                     DATABASE_URL defaults to the local server)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTokenService } from '../src/auth/jwt';
import { systemClock } from '../src/clock';
import { openDatabase, postgresClient } from '../src/db/client';
import { sampleFacts, sampleIdNumber, samplePlan } from '../src/demo/samples';
import { createPlan } from '../src/store/plans';
import { createUnit } from '../src/store/units';
import { createApplication } from '../src/workflow/create-application';

const APPS = 1000;
const CLIENTS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BASELINE = { pgbench: 7000, prototype: 2200 }; // issue 3: this 2-core machine, 32 clients

const root = resolve(import.meta.dirname, '..');
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_${randomBytes(4).toString('hex')}`;
const admin = postgresClient(serverUrl, 1);
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const dbUrl = url.toString();

try {
  const database = await openDatabase({ url: dbUrl, dataDir: '' });
  const year = new Date().getFullYear();
  const plan = await createPlan(database.db, samplePlan(year, 'junior'), 'bench', new Date());
  await createUnit(database.db, 'U1', { name: '压测单位', inCixi: true, unitType: 'enterprise' }, 'bench', new Date());
  // One applicant per application: a person may hold one open application per plan.
  const applicants = Array.from({ length: APPS }, (_, i) => sampleIdNumber(i));
  const ids: string[] = [];
  for (const sub of applicants) {
    const actor = { sub, role: 'applicant' as const, unitId: null };
    const facts = sampleFacts('张伟', sub, year);
    ids.push((await createApplication(database.db, systemClock, actor, { planId: plan.id, unitId: 'U1', facts, materials: [] })).id);
  }
  await database.close();

  // pgbench: the same transaction a transition needs, with an explicit lock (4 round trips).
  const seed = postgresClient(dbUrl, 1);
  await seed.unsafe('create table bench_ids (n int primary key, id uuid not null)');
  await seed`insert into bench_ids ${seed(ids.map((id, i) => ({ n: i + 1, id })))}`;
  await seed.end();
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const script = join(dir, 'transition.sql');
  writeFileSync(
    script,
    `\\set n random(1, ${APPS})
BEGIN;
SELECT snapshot, version FROM applications WHERE id = (SELECT id FROM bench_ids WHERE n = :n) FOR UPDATE;
UPDATE applications SET snapshot = jsonb_set(snapshot, '{context,remark}', '"x"'), version = version + 1 WHERE id = (SELECT id FROM bench_ids WHERE n = :n);
INSERT INTO application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
  SELECT id, version, 'UPDATE_DRAFT', 'draft', 'draft', '{}', now(), '{}' FROM applications WHERE id = (SELECT id FROM bench_ids WHERE n = :n);
COMMIT;
`,
  );
  const pgbench = () => {
    const out = execFileSync(
      'pgbench',
      ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-M', 'prepared', '-f', script, dbUrl],
      { encoding: 'utf8' },
    );
    return Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  };
  const pgbenchBefore = pgbench();

  // The service, as its own process, under the same number of concurrent clients.
  const secret = randomBytes(24).toString('hex');
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, JWT_SECRET: secret, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((ok, fail) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /API docs: +(http:\/\/[^/\s]+)\/docs/.exec(out);
      if (m) ok(m[1]!);
    });
    server.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  const tokens = createTokenService(secret);
  // wrk (C, two threads) rather than a Node load generator, which would take a core from the service.
  const lua = join(dir, 'transition.lua');
  writeFileSync(
    lua,
    `local ids = { ${ids.map((id) => `"${id}"`).join(', ')} }
local tokens = { ${applicants.map((sub) => `"${tokens.sign({ sub, role: 'applicant' })}"`).join(', ')} }
local body = '{"type":"UPDATE_DRAFT","facts":{"name":"张伟"}}'
request = function()
  local i = math.random(#ids)
  local headers = { ["authorization"] = "Bearer " .. tokens[i], ["content-type"] = "application/json" }
  return wrk.format("POST", "/v1/applications/" .. ids[i] .. "/events", headers, body)
end
`,
  );
  const cpuBefore = cpuSeconds(server.pid!);
  const wrkOut = execFileSync('wrk', ['-t2', `-c${CLIENTS}`, `-d${SECONDS}s`, '--latency', '-s', lua, base], { encoding: 'utf8' });
  const cpuAfter = cpuSeconds(server.pid!);
  const rss = await (await fetch(`${base}/metrics`)).text();
  server.kill('SIGTERM');
  const latency = (p: string) => new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(wrkOut)?.[1];
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrkOut)?.[1] ?? 0);

  // This machine's rate drifts between runs; pgbench before and after the service brackets it.
  const pgbenchTps = (pgbenchBefore + pgbench()) / 2;
  const serviceRps = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOut)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(wrkOut)?.[1]);
  const perRequest = (seconds: number) => ((seconds / requests) * 1e6).toFixed(0);
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  console.log(`
transition benchmark — ${CLIENTS} clients, ${SECONDS} s each, ${APPS} applications, PostgreSQL
                          this run   baseline (issue 3)
  pgbench (same work)     ${fmt(pgbenchTps)}/s   ${fmt(BASELINE.pgbench)}/s  (mean of a run before and after the service)
  service transitions     ${fmt(serviceRps)}/s   ${fmt(BASELINE.prototype)}/s  (prototype)
  service / pgbench       ${(serviceRps / pgbenchTps).toFixed(2)}       target ≥ 0.50
  service CPU / transition  ${perRequest(cpuAfter.user - cpuBefore.user)} µs user + ${perRequest(cpuAfter.system - cpuBefore.system)} µs system
  latency p50 / p99       ${latency('50')} / ${latency('99')}
  non-2xx responses       ${non2xx}
  server ${/process_resident_memory_bytes (\d+)/.exec(rss)?.[1] ? `RSS ${(Number(/process_resident_memory_bytes (\d+)/.exec(rss)![1]) / 2 ** 20).toFixed(0)} MiB after the run` : ''}
`);
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/** CPU seconds a process has used so far in user and in system mode, from /proc. */
function cpuSeconds(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}
