import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { multipart } from '../api/support/materials';
import { demoConsole, OUT, staff, zhang } from './support/demo-console';

// The application page and the documents the console links to, in a real Chromium against the
// real service with the demo season on the test database. The API itself, called beside the
// browser, is the oracle for what the pages show.

const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { apiAs, idOf, open, signInAs } = ui;

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
  const { page } = ui;
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
  const { page } = ui;
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

/** Clicks a link that downloads; answers the file name the browser chose and the first bytes. */
async function downloadFrom(link: ReturnType<Page['locator']>) {
  // A PDF is made on demand: the first one a process makes takes seconds on a busy machine.
  const [file] = await Promise.all([ui.page.waitForEvent('download', { timeout: 60_000 }), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), head: readFileSync(path).subarray(0, 5).toString('latin1') };
}

it('documents are a click away: the review form for the unit, the certificate and its verification for staff, uploaded files, the publicity lists', {
  timeout: 90_000,
}, async () => {
  const { page, server } = ui;
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
