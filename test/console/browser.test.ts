import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { roles } from '../../machines/events';
import { demoApplicants } from '../../src/demo/actors';
import { multipart } from '../api/support/materials';
import { type ConsoleServer, consoleServer, launchChromium } from '../support/console';

// The console in a real Chromium, against the real service with the demo season on the test
// database. The API itself, called beside the browser, is the oracle for what the pages show.

const OUT = 'test-output';
const [zhang, li, wang] = demoApplicants as [(typeof demoApplicants)[0], (typeof demoApplicants)[0], (typeof demoApplicants)[0]];
let server: ConsoleServer;
let browser: Browser;
let page: Page;

const staff = {
  hr: { sub: 'demo-hr', role: 'hr' as const },
  unit: { sub: 'demo-unit-reviewer', role: 'unit' as const, unitId: 'U-DEMO-1' },
  admin: { sub: 'demo-admin', role: 'admin' as const },
};

async function apiAs(claims: Parameters<ConsoleServer['token']>[0], url: string, method: 'GET' | 'POST' = 'GET', payload?: object) {
  const res = await server.app.inject({ method, url, payload, headers: { authorization: `Bearer ${server.token(claims)}` } });
  return { status: res.statusCode, body: res.json() };
}

async function idOf(name: string): Promise<string> {
  const list = await apiAs(staff.hr, `/v1/applications?q=${encodeURIComponent(name)}`);
  expect(list.body.items).toHaveLength(1);
  return list.body.items[0].id;
}

/**
 * Signs in with a demo role. The page is waited for until drawn (body[data-ready]): whether
 * someone is still signed in is known only once the console has asked the service, so a
 * check made before that (isVisible right after goto) raced the drawing and, on a slower
 * database, clicked into a dashboard that had no sign-in buttons.
 */
async function signInAs(role: string, label?: string) {
  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready]').waitFor();
  if (await page.locator('#sign-out').isVisible()) {
    await page.locator('#sign-out').click();
    await page.locator('#token').waitFor();
  }
  const button = page.locator(`button[data-role="${role}"]`, label ? { hasText: label } : {});
  await button.click();
  await page.locator('svg.chart').waitFor();
}

/** Opens a console path and waits until the page is drawn. */
async function open(path: string) {
  await page.goto(`${server.base}/console/${path}`);
  await page.locator(`body[data-ready="${decodeURIComponent(path.split('?')[0] ?? '')}"]`).waitFor();
}

async function find(q: string) {
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.getByLabel('姓名、身份证号、申报编号或证书编号').fill(q);
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === q);
  await page.locator('body[data-ready="find"]').waitFor();
}

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

