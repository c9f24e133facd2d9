import { expect, it } from 'vitest';
import { roles } from '../../machines/events';
import { demoConsole, li, OUT, zhang } from './support/demo-console';

// The demo sign-in, the session it opens, and what an applicant sees — a refusal shown as the
// API words it — in a real Chromium against the real service with the demo season on the test
// database. The API itself, called beside the browser, is the oracle for what the pages show.

const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { apiAs, idOf, signInAs } = ui;

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

it('an applicant sees only their own application, also at phone width', { timeout: 60_000 }, async () => {
  const { page, server } = ui;
  await signInAs('applicant', zhang.name);
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.locator('#results').waitFor();
  const own = await apiAs({ sub: zhang.id, role: 'applicant' }, '/v1/applications');
  expect(own.body.items.map((a: { id: string }) => a.id)).toEqual([await idOf(zhang.name)]);
  const ids = await page.locator('#results tbody tr').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
  expect(ids).toEqual([own.body.items[0].id]);
  expect(await page.locator('#bulk-title').count()).toBe(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.locator('#results').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${OUT}/phone-list.png` });
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto(`${server.base}/console/applications/${await idOf(li.name)}`);
  await expect.poll(() => page.locator('.problem').getAttribute('data-code')).toBe('NOT_FOUND');
  expect(await page.locator('svg.diagram').count()).toBe(0);
});

it('a refused action shows the problem detail and what may be sent instead', { timeout: 60_000 }, async () => {
  const { page, server } = ui;
  const id = await idOf(zhang.name);
  const applicant = { sub: zhang.id, role: 'applicant' as const };
  const before = await apiAs(applicant, `/v1/applications/${id}`);
  expect(before.body.allowedEvents).toContain('SUBMIT');
  await page.goto(`${server.base}/console/applications/${id}`);
  await page.locator('#events button[data-event="SUBMIT"]').click();
  // The pledge left unsigned: the machine refuses the submission (三(一)1).
  await page.getByRole('button', { name: '发送' }).click();
  const box = page.locator('#outcome .problem');
  await box.waitFor();
  const refused = await apiAs(applicant, `/v1/applications/${id}/events`, 'POST', { type: 'SUBMIT', commitmentSigned: false });
  expect(refused.status).toBe(422);
  expect(await box.getAttribute('data-code')).toBe(refused.body.code);
  expect(await box.locator('strong').textContent()).toBe(refused.body.detail);
  // The failing rule in words, with the notice's clause it enforces.
  for (const failure of refused.body.failures as { clause: string; message: { zh: string } }[]) {
    expect(await box.textContent()).toContain(failure.message.zh);
    expect(await box.textContent()).toContain(`通知第${failure.clause}条`);
  }
  expect(await box.textContent()).not.toContain('[object Object]');
  expect(await box.textContent()).toContain('现在可以执行：');
  expect(await box.textContent()).toContain('撤回');
  const after = await apiAs(applicant, `/v1/applications/${id}`);
  expect(after.body.version).toBe(before.body.version);
});
