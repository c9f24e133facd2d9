import { expect, it } from 'vitest';
import { demoConsole, li, OUT, staff, wang, zhang } from './support/demo-console';

// What staff do to applications from the console, in a real Chromium against the real service
// with the demo season on the test database: hr finds and flags an applicant, events are applied
// to many applications at once, the admin lifts the ban the finding recorded. The API itself,
// called beside the browser, is the oracle for what the pages show. The tests share one page
// and run in this order (the ban is lifted last, as an admin would, after the batches).

const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { apiAs, idOf, open, signInAs } = ui;

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

it('a unit applies one event to the applications selected in the list and sees each outcome', { timeout: 60_000 }, async () => {
  const { page } = ui;
  await signInAs('unit');
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.locator('#results').waitFor();
  const [zhangId, wangId] = [await idOf(zhang.name), await idOf(wang.name)];
  const before = await apiAs(staff.unit, `/v1/applications/${zhangId}`);
  expect(before.body.state).toBe('draft');
  expect((await apiAs(staff.unit, `/v1/applications/${wangId}`)).body.state).toBe('unitPublicity');

  await page.getByLabel(`选择 ${zhang.name}`).check();
  await page.getByLabel(`选择 ${wang.name}`).check();
  // No event is chosen before the clerk chooses one.
  expect(await page.locator('#bulk-event').inputValue()).toBe('');
  expect(await page.getByRole('button', { name: '对选中的 2 件执行' }).isDisabled()).toBe(true);
  await page.getByLabel('事件').selectOption('RETURN_TO_APPLICANT');
  await page.locator('#bulk-title ~ form').getByLabel('理由').fill('请补充近三年考核材料');
  await page.getByRole('button', { name: '对选中的 2 件执行' }).click();
  // Every batch is confirmed, naming its event and its count.
  const dialog = page.getByRole('dialog');
  expect(await dialog.textContent()).toContain('将对选中的 2 件申报执行“退回申报人”');
  await page.screenshot({ path: `${OUT}/confirm-batch.png` });
  await dialog.getByRole('button', { name: '确认对 2 件执行' }).click();
  await page.locator('#bulk-results').waitFor();
  // The rows show the states as they are now.
  expect(await page.locator(`#results tr[data-id="${wangId}"] .state`).getAttribute('data-state')).toBe('draft');

  expect(await page.locator(`#bulk-results tr[data-id="${wangId}"]`).getAttribute('data-outcome')).toBe('applied');
  expect(await page.locator(`#bulk-results tr[data-id="${zhangId}"]`).getAttribute('data-outcome')).toBe('refused');
  expect(await page.locator(`#bulk-results tr[data-id="${zhangId}"]`).textContent()).toContain('ILLEGAL_TRANSITION');
  expect((await apiAs(staff.unit, `/v1/applications/${wangId}`)).body.state).toBe('draft');
  expect((await apiAs(staff.unit, `/v1/applications/${zhangId}`)).body.version).toBe(before.body.version);
});

it('a batch never opens on a destructive event; a batch finding is confirmed by typing its count, and a cancelled one applies nothing', {
  timeout: 60_000,
}, async () => {
  const { page } = ui;
  await signInAs('hr');
  await open('find?state=qualificationPublicity');
  const options = await page.locator('#bulk-event option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  expect(options).toContain('FLAG_FALSIFIED');
  expect(await page.locator('#bulk-event').inputValue()).toBe('');
  const ids = await page.locator('#results tbody tr').evaluateAll((els) => els.slice(0, 2).map((e) => (e as HTMLElement).dataset.id!));
  const before = await Promise.all(ids.map(async (id) => (await apiAs(staff.hr, `/v1/applications/${id}`)).body.version));
  for (const id of ids) await page.locator(`#results tr[data-id="${id}"] input[type="checkbox"]`).check();
  await page.getByLabel('事件').selectOption('FLAG_FALSIFIED');
  await page.locator('#bulk-title ~ form').getByLabel('认定事实').fill('批量认定（浏览器测试，应被取消）');
  await page.getByRole('button', { name: '对选中的 2 件执行' }).click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.textContent()).toContain('将对选中的 2 件申报执行“认定弄虚作假”');
  expect(await dialog.locator('#confirm-ok').isDisabled()).toBe(true);
  await dialog.getByLabel('请输入“2”').fill('3');
  expect(await dialog.locator('#confirm-ok').isDisabled()).toBe(true);
  await dialog.getByLabel('请输入“2”').fill('2');
  expect(await dialog.locator('#confirm-ok').isDisabled()).toBe(false);
  await page.screenshot({ path: `${OUT}/confirm-batch-typed.png` });
  await dialog.getByRole('button', { name: '取消' }).click();
  await page.getByText('已取消，未执行任何操作。').waitFor();
  expect(await page.getByRole('dialog').count()).toBe(0);
  const after = await Promise.all(ids.map(async (id) => (await apiAs(staff.hr, `/v1/applications/${id}`)).body.version));
  expect(after).toEqual(before);
});