it('the demo sign-in lists a working token for every role, unauthenticated', async () => {
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

it('hr signs in with a demo role, finds 李娜 by name, sees her state on the diagram, flags her and reads it in the timeline', {
  timeout: 60_000,
}, async () => {
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

type HistoryItem = {
  seq: number;
  type: string;
  from: string | null;
  to: string;
  at: string;
  actor: { sub: string };
  payload: Record<string, unknown>;
};

/** The last entry that `test` accepts. */
const last = (items: HistoryItem[], test: (e: HistoryItem) => boolean) => items.filter(test).at(-1);

/** The Asia/Shanghai calendar date of an instant. */
const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

it('the application page shows every fact with who verified it, the opinions, the publicities with their objections, remarks as text and the raw context on demand', {
  timeout: 90_000,
}, async () => {
  await signInAs('hr');
  const committee = { sub: 'demo-committee', role: 'committee' as const };
  const inPublicity = (await apiAs(staff.hr, '/v1/applications?state=qualificationPublicity&limit=50')).body.items as { id: string }[];
  const id = inPublicity[0]!.id;
  // An objection raised now, by the committee, with a text of its own: open at first, then resolved.
  const objection = `浏览器测试异议：业绩材料存疑 ${Date.now()}`;
  expect((await apiAs(committee, `/v1/applications/${id}/events`, 'POST', { type: 'RAISE_OBJECTION', objection })).status).toBe(200);
  const view = (await apiAs(staff.hr, `/v1/applications/${id}`)).body;
  const history = (await apiAs(staff.hr, `/v1/applications/${id}/history`)).body.items as HistoryItem[];
  const unit = (await apiAs(staff.hr, `/v1/units/${view.unitId}`)).body;
  const facts = view.context.facts;

  await open(`applications/${id}`);
  // The unit by its registered name, not its id.
  const unitRow = page.locator('#facts-title ~ dl dd').nth(3);
  expect(await unitRow.textContent()).toBe(unit.name);
  for (const section of [
    'education',
    'insurance',
    'post',
    'career',
    'continuing',
    'assessments',
    'achievements',
    'opinions',
    'publicities',
    'interview',
    'fee',
    'paper',
  ])
    await page.locator(`#sec-${section}-title`).waitFor();
  const education = (await page.locator('#sec-education-title ~ dl').textContent()) ?? '';
  expect(education).toContain(facts.education.graduatedOn);
  expect(education).not.toContain(facts.education.level);
  // Each verification with who and the note, as the history and context record them.
  for (const fact of Object.keys(view.context.verifications)) {
    const verified = last(history, (e) => e.type.endsWith('_VERIFY_FACT') && e.payload.fact === fact)!;
    const line = page.locator(`p[data-fact="${fact}"]`);
    expect(await line.getAttribute('data-verified')).toBe('true');
    const text = await line.textContent();
    expect(text).toContain(view.context.verifications[fact].note);
    expect(text).toContain(verified.actor.sub);
  }
  expect(await page.locator('#continuing tbody tr').count()).toBe(facts.continuingEducation.length);
  expect(await page.locator('#continuing tbody tr').first().textContent()).toContain(
    String(facts.continuingEducation[0].professionalHours),
  );
  expect(await page.locator('#assessments tbody tr').count()).toBe(facts.annualAssessments.length);
  const items = await page.locator('#achievements tbody tr td:first-child').allTextContents();
  expect(items).toEqual(
    facts.achievements.map((a: { itemId: string }) => view.context.plan.scoringItems.find((i: { id: string }) => i.id === a.itemId).name),
  );

  // The unit's and the bureau's opinions, in their words.
  const unitOpinion = last(history, (e) => e.type === 'UNIT_APPROVE')!;
  const bureauOpinion = last(history, (e) => e.type === 'AUDIT_APPROVE')!;
  expect(await page.locator('#op-unit').textContent()).toContain(unitOpinion.payload.opinion as string);
  expect(await page.locator('#op-hr').textContent()).toContain(bureauOpinion.payload.opinion as string);

  // The publicity's dates as the publicity lists print them; the objection, who raised it, still open.
  const received = last(history, (e) => e.type === 'PAPER_RECEIVED')!;
  const lists = (await apiAs(staff.hr, '/v1/publicity-lists')).body.items as { stage: string; start: string; end: string }[];
  const list = lists.find((l) => l.stage === 'qualification' && l.start === shanghaiDate(received.at))!;
  const publicity = page.locator('#publicities li[data-stage="qualification"]');
  expect(await publicity.textContent()).toContain(`${list.start} 至 ${list.end}`);
  const raised = last(history, (e) => e.type === 'RAISE_OBJECTION')!;
  const entry = publicity.locator(`li[data-seq="${raised.seq}"]`);
  expect(await entry.getAttribute('data-resolved')).toBe('false');
  expect(await entry.textContent()).toContain(objection);
  expect(await entry.textContent()).toContain('demo-committee');

  // Remarks as text in the timeline, not only inside the raw payload.
  expect(await page.locator(`#timeline li[data-seq="${bureauOpinion.seq}"] .remark`).textContent()).toContain(
    bureauOpinion.payload.opinion as string,
  );
  expect(await page.locator(`#timeline li[data-seq="${raised.seq}"] .remark`).textContent()).toContain(objection);
  // The raw context, collapsed until asked for.
  const raw = page.locator('#raw-context');
  expect(await raw.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  await raw.locator('summary').click();
  expect(JSON.parse((await raw.locator('pre').textContent()) ?? '')).toMatchObject({ context: { applicationId: id } });

  // Resolved: its outcome and resolution, with who resolved it.
  const resolution = '经核查，业绩材料真实有效';
  expect((await apiAs(committee, `/v1/applications/${id}/events`, 'POST', { type: 'RESOLVE_OBJECTION', resolution })).status).toBe(200);
  await open(`applications/${id}`);
  expect(await entry.getAttribute('data-resolved')).toBe('true');
  expect(await entry.textContent()).toContain(resolution);
  expect(await entry.textContent()).toContain('异议不成立');
  await page.screenshot({ path: `${OUT}/application-record.png`, fullPage: true });

  // In English, the same sections and words.
  await page.getByRole('button', { name: '切换语言' }).click();
  await page.getByRole('heading', { name: 'Continuing-education hours' }).waitFor();
  expect(await page.locator('#sec-education-title ~ dl').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
  await page.getByRole('button', { name: 'Switch language' }).click();
  await page.getByRole('heading', { name: '继续教育学时' }).waitFor();
});

it('an audit the facts do not allow yet names the unverified facts, and who must verify them, in words', { timeout: 60_000 }, async () => {
  await signInAs('hr');
  const audits = (await apiAs(staff.hr, '/v1/applications?state=municipalAudit&limit=50')).body.items as { id: string }[];
  const views = await Promise.all(audits.map(async (a) => (await apiAs(staff.hr, `/v1/applications/${a.id}`)).body));
  const blocked = views.find((v) => v.blockedEvents.some((b: { code: string }) => b.code === 'FACTS_UNVERIFIED'))!;
  const { unverified } = blocked.blockedEvents.find((b: { code: string }) => b.code === 'FACTS_UNVERIFIED');
  expect(unverified.length).toBeGreaterThan(0);
  // The words a clerk reads for each fact the API names (SPEC §9: who verifies which).
  const words: Record<string, string> = {
    socialInsurance: '社保缴纳（须由用人单位核实）',
    post: '岗位（须由用人单位核实）',
    education: '学历（须由人社部门核实）',
    continuingEducation: '继续教育（须由人社部门核实）',
  };
  await open(`applications/${blocked.id}`);
  const line = page.locator('li[data-event="AUDIT_APPROVE"]');
  expect(await line.getAttribute('data-code')).toBe('FACTS_UNVERIFIED');
  const text = (await line.textContent()) ?? '';
  for (const fact of unverified) {
    expect(text).toContain(words[fact]);
    expect(text).not.toContain(fact);
    expect(await page.locator(`p[data-fact="${fact}"]`).getAttribute('data-verified')).toBe('false');
  }
  await page.screenshot({ path: `${OUT}/application-unverified.png`, fullPage: true });
});

it('the sign-in survives a new tab with no token in the address or in storage, and signing out ends it in every tab and browser', {
  timeout: 60_000,
}, async () => {
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

/** Clicks a link that downloads; answers the file name the browser chose and the first bytes. */
async function downloadFrom(link: ReturnType<Page['locator']>) {
  // A PDF is made on demand: the first one a process makes takes seconds on a busy machine.
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), head: readFileSync(path).subarray(0, 5).toString('latin1') };
}

it('documents are a click away: the review form for the unit, the certificate and its verification for staff, uploaded files, the publicity lists', {
  timeout: 90_000,
}, async () => {
  // An uploaded file of the demo's draft (张伟), through the API as the applicant would.
  const zhangId = await idOf(zhang.name);
  const { payload, contentType } = await multipart(
    { kind: 'achievement' },
    { name: '业绩证明.pdf', bytes: Buffer.from('%PDF-1.7\n%demo\n') },
  );
  const uploaded = await server.app.inject({
    method: 'POST',
    url: `/v1/applications/${zhangId}/materials`,
    headers: { authorization: `Bearer ${server.token({ sub: zhang.id, role: 'applicant' })}`, 'content-type': contentType },
    payload,
  });
  expect(uploaded.statusCode).toBe(201);

  await signInAs('unit');
  const [paper] = (await apiAs(staff.unit, '/v1/applications?state=paperSubmission&limit=1')).body.items;
  const form = await apiAs(staff.unit, `/v1/applications/${paper.id}`);
  await page.goto(`${server.base}/console/applications/${paper.id}`);
  const formFile = await downloadFrom(page.locator('#doc-review-form a'));
  // The form prints its code in two groups of four, as the copies carry it (三(二)).
  const code = form.body.context.reviewForm.verificationCode as string;
  expect(formFile).toEqual({ name: `评审表-${paper.name}-${code.slice(0, 4)}-${code.slice(4)}.pdf`, head: '%PDF-' });
  expect(await page.locator('#doc-review-form').textContent()).toContain(`${code.slice(0, 4)}-${code.slice(4)}`);
  await page.screenshot({ path: `${OUT}/documents-unit.png`, fullPage: true });
  await page.goto(`${server.base}/console/applications/${zhangId}`);
  expect(await downloadFrom(page.locator('#materials a', { hasText: '业绩证明.pdf' }))).toEqual({ name: '业绩证明.pdf', head: '%PDF-' });

  await signInAs('hr');
  const [certified] = (await apiAs(staff.hr, '/v1/applications?state=certified&limit=1')).body.items;
  const cert = (await apiAs(staff.hr, `/v1/applications/${certified.id}/certificate`)).body;
  await page.goto(`${server.base}/console/applications/${certified.id}`);
  expect(await downloadFrom(page.locator('#doc-certificate a[download]'))).toEqual({ name: `证书-${cert.number}.pdf`, head: '%PDF-' });
  const [verification] = await Promise.all([page.waitForEvent('popup'), page.locator('#doc-verify').click()]);
  await verification.waitForLoadState();
  expect(new URL(verification.url()).pathname).toBe(`/v1/public/certificates/${cert.verificationCode}`);
  const publicAnswer = await server.app.inject({
    url: `/v1/public/certificates/${cert.verificationCode}`,
    headers: { accept: 'application/json' },
  });
  expect(publicAnswer.json().status).toBe('valid');
  await verification.close();

  // The lists of the publicities in progress, from the dashboard.
  await page.goto(`${server.base}/console/`);
  const lists = (await apiAs(staff.hr, '/v1/publicity-lists')).body.items;
  expect(lists.length).toBeGreaterThan(0);
  await page.locator('#publicity-lists').waitFor();
  expect(await page.locator('#publicity-lists li').count()).toBe(lists.length);
  const first = page.locator(`#publicity-lists li[data-stage="${lists[0].stage}"][data-start="${lists[0].start}"]`).first();
  const csv = await downloadFrom(first.locator('a', { hasText: 'CSV' }));
  expect(csv.name).toMatch(new RegExp(`^公示名单-.*-${lists[0].stage}-${lists[0].start}\\.csv$`));
  const [printable] = await Promise.all([page.waitForEvent('popup'), first.locator('a[target="_blank"]').click()]);
  await printable.waitForLoadState();
  expect(await printable.locator('body').textContent()).toContain('公示');
  await printable.close();
  await page.screenshot({ path: `${OUT}/dashboard-lists.png`, fullPage: true });
});

it('an applicant sees only their own application, also at phone width', { timeout: 60_000 }, async () => {
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

it('a unit applies one event to the applications selected in the list and sees each outcome', { timeout: 60_000 }, async () => {
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
