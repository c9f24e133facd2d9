import { expect, it } from 'vitest';
import { demoConsole, li, OUT, staff } from './support/demo-console';

// A finding and the ban it records, in a real Chromium against the real service with the demo
// season on the test database: hr finds and flags an applicant, the admin lifts the ban. The
// API itself, called beside the browser, is the oracle for what the pages show.

const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { apiAs, idOf, signInAs } = ui;

async function find(q: string) {
  const { page } = ui;
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.getByLabel('姓名、身份证号、申报编号或证书编号').fill(q);
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === q);
  await page.locator('body[data-ready="find"]').waitFor();
}

it('hr signs in with a demo role, finds 李娜 by name, sees her state on the diagram, flags her and reads it in the timeline', {
  timeout: 60_000,
}, async () => {
  const { page, server } = ui;
  await page.goto(`${server.base}/`);
  expect(new URL(page.url()).pathname).toBe('/console/');
  expect(await page.title()).toContain('职称评审管理控制台');
  await signInAs('hr');

  const stats = await apiAs(staff.hr, '/v1/stats');
  for (const { state, count } of stats.body.items as { state: string; count: number }[])
    expect(await page.locator(`svg.chart g[data-state="${state}"]`).getAttribute('data-count')).toBe(String(count));
  await page.screenshot({ path: `${OUT}/dashboard.png` });

  await find(li.name);
  const rows = page.locator('#results tbody tr');
  expect(await rows.count()).toBe(1);
  const id = await idOf(li.name);
  expect(await rows.first().getAttribute('data-id')).toBe(id);
  await page.reload();
  await page.locator('#results').waitFor();
  expect(await page.locator('#results tbody tr').count()).toBe(1);
  expect(await page.getByLabel('姓名、身份证号、申报编号或证书编号').inputValue()).toBe(li.name);
  await page.screenshot({ path: `${OUT}/list.png` });

  await page.getByRole('link', { name: li.name }).click();
  const view = await apiAs(staff.hr, `/v1/applications/${id}`);
  await page.locator('svg.diagram').waitFor();
  expect(await page.locator('svg.diagram g.current').getAttribute('data-state')).toBe(view.body.state);
  expect(await page.locator('svg.diagram g.current').count()).toBe(1);
  const buttons = await page.locator('#events button').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.event));
  expect(buttons).toEqual(view.body.allowedEvents);
  expect(buttons).toContain('FLAG_FALSIFIED');

  await page.locator('#events button[data-event="FLAG_FALSIFIED"]').click();
  await page.getByLabel('认定事实').fill('业绩证明材料系伪造（浏览器测试）');
  await page.getByRole('button', { name: '发送' }).click();
  // A finding bans for three years: it is confirmed by typing the applicant's name.
  const dialog = page.getByRole('dialog');
  expect(await dialog.textContent()).toContain('认定弄虚作假');
  expect(await dialog.textContent()).toContain(li.name);
  const confirm = dialog.locator('#confirm-ok');
  expect(await confirm.isDisabled()).toBe(true);
  await dialog.getByLabel(`请输入“${li.name}”`).fill('李');
  expect(await confirm.isDisabled()).toBe(true);
  await dialog.getByLabel(`请输入“${li.name}”`).fill(li.name);
  await page.screenshot({ path: `${OUT}/confirm-single.png` });
  await confirm.click();
  await page.locator('#timeline li[data-type="FLAG_FALSIFIED"]').waitFor();
  const history = await apiAs(staff.hr, `/v1/applications/${id}/history`);
  const last = history.body.items.at(-1);
  expect(last).toMatchObject({
    type: 'FLAG_FALSIFIED',
    to: 'falsified',
    actor: { sub: 'demo-hr' },
    payload: { finding: '业绩证明材料系伪造（浏览器测试）' },
  });
  expect(await page.locator('svg.diagram g.current').getAttribute('data-state')).toBe('falsified');
  expect(await page.locator('#app-state').getAttribute('data-state')).toBe('falsified');
  const entry = page.locator(`#timeline li[data-seq="${last.seq}"]`);
  await entry.locator('summary').click();
  expect(await entry.locator('pre').textContent()).toContain('业绩证明材料系伪造（浏览器测试）');
  await page.screenshot({ path: `${OUT}/application.png`, fullPage: true });
});

it('an admin lifts the ban the finding recorded, with a reason, and reads the calendar years', { timeout: 60_000 }, async () => {
  const { page } = ui;
  await signInAs('admin');
  await page.getByRole('link', { name: '禁报名单' }).click();
  await page.getByLabel('身份证号').fill(li.id);
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('#bans').waitFor();
  const [ban] = (await apiAs(staff.admin, `/v1/bans?idNumber=${li.id}`)).body.items;
  expect(ban.liftedAt).toBeNull();
  await page.locator(`#bans tr[data-id="${ban.id}"]`).getByRole('button', { name: '解除' }).click();
  await page.getByLabel('理由').fill('复核后认定材料属实');
  await page.locator(`#bans tr[data-id="${ban.id}"] form`).getByRole('button', { name: '解除' }).click();
  await page.locator(`#bans tr[data-id="${ban.id}"][data-lifted="true"]`).waitFor();
  const [lifted] = (await apiAs(staff.admin, `/v1/bans?idNumber=${li.id}`)).body.items;
  expect(lifted).toMatchObject({ liftedBy: 'demo-admin', liftReason: '复核后认定材料属实' });

  await page.getByRole('link', { name: '工作日历' }).click();
  await page.locator('#calendar-years').waitFor();
  expect(await page.locator('#calendar-years tbody tr').count()).toBe(4);

  await page.getByRole('button', { name: '切换语言' }).click();
  await page.getByRole('heading', { name: 'Working-day calendar' }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  expect(await page.getByRole('link', { name: 'Find' }).count()).toBe(1);
  await page.getByRole('button', { name: 'Switch language' }).click();
  await page.getByRole('heading', { name: '工作日历' }).waitFor();
});