it('hr applies one event to every application the filter matches, as a batch the service runs, and reads it back under batches', {
  timeout: 90_000,
}, async () => {
  const { page } = ui;
  await signInAs('hr');
  const matching = (await apiAs(staff.hr, '/v1/applications?state=municipalAudit&limit=200')).body.items as { id: string; name: string }[];
  expect(matching.length).toBeGreaterThan(1);
  await open('find?state=municipalAudit');
  await page.getByLabel('事件').selectOption('AUDIT_APPROVE');
  await page.locator('#bulk-all').click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.textContent()).toContain(`将对符合当前查找条件的全部 ${matching.length} 件申报执行“资格审查通过”`);
  await page.screenshot({ path: `${OUT}/confirm-all.png` });
  await dialog.getByRole('button', { name: `确认对 ${matching.length} 件执行` }).click();
  await page.locator('#batch-progress[data-status="done"]').waitFor({ timeout: 60_000 });

  const [batch] = (await apiAs(staff.hr, '/v1/batches')).body.items;
  expect(batch).toMatchObject({ type: 'AUDIT_APPROVE', total: matching.length, status: 'done', startedBy: { sub: 'demo-hr' } });
  const items = (await apiAs(staff.hr, `/v1/batches/${batch.id}/items`)).body.items as { applicationId: string; outcome: string }[];
  expect(items.map((i) => i.applicationId).sort()).toEqual(matching.map((a) => a.id).sort());
  // Each outcome as the application shows it now; the rows show the states as they are now.
  for (const item of items) {
    const now = (await apiAs(staff.hr, `/v1/applications/${item.applicationId}`)).body;
    expect(now.state).toBe(item.outcome === 'applied' ? 'paperSubmission' : 'municipalAudit');
    expect(await page.locator(`#results tr[data-id="${item.applicationId}"] .state`).getAttribute('data-state')).toBe(now.state);
  }
  const refused = items.filter((i) => i.outcome === 'refused');
  expect(batch.counts.refused).toBe(refused.length);
  // The refused are listed 20 at a time, to the end.
  const more = page.locator('#batch-refused + .pager button');
  while (await more.isVisible()) {
    const before = await page.locator('#batch-refused li').count();
    await more.click();
    await expect.poll(() => page.locator('#batch-refused li').count()).toBeGreaterThan(before);
  }
  expect(await page.locator('#batch-refused li').count()).toBe(refused.length);
  for (const r of refused)
    expect(await page.locator(`#batch-refused li[data-id="${r.applicationId}"]`).textContent()).toContain(
      matching.find((a) => a.id === r.applicationId)!.name,
    );
  await page.screenshot({ path: `${OUT}/batch-all.png`, fullPage: true });

  await page.getByRole('link', { name: '批量操作记录' }).click();
  const row = page.locator(`#batches tr[data-id="${batch.id}"]`);
  await row.waitFor();
  const text = (await row.textContent()) ?? '';
  for (const words of ['资格审查通过', '人社部门 demo-hr', '状态：资格审查', '已完成', `共 ${matching.length} 件`])
    expect(text).toContain(words);
  await page.screenshot({ path: `${OUT}/batches.png`, fullPage: true });
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
