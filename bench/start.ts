// A newcomer's first start, measured: `npm start`'s entry point on a clean data directory
// (embedded PGlite, the demo season seeded), timed from the build of the bundle it runs (npm
// start's prestart; the first start only, as a newcomer's) and the spawn to the banner, to the
// first /readyz 200, and to the answer to a write sent as soon as the banner is out (it waits
// for the season, it must not fail). /readyz is asked every 100 ms from the banner on: its
// answers must go from 503 ("seeding the demo season") to 200 once, never back. The baseline
// is the same process started again on the same data directory, already seeded.
//
//   npm run bench:start
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, machine, SMOKE, scratch, startService } from './support';

type Start = { banner: number; ready: number; write: number; writeStatus: number; readyz: string[]; rssMiB: number };

async function start(dataDir: string): Promise<Start> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const service = await startService({ DATA_DIR: dataDir, DATABASE_URL: undefined, SEED_DEMO: 'true' });
  const banner = seconds();
  const write = fetch(`${service.base}/v1/units`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: `U-START-${Date.now()}`, name: '慈溪市首启测试有限公司', inCixi: true, unitType: 'enterprise' }),
  }).then(async (res) => {
    await res.arrayBuffer();
    return { status: res.status, at: seconds() };
  });
  const readyz: string[] = [];
  let ready = 0;
  while (!ready) {
    const res = await fetch(`${service.base}/readyz`);
    const body = (await res.json()) as { reason?: string };
    readyz.push(res.status === 200 ? '200' : `${res.status} ${body.reason ?? ''}`);
    if (res.status === 200) ready = seconds();
    else await new Promise((r) => setTimeout(r, 100));
  }
  const written = await write;
  // A few more probes: ready stays ready.
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${service.base}/readyz`);
    readyz.push(res.status === 200 ? '200' : `${res.status}`);
  }
  const rssMiB = service.rssMiB();
  await service.stop();
  return { banner, ready, write: written.at, writeStatus: written.status, readyz, rssMiB };
}

/** The /readyz answers in order, runs of the same answer counted: `503 seeding the demo season ×41, 200 ×6`. */
const runs = (answers: string[]) =>
  answers
    .reduce<[string, number][]>((acc, a) => {
      const last = acc.at(-1);
      if (last?.[0] === a) last[1] += 1;
      else acc.push([a, 1]);
      return acc;
    }, [])
    .map(([a, n]) => `${a} ×${n}`)
    .join(', ');

const dataDir = join(scratch, 'start');
try {
  const first = await start(dataDir);
  // The smoke run (CI) starts once: the restart adds nothing a smoke test needs.
  const again = SMOKE ? undefined : await start(dataDir);
  const s = (n: number) => `${n.toFixed(1).padStart(5)} s`;
  const line = (label: string, r: Start) =>
    `  ${label.padEnd(30)} banner ${s(r.banner)}   /readyz 200 ${s(r.ready)}   write answered ${s(r.write)} (${r.writeStatus})   RSS ${fmt(r.rssMiB, 4)} MiB\n` +
    `  ${''.padEnd(30)} /readyz: ${runs(r.readyz)}`;
  console.log(`
first start — npm start's entry point, embedded PGlite, demo season (${machine()})
${line('clean data directory', first)}
${again ? `${line('again, already seeded', again)}   (baseline)\n` : ''}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
