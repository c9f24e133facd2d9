import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { multipart } from '../api/support/materials';
import { demoConsole, OUT, staff, zhang } from './support/demo-console';

// The documents the console links to, in a real Chromium against the real service with the
// demo season on the test database. The API itself, called beside the browser, is the oracle.

const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { apiAs, idOf, signInAs } = ui;

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
