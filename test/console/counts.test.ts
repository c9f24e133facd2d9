import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleServer, consoleServer, launchChromium } from '../support/console';

// Honest counts (issue 27, item 5), in Chromium over the demo season: each list on the
// incidents page and the dashboard's publicities can be read to its end, and the dashboard's
// numbers are what those lists hold. The oracle is the API walked page by page to its end.

const OUT = 'test-output';
let server: ConsoleServer;
let browser: Browser;
let page: Page;
const hr = { sub: 'demo-hr', role: 'hr' as const };

/** Every item of an API list, following its cursor to the end. */
async function everything(url: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  do {
    const res: { statusCode: number; json: () => { items: Record<string, any>[]; nextCursor: string | null } } = await server.app.inject({
      url: `${url}${url.includes('?') ? '&' : '?'}limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      headers: { authorization: `Bearer ${server.token(hr)}` },
    });
    expect(res.statusCode, url).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return items;
}

/** Clicks a list's "show more" until it is gone. */
async function showAll(container: string) {
  const more = page.locator(`${container} .pager button`);
  while ((await more.count()) > 0 && (await more.isVisible())) {
    const before = await page.locator(`${container} tbody tr, ${container} li`).count();
    await more.click();
    await expect.poll(() => page.locator(`${container} tbody tr, ${container} li`).count()).toBeGreaterThan(before);
  }
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await consoleServer('2026-03-02T02:00:00.000Z');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready]').waitFor();
  await page.locator('button[data-role="hr"]').first().click();
  await page.locator('svg.chart').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('the incidents page lists every incident to the end of each list, and the dashboard counts exactly those', {
  timeout: 120_000,
}, async () => {
  const lists = {
    timers: await everything('/v1/incidents/timers'),
    messages: await everything('/v1/incidents/messages'),
    idle: await everything('/v1/incidents/idle'),
  };
  // The demo season holds more idle applications than a page (20): the page must go past its first.
  expect(lists.idle.length).toBeGreaterThan(20);

  await page.goto(`${server.base}/console/incidents`);
  await page.locator('body[data-ready="incidents"]').waitFor();
  for (const [kind, table] of [
    ['timers', '#timer-incidents'],
    ['messages', '#message-incidents'],
    ['idle', '#idle-applications'],
  ] as const) {
    const card = `section[aria-labelledby="${kind}-title"]`;
    expect(await page.locator(`#${kind}-title`).textContent(), kind).toContain(`（${lists[kind].length}）`);
    if (lists[kind].length === 0) continue;
    await showAll(card);
    const shown = await page.locator(`${table} tbody tr a`).evaluateAll((els) => els.map((a) => a.getAttribute('href')));
    expect(shown, kind).toEqual(lists[kind].map((i) => `/console/applications/${i.applicationId}`));
    expect(await page.locator(`${card} .pager button`).isVisible()).toBe(false);
  }
  await page.screenshot({ path: `${OUT}/incidents-all.png`, fullPage: true });

  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready=""]').waitFor();
  const open = lists.timers.length + lists.messages.length + lists.idle.length;
  expect(await page.locator('#open-incidents').getAttribute('data-count')).toBe(String(open));
  expect(await page.locator('#open-incidents').textContent()).toContain(String(open));
});

it("the dashboard lists every publicity ending within 7 days, the unit's and both platform ones, with the last day the publicity lists print", {
  timeout: 120_000,
}, async () => {
  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready=""]').waitFor();
  // The page asks for those ending before its own clock's now + 7 days; the demo's all end well before either.
  const api = await everything(`/v1/publicities?endsBefore=${encodeURIComponent(new Date(Date.now() + 7 * 86_400_000).toISOString())}`);
  expect(new Set(api.map((p) => p.kind))).toEqual(new Set(['unit', 'qualification', 'result']));
  expect(api.length).toBeGreaterThan(20);
  expect(await page.locator('#publicities-title').textContent()).toContain(`（${api.length}）`);
  await showAll('section[aria-labelledby="publicities-title"]');
  const shown = await page
    .locator('#ending-publicities li')
    .evaluateAll((els) => els.map((li) => ({ id: li.getAttribute('data-id'), text: li.textContent ?? '' })));
  expect(shown.map((s) => s.id)).toEqual(api.map((p) => p.applicationId));
  const words = { unit: '单位内部公示', qualification: '评前公示', result: '评后公示' } as const;
  for (const [i, p] of api.entries())
    expect(shown[i]!.text, p.name).toContain(`${words[p.kind as keyof typeof words]} ${p.start} 至 ${p.lastDay}`);
  // The publicity lists end on the same day as the latest publicity in each.
  const listed = await page
    .locator('#publicity-lists li')
    .evaluateAll((els) =>
      els.map((li) => ({ stage: li.getAttribute('data-stage'), start: li.getAttribute('data-start'), text: li.textContent ?? '' })),
    );
  expect(listed.length).toBeGreaterThan(0);
  for (const l of listed) {
    const last = api
      .filter((p) => p.kind === l.stage && p.start === l.start)
      .map((p) => p.lastDay)
      .sort()
      .at(-1);
    expect(last, `${l.stage} ${l.start}`).toBeTruthy();
    expect(l.text).toContain(last);
  }
  await page.screenshot({ path: `${OUT}/dashboard-publicities.png`, fullPage: true });
});
