// The embedded default, measured: the service on PGlite (as `npm start` runs it, the
// database on its own thread) under UPDATE_DRAFT from 8 clients, while a reader asks for
// one application at a modest fixed rate — reads must stay fast while writes queue. The
// baseline is the same service on PostgreSQL, in the same run.
//
//   npm run bench:embedded
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenService } from '../src/auth/jwt';
import { openDatabase } from '../src/db/client';
import {
  benchDatabase,
  cpuSeconds,
  draftEdits,
  fmt,
  machine,
  openBench,
  root,
  SMOKE,
  scratch,
  seedDrafts,
  startService,
  type WrkResult,
  wrkAlongside,
} from './support';

const APPS = SMOKE ? 50 : 500;
const CLIENTS = 8;
const SECONDS = SMOKE ? 1 : Number(process.env.BENCH_SECONDS ?? 10);
const READS_PER_SECOND = 50;

type Figures = { writes: WrkResult; reads: WrkResult; cpuPerWriteUs: number; rssMiB: number };

async function measure(env: Record<string, string | undefined>, seeded: Awaited<ReturnType<typeof seedDrafts>>): Promise<Figures> {
  const service = await startService(env);
  const edits = draftEdits(seeded.ids, seeded.applicants, service.secret);
  const tokens = createTokenService(service.secret);
  const read = `local token = "${tokens.sign({ sub: 'bench-admin', role: 'admin' })}"
request = function()
  return wrk.format("GET", "/v1/applications/${seeded.ids[0]}", { ["authorization"] = "Bearer " .. token })
end
`;
  // Unmeasured, as in bench:transition: a fresh service loads modules and warms the PDF renderer at first.
  await wrkAlongside(service.base, edits, { clients: CLIENTS, seconds: SMOKE ? 1 : 5 });
  const cpu0 = cpuSeconds(service.pid);
  const [written, reads] = await Promise.all([
    wrkAlongside(service.base, edits, { clients: CLIENTS, seconds: SECONDS }),
    wrkAlongside(service.base, read, { clients: 1, seconds: SECONDS, rate: READS_PER_SECOND }),
  ]);
  const cpu1 = cpuSeconds(service.pid);
  const rssMiB = service.rssMiB();
  await service.stop();
  return { writes: written, reads, cpuPerWriteUs: ((cpu1.user + cpu1.system - cpu0.user - cpu0.system) / written.requests) * 1e6, rssMiB };
}

const dataDir = join(scratch, 'embedded');
const pg = await benchDatabase('bench_embedded');
try {
  const embedded = await openDatabase({ dataDir });
  const seededEmbedded = await seedDrafts(embedded, APPS);
  await embedded.close();
  const server = await openBench(pg.url);
  const seededPg = await seedDrafts(server, APPS);
  await server.close();

  const pglite = await measure({ DATA_DIR: dataDir, DATABASE_URL: undefined }, seededEmbedded);
  const postgres = await measure({ DATABASE_URL: pg.url }, seededPg);
  const floor = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/pglite-floor.ts', dataDir, String(pglite.writes.requests)], {
      cwd: root,
      encoding: 'utf8',
    }),
  ) as { atOpen: number; after: number };
  const line = (label: string, f: Figures) =>
    `  ${label.padEnd(12)} ${fmt(f.writes.rps)}/s  p50 ${f.writes.p50.padStart(8)}  p99 ${f.writes.p99.padStart(8)}   ` +
    `read p99 ${f.reads.p99.padStart(8)}   ${fmt(f.cpuPerWriteUs, 5)} µs CPU/write   RSS ${fmt(f.rssMiB, 4)} MiB   non-2xx ${f.writes.non2xx + f.reads.non2xx}`;
  console.log(`
embedded database — UPDATE_DRAFT from ${CLIENTS} clients for ${SECONDS} s, reads at ${READS_PER_SECOND}/s alongside, ${APPS} applications (${machine()})
${line('PGlite', pglite)}
${line('PostgreSQL', postgres)}   (baseline)
  PGlite alone, no service: RSS ${fmt(floor.atOpen, 0)} MiB open, ${fmt(floor.after, 0)} MiB after the same ${pglite.writes.requests} transitions' SQL (its floor)
  PGlite / PostgreSQL: ${(pglite.writes.rps / postgres.writes.rps).toFixed(2)}
`);
} finally {
  await pg.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
