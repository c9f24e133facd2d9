import { expect, it } from 'vitest';
import { roles } from '../../machines/events';
import { demoConsole, OUT } from './support/demo-console';

// The demo sign-in and the session it opens, in a real Chromium against the real service with
// the demo season on the test database.

const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { signInAs } = ui;

it('the demo sign-in lists a working token for every role, unauthenticated', async () => {
  const { server } = ui;
  const res = await server.app.inject({ url: '/v1/demo/actors' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const { items } = res.json() as { items: { role: string; token: string }[] };
  expect(new Set(items.map((i) => i.role))).toEqual(new Set(roles));
  for (const actor of items) {
    const list = await server.app.inject({ url: '/v1/applications', headers: { authorization: `Bearer ${actor.token}` } });
    expect(list.statusCode, actor.role).toBe(200);
  }
});

it('the sign-in survives a new tab with no token in the address or in storage, and signing out ends it in every tab and browser', {
  timeout: 60_000,
}, async () => {
  const { page, server, browser } = ui;
  await signInAs('committee');
  const context = page.context();
  const cookies = await context.cookies();
  const cookie = cookies.find((c) => c.name === 'title_review_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1' });
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const tab = await context.newPage();
  await tab.goto(`${server.base}/console/find?state=paperSubmission`);
  await tab.locator('#results').waitFor();
  expect(await tab.locator('#who').textContent()).toContain('评委会办公室');
  for (const p of [page, tab]) {
    const stored = await p.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    expect(stored).not.toMatch(/ey[\w-]+\.ey[\w-]+/);
    expect(p.url()).not.toMatch(/ey[\w-]+\.ey[\w-]+/);
  }
  // The same person signed in in another browser.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(`${server.base}/console/`);
  await other.locator('button[data-role="committee"]').click();
  await other.locator('svg.chart').waitFor();

  await page.locator('#sign-out').click();
  await page.locator('#token').waitFor();
  // The other tab hears of it at once; the other browser at its next request.
  await tab.locator('#token').waitFor();
  await other.getByRole('link', { name: '查找申报' }).click();
  await other.locator('#token').waitFor();
  await tab.screenshot({ path: `${OUT}/signed-out.png` });
  await tab.close();
  await elsewhere.close();
});
