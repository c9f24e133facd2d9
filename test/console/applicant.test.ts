import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoApplicants } from '../../src/demo/actors';
import { pdfFile } from '../api/support/materials';
import { type ConsoleServer, consoleServer, launchChromium } from '../support/console';

// Issue 27, item 7: an applicant fills the draft in forms, uploads what the facts call for
// with the checklist ticking as files arrive, and submits — in Chromium, against the service
// with the demo season. The files asked for are written from the notice's 五(二), not read from
// the service.

const OUT = 'test-output';
const zhang = demoApplicants[0]!;
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

async function viewOf(id: string) {
  const res = await server.app.inject({
    url: `/v1/applications/${id}`,
    headers: { authorization: `Bearer ${server.token({ sub: zhang.id, role: 'applicant' })}` },
  });
  return res.json();
}

it('an applicant edits the draft in forms, uploads the files the facts call for, and submits', { timeout: 90_000 }, async () => {
  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready]').waitFor();
  await page.locator('button[data-role="applicant"]', { hasText: zhang.name }).click();
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.locator('#results').waitFor();
  await page.getByRole('link', { name: zhang.name }).click();
  await page.locator('#draft-form').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop()!;

  // A form per section, no JSON to type, and no generic UPDATE_DRAFT form beside it.
  const sections = await page.locator('#draft-form fieldset').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.section));
  expect(sections).toEqual(expect.arrayContaining(['basic', 'post', 'insurance', 'education', 'career', 'continuing', 'assessments']));
  expect(await page.locator('#draft-form textarea').count()).toBe(0);
  expect(await page.locator('#events button[data-event="UPDATE_DRAFT"]').count()).toBe(0);
  expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe(zhang.name);
  await page.screenshot({ path: `${OUT}/applicant-draft.png`, fullPage: true });

  // 五(二): a degree from 2001 on that the platform did not extract needs the diploma and the CHSI record.
  await page.getByLabel('学信网系统提取').uncheck();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('已保存申报信息。').waitFor();
  expect((await viewOf(id)).context.facts.education.proof.systemExtracted).toBe(false);
  const needed = () =>
    page
      .locator('#checklist li')
      .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.kind} ${(e as HTMLElement).dataset.uploaded}`));
  expect(await needed()).toEqual(['educationCertificate false', 'chsiRecord false']);
  await expect.poll(() => page.locator('#events').getByRole('button').allTextContents()).not.toContain('提交');
  expect(await page.locator('li[data-event="SUBMIT"]').textContent()).toContain('电子注册备案表');

  // Two files, one after the other, each with its progress.
  for (const [kind, name, seed] of [
    ['educationCertificate', '毕业证书.pdf', 1],
    ['chsiRecord', '学历电子注册备案表.pdf', 2],
  ] as const) {
    await page.getByLabel('材料类别').selectOption(kind);
    await page.getByLabel('文件（PDF、JPEG、PNG）').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdfFile(200_000, seed) });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.locator(`#checklist li[data-kind="${kind}"][data-uploaded="true"]`).waitFor();
    expect(await page.locator('#outcome').textContent()).toBe('已上传 1 个文件。');
  }
  expect(await needed()).toEqual(['educationCertificate true', 'chsiRecord true']);
  expect((await viewOf(id)).context.materials.map((m: { kind: string }) => m.kind)).toEqual(['educationCertificate', 'chsiRecord']);
  await page.screenshot({ path: `${OUT}/applicant-uploaded.png`, fullPage: true });
  // A file removed is asked for again.
  await page.locator('#draft-files li', { hasText: '学历电子注册备案表.pdf' }).getByRole('button', { name: '移除' }).click();
  await page.locator('#checklist li[data-kind="chsiRecord"][data-uploaded="false"]').waitFor();
  await page.getByLabel('材料类别').selectOption('chsiRecord');
  await page
    .getByLabel('文件（PDF、JPEG、PNG）')
    .setInputFiles({ name: '学历电子注册备案表.pdf', mimeType: 'application/pdf', buffer: pdfFile(1500, 2) });
  await page.getByRole('button', { name: '上传', exact: true }).click();
  await page.locator('#checklist li[data-kind="chsiRecord"][data-uploaded="true"]').waitFor();

  // A row added to the hours is saved with the rest.
  const rowsBefore = await page.locator('tr[data-row="draft-continuing"]').count();
  await page.getByRole('button', { name: '添加一行' }).first().click();
  await page.locator('tr[data-row="draft-continuing"]').last().locator('input[name="year"]').fill('2025');
  await page.locator('tr[data-row="draft-continuing"]').last().locator('input[name="publicHours"]').fill('20');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('已保存申报信息。').waitFor();
  const hours = (await viewOf(id)).context.facts.continuingEducation;
  expect(hours).toHaveLength(rowsBefore + 1);
  expect(hours.at(-1)).toEqual({ year: 2025, publicHours: 20, professionalHours: 0, onRecord: true });

  await page.locator('#events button[data-event="SUBMIT"]').click();
  await page.getByLabel('已签署诚信承诺').check();
  await page.getByRole('button', { name: '发送', exact: true }).click();
  await expect.poll(() => page.locator('#app-state').getAttribute('data-state')).toBe('submitted');
  expect(await page.locator('#draft-form').count()).toBe(0);
  await page.screenshot({ path: `${OUT}/applicant-submitted.png`, fullPage: true });
});
