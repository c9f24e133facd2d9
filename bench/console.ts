// The console's pages over a season's data, measured in Chromium: applications seeded by SQL
// (bench/search-seed) on a real PostgreSQL, then each page loaded six times from navigation
// until it is drawn (the shell's `data-ready`), every request going through the real app over
// HTTP. Prints the median and the slowest; asserts nothing.
//
//   DATABASE_URL=postgres://… npm run bench:console      20,000 applications (BENCH_ROWS= for more)
//   BENCH_SMOKE=1 …                                      2,000 applications: seconds, for CI
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { seed } from '../bench/search-seed';
import { buildApp } from '../src/app';
import { createTokenService } from '../src/auth/jwt';
import { systemClock } from '../src/clock';
import { openDatabase, postgresClient } from '../src/db/client';
import { seedDemo } from '../src/demo/seed';
import { launchChromium } from '../test/support/console';
import { fmt, ownRssMiB } from './support';

const ROWS = Number(process.env.BENCH_ROWS ?? (process.env.BENCH_SMOKE === '1' ? 2_000 : 20_000));
const server = process.env.DATABASE_URL;
if (!server) throw new Error('bench:console needs DATABASE_URL (a PostgreSQL server to create a throwaway database on)');
const admin = postgresClient(server, 1);
const name = `bench_console_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
try {
  const database = await openDatabase({ url: url.toString(), dataDir: '' });
  const sql = postgresClient(url.toString(), 1);
  await seed(sql, ROWS, (line) => process.stdout.write(`${line}\n`));
  await sql.unsafe('analyze');
  await sql.end();
  const tokens = createTokenService(randomBytes(32).toString('hex'));
  const app = await buildApp({ database, tokens, clock: systemClock, demoSignIn: true }, { logger: false });
  await seedDemo(database.db, systemClock, tokens);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}/console/`);
    // The shell asks who is signed in first; a click before it has drawn the page is lost.
    await page.locator('body[data-ready]').waitFor();
    await page.locator('button[data-role="admin"]').click();
    await page.locator('svg.chart').waitFor();
    const adminToken = { authorization: `Bearer ${tokens.sign({ sub: 'bench', role: 'admin' })}` };
    const id = (await app.inject({ url: '/v1/applications?limit=1&state=certified', headers: adminToken })).json().items[0].id;
    // An application's diagram is drawn after its page (ELK's layout): timed to when it is on
    // screen, laid out (the tab's kept layouts cleared first) and as a tab that has laid it out shows it.
    for (const [what, path, drawn, fresh] of [
      ['dashboard', '', 'body[data-ready]', false],
      ['find, first page', 'find', 'body[data-ready]', false],
      ['find by name 王', `find?q=${encodeURIComponent('王')}`, 'body[data-ready]', false],
      ['find by state interview', 'find?state=interview', 'body[data-ready]', false],
      ['an application', `applications/${id}`, 'body[data-ready]', false],
      ["an application's diagram, laid out", `applications/${id}`, '.diagram-scroll svg.diagram', true],
      ["an application's diagram, kept", `applications/${id}`, '.diagram-scroll svg.diagram', false],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        if (fresh) await page.evaluate(() => sessionStorage.clear());
        const start = performance.now();
        await page.goto(`${origin}/console/${path}`);
        await page.locator(drawn).waitFor();
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(
        `${what}: median ${times[3]!.toFixed(0)} ms, slowest ${times.at(-1)!.toFixed(0)} ms (${ROWS} applications); RSS ${fmt(ownRssMiB(), 0)} MiB (the app, in this process)\n`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
  }
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
