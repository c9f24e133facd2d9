import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleServer, consoleServer, launchChromium } from '../support/console';

// Issue 27, item 6: the registers an admin keeps — bans (the demo season's findings)
// — in Chromium against the demo season. The API, called beside the browser, is the oracle.

const OUT = 'test-output';
let server: ConsoleServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await consoleServer('2026-03-02T02:00:00.000Z');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const admin = { sub: 'demo-admin', role: 'admin' as const };
async function apiAs(url: string) {
  const res = await server.app.inject({ url, headers: { authorization: `Bearer ${server.token(admin)}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function signInAsAdmin() {
  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready]').waitFor();
  if (await page.locator('#sign-out').isVisible()) {
    await page.locator('#sign-out').click();
    await page.locator('#token').waitFor();
  }
  await page.locator('button[data-role="admin"]').click();
  await page.locator('svg.chart').waitFor();
}

it('lists every ban by the applicant’s name and plan, filters them, and shows who lifted one, when and why', {
  timeout: 60_000,
}, async () => {
  await signInAsAdmin();
  await page.getByRole('link', { name: '禁报名单' }).click();
  await page.locator('#bans').waitFor();
  const all = (await apiAs('/v1/bans?limit=50')).items as { id: string; name: string; idNumber: string }[];
  expect(all.length).toBeGreaterThan(0);
  const rows = page.locator('#bans tbody tr');
  expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).toEqual(all.map((b) => b.id));
  for (const [i, ban] of all.entries()) {
    const name = await rows.nth(i).locator('td').first().locator('a').textContent();
    expect(name).toBe(ban.name);
  }
  expect(await page.locator('#bans').textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  await page.screenshot({ path: `${OUT}/bans.png`, fullPage: true });

  const first = all[0]!;
  await page.locator(`#bans tr[data-id="${first.id}"]`).getByRole('button', { name: '解除' }).click();
  await page.getByLabel('理由').fill('复核后认定材料属实');
  await page.locator(`#bans tr[data-id="${first.id}"] form`).getByRole('button', { name: '解除' }).click();
  await page.locator(`#bans tr[data-id="${first.id}"][data-lifted="true"]`).waitFor();
  const cell = await page.locator(`#bans tr[data-id="${first.id}"] td`).last().textContent();
  expect(cell).toContain('demo-admin');
  expect(cell).toContain('复核后认定材料属实');

  await page.getByLabel('状态').selectOption('lifted');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((url) => url.searchParams.get('state') === 'lifted');
  await page.locator('body[data-ready="bans"]').waitFor();
  expect(await page.locator('#bans tbody tr').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).toEqual([first.id]);

  await page.getByLabel('状态').selectOption('standing');
  await page.getByLabel('申报资格').selectOption('intermediate');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((url) => url.searchParams.get('level') === 'intermediate');
  await page.locator('body[data-ready="bans"]').waitFor();
  const expected = (await apiAs('/v1/bans?state=standing&level=intermediate')).items.map((b: { id: string }) => b.id);
  const shown = page.locator('#bans tbody tr, #bans-none');
  await shown.first().waitFor();
  expect(await page.locator('#bans tbody tr').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).toEqual(expected);
});

it('the audit log names every admin action in words, pages to its end, and filters by kind', { timeout: 60_000 }, async () => {
  await signInAsAdmin();
  // Actions of a kind the demo season has none of, taken through the API beside the browser:
  // enough of them that the log runs onto a second page.
  for (let i = 0; i < 60; i++) {
    const res = await server.app.inject({
      method: 'PUT',
      url: '/v1/calendar/2031',
      headers: { authorization: `Bearer ${server.token(admin)}` },
      payload: { holidays: ['2031-01-01'], workdays: [] },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  await page.getByRole('link', { name: '操作日志' }).click();
  await page.locator('#audit').waitFor();
  const first = (await apiAs('/v1/audit?limit=50')).items as { id: number; action: string }[];
  expect(await page.locator('#audit tbody tr').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.id)))).toEqual(
    first.map((e) => e.id),
  );
  const text = (await page.locator('#audit').textContent()) ?? '';
  expect(text).toContain('载入工作日历');
  expect(text).toContain('2031年工作日历');
  expect(text).not.toMatch(/null|undefined|[0-9a-f]{8}-[0-9a-f]{4}-|\b(plan|unit|ban|calendar|batch)\.[a-z]+\b/);
  await page.screenshot({ path: `${OUT}/audit.png`, fullPage: true });

  // Every page to the end, each entry once.
  const total = [] as number[];
  let cursor = '';
  do {
    const batch = await apiAs(`/v1/audit?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    total.push(...batch.items.map((e: { id: number }) => e.id));
    cursor = batch.nextCursor ?? '';
  } while (cursor);
  const seen = [] as number[];
  for (;;) {
    seen.push(...(await page.locator('#audit tbody tr').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.id)))));
    const next = page.getByRole('link', { name: '下一页' });
    if ((await next.count()) === 0) {
      await page.screenshot({ path: `${OUT}/audit-last.png`, fullPage: true });
      break;
    }
    const top = await page.locator('#audit tbody tr').first().getAttribute('data-id');
    await next.click();
    await expect.poll(() => page.locator('#audit tbody tr').first().getAttribute('data-id')).not.toBe(top);
    await page.locator('body[data-ready="audit"]').waitFor();
  }
  expect(seen).toEqual(total);
  expect(total.length).toBeGreaterThan(50);

  await page.getByLabel('操作').selectOption('calendar.load');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((url) => url.searchParams.get('action') === 'calendar.load');
  await page.locator('body[data-ready="audit"]').waitFor();
  const kinds = await page.locator('#audit tbody tr').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action));
  expect(kinds).toEqual(Array(50).fill('calendar.load'));
});

it('lists the plans with their definition, terms and conditions in words; the admin changes one with a reason and creates one', {
  timeout: 60_000,
}, async () => {
  await signInAsAdmin();
  await page.getByRole('link', { name: '评审计划' }).click();
  await page.locator('#plans').waitFor();
  const plans = (await apiAs('/v1/plans')).items as { id: string; scoringItems: { id: string; name: string }[]; closesAt: string }[];
  const ids = await page.locator('#plans tbody tr').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
  expect(ids.sort()).toEqual(plans.map((p) => p.id).sort());
  const text = (await page.locator('#plans').textContent()) ?? '';
  expect(text).toContain('流程定义 v1');
  for (const item of plans.flatMap((p) => p.scoringItems)) {
    expect(text).toContain(item.name);
    expect(text).not.toContain(item.id);
  }

  const plan = plans[0]!;
  const row = page.locator(`#plans tr[data-id="${plan.id}"]`);
  await row.getByText('修改申报期或评审费').click();
  await row.locator('input[name="closesAt"]').fill('2026-12-30');
  await row.locator('input[name="reason"]').fill('顺延申报截止日期');
  await row.getByRole('button', { name: '保存修改' }).click();
  await expect.poll(async () => (await apiAs('/v1/plans')).items.find((p: { id: string }) => p.id === plan.id).closesAt).toBe('2026-12-30');
  await page.locator(`#plans tr[data-id="${plan.id}"]`).getByText('修改记录').click();
  const changes = page.locator(`#plans tr[data-id="${plan.id}"] details[data-history] li`);
  await expect.poll(() => changes.first().textContent()).toContain(`截止申报 ${plan.closesAt} → 2026-12-30`);
  expect(await changes.first().textContent()).toContain('顺延申报截止日期');

  // An intermediate plan with no routes is refused in words; with one it is created, on version 1.
  const form = page.locator('#plan-form');
  await form.locator('input[name="specialty"]').fill('电子信息');
  await form.locator('input[name="opensAt"]').fill('2027-03-01');
  await form.locator('input[name="closesAt"]').fill('2027-04-30');
  await form.getByRole('button', { name: '创建评审计划' }).click();
  await expect.poll(() => form.locator('.problem').getAttribute('data-code')).toBe('PLAN_INCOMPLETE');
  await form.getByRole('button', { name: '添加一行' }).nth(1).click();
  await form.getByRole('button', { name: '创建评审计划' }).click();
  await expect.poll(async () => (await apiAs('/v1/plans')).items.length).toBe(plans.length + 1);
  const created = (await apiAs('/v1/plans')).items.find((p: { specialty: string }) => p.specialty === '电子信息');
  expect(created).toMatchObject({
    level: 'intermediate',
    definitionVersion: 1,
    intermediateRoutes: [{ education: 'bachelor', seniority: 'assistantEngineer', years: 4 }],
    skilledRoutes: [],
  });
  await page.locator(`#plans tr[data-id="${created.id}"]`).waitFor();
  await page.screenshot({ path: `${OUT}/plans.png`, fullPage: true });
});

it('the admin registers a webhook endpoint, reads its key once, pauses and resumes it, gives it a new key and removes it', {
  timeout: 60_000,
}, async () => {
  await signInAsAdmin();
  await page.getByRole('link', { name: '推送端点' }).click();
  await page.locator('#hook-form').waitFor();
  // A documentation address (TEST-NET-3): public, so the destination guard lets it be registered.
  await page.getByLabel('地址').fill('https://203.0.113.10/title-review');
  await page.getByRole('button', { name: '登记推送端点' }).click();
  const secret = await page.locator('#confirm-message').textContent();
  expect(secret).toMatch(/签名密钥（只显示这一次）：\s*[0-9a-f]{64}/);
  await page.locator('#confirm-ok').click();
  const [hook] = (await apiAs('/v1/webhooks')).items as { id: string }[];
  const row = page.locator(`#hooks tr[data-id="${hook!.id}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('全部事件');

  await row.getByRole('button', { name: '暂停' }).click();
  await page.locator(`#hooks tr[data-id="${hook!.id}"][data-paused="true"]`).waitFor();
  expect((await apiAs(`/v1/webhooks/${hook!.id}`)).pausedAt).not.toBeNull();
  await page.locator(`#hooks tr[data-id="${hook!.id}"]`).getByRole('button', { name: '恢复推送' }).click();
  await page.locator(`#hooks tr[data-id="${hook!.id}"][data-paused="false"]`).waitFor();

  await page.locator(`#hooks tr[data-id="${hook!.id}"]`).getByRole('button', { name: '更换密钥' }).click();
  await page.getByLabel('理由').fill('密钥可能外泄');
  await page.locator(`#hooks tr[data-id="${hook!.id}"] form`).getByRole('button', { name: '更换密钥' }).click();
  const rotated = await page.locator('#confirm-message').textContent();
  expect(rotated).toMatch(/[0-9a-f]{64}/);
  expect(rotated).not.toContain(secret!.match(/[0-9a-f]{64}/)![0]);
  await page.locator('#confirm-ok').click();
  await page.screenshot({ path: `${OUT}/webhooks.png`, fullPage: true });

  await page.locator(`#hooks tr[data-id="${hook!.id}"]`).getByRole('button', { name: '删除端点' }).click();
  await page.locator('#confirm-ok').click();
  await expect.poll(async () => (await apiAs('/v1/webhooks')).items.length).toBe(0);
  const audit = (await apiAs('/v1/audit?limit=10')).items.map((e: { action: string }) => e.action);
  expect(audit.slice(0, 5)).toEqual(['webhook.delete', 'webhook.rotate', 'webhook.edit', 'webhook.edit', 'webhook.create']);
});

it('the admin tries a definition migration, then applies it with a reason confirmed by the count', { timeout: 60_000 }, async () => {
  await signInAsAdmin();
  await page.getByRole('link', { name: '流程迁移' }).click();
  await page.locator('#migration-form').waitFor();
  const [plan] = (await apiAs('/v1/plans')).items as { id: string }[];
  await page.getByLabel('评审计划').selectOption(plan!.id);
  await page.getByRole('button', { name: '试运行' }).click();
  await page.locator('#migration-items, #migration-out p').first().waitFor();
  const dry = page.locator('#migration-items tbody tr');
  const would = await dry.evaluateAll((els) => els.filter((e) => (e as HTMLElement).dataset.outcome === 'wouldMove').length);
  expect(would).toBeGreaterThan(0);
  expect(await page.locator('#migration-out').textContent()).toContain('未作任何修改');
  await page.getByLabel('理由', { exact: true }).fill('试行新通知');
  await page.getByRole('button', { name: '执行迁移' }).click();
  await page.locator('#confirm-typed').fill(String(would));
  await page.locator('#confirm-ok').click();
  // Each application moves as its own recorded event: a hundred and more take seconds.
  await expect.poll(() => page.locator('#migration-out h3').textContent(), { timeout: 45_000 }).toContain(`已迁移 ${would} 件`);
  const runs = (await apiAs('/v1/migrations')).items as { id: string; moved: number; reason: string }[];
  await page.locator(`#migration-runs tr[data-id="${runs[0]!.id}"]`).waitFor();
  expect(runs[0]).toMatchObject({ moved: would, reason: '试行新通知' });
  await page.screenshot({ path: `${OUT}/migrations.png`, fullPage: true });
});
