import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sexOf } from '../../machines/rules/id-number';
import { sexLabel } from '../../src/documents/labels';
import { A4, compact, readPdf } from '../documents/pdf-reader';
import { expectReadable } from '../documents/readable';
import { auth, createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { testUnits } from '../support/factories';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// 三(三): the committee office publishes the applicants' basic facts with the audit or review
// result for 5 working days, before and after the review. Lists for the bureau (CSV, HTML)
// and a public page, ID numbers masked everywhere.

const CONTACT = '评委会办公室（慈溪市北三环东路1999号615室，电话 63938300）';
const PUBLIC_URL = 'https://titles.example.cn';

let t: TestApp;
beforeAll(async () => {
  t = await testApp(T0, { objectionsContact: CONTACT, publicUrl: PUBLIC_URL });
});
afterAll(async () => {
  await replayAllThenClose(t);
});

/** 18 characters: the area code and the last four stay, the eight digits of the birth date are starred. */
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;
const get = (url: string, token?: string) => t.app.inject({ url, headers: token ? auth(token) : {} });
const committee = () => t.token({ sub: 'committee-office', role: 'committee' });

// The walk records the paper copies on Saturday 2021-08-07 (the day the unit publicity has
// elapsed): 5 working days from then are Monday 08-09 to Friday 08-13.
const START = '2021-08-07';
const END = '2021-08-13';

describe('the qualification publicity', () => {
  let planId: string;
  let people: Awaited<ReturnType<typeof applicationIn>>[];
  beforeAll(async () => {
    planId = await createPlan(t);
    people = [];
    for (let i = 0; i < 3; i++) people.push(await applicationIn(t, planId, 'qualificationPublicity'));
  });
  const base = () => `/v1/publicities/${planId}/qualification/${START}`;
  const readable = () => ({
    unitIds: testUnits.map((u) => u.id),
    itemIds: ['project-lead', 'paper', 'patent'],
    people: people.map((p) => ({ name: '张伟', idNumber: p.idNumber })),
    internalIds: people.map((p) => p.id),
  });

  it('is listed for the bureau with its period and size', async () => {
    const { items } = expectOk(await get(`/v1/publicity-lists?planId=${planId}`, committee()));
    expect(items).toEqual([
      {
        planId,
        stage: 'qualification',
        start: START,
        end: END,
        applications: 3,
        csv: `${base()}/list.csv`,
        html: `${base()}/list.html`,
        pdf: `${base()}/list.pdf`,
        publicPage: `${PUBLIC_URL}/v1/public/publicities/${planId}/qualification/${START}`,
      },
    ]);
  });

  it('exports as CSV that a parser reads back through the BOM, every ID number masked', async () => {
    const res = await get(`${base()}/list.csv`, committee());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(res.rawPayload, { bom: true });
    expect(rows[0]).toEqual(['序号', '姓名', '性别', '身份证号码', '工作单位', '申报资格', '申报专业', '资格审查结果', '公示期']);
    expect(rows.slice(1)).toEqual(
      people.map((p, i) => [
        String(i + 1),
        '张伟',
        sexLabel[sexOf(p.idNumber)],
        masked(p.idNumber),
        testUnits[0].name,
        '助理工程师（初级）',
        '建设工程',
        '资格审查通过',
        `${START}至${END}`,
      ]),
    );
    for (const p of people) expect(res.body).not.toContain(p.idNumber);
    expectReadable(compact(res.body), readable());
  });

  it('prints as an HTML page with the period and where to send objections', async () => {
    const res = await get(`${base()}/list.html`, committee());
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('2021年8月7日至2021年8月13日');
    expect(res.body).toContain(CONTACT);
    expect(res.body).toContain(testUnits[0].name);
    for (const p of people) {
      expect(res.body).toContain(masked(p.idNumber));
      expect(res.body).not.toContain(p.idNumber);
    }
    expectReadable(compact(res.body.replace(/<[^>]+>/g, '')), readable());
  });

  it('prints as an A4 landscape PDF with the period, where to send objections and page numbers', async () => {
    const res = await get(`${base()}/list.pdf`, committee());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pageSizes).toEqual([{ width: A4.height, height: A4.width }]);
    const [text] = pdf.pageTexts;
    for (const expected of ['资格审查公示', '2021年8月7日至2021年8月13日', compact(CONTACT), compact(testUnits[0].name), '第1页共1页'])
      expect(text).toContain(expected);
    for (const p of people) {
      expect(text).toContain(masked(p.idNumber));
      expect(text).not.toContain(p.idNumber);
    }
    expectReadable(text!, readable());
    expectProblem(await get(`${base()}/list.pdf`, people[0]!.tk.unit), 403, 'FORBIDDEN');
  });

  it('is for the bureau: applicants and units are 403, no token 401, another start day 404', async () => {
    const { tk } = people[0]!;
    for (const token of [tk.applicant, tk.unit]) {
      expectProblem(await get(`${base()}/list.csv`, token), 403, 'FORBIDDEN');
      expectProblem(await get(`/v1/publicity-lists?planId=${planId}`, token), 403, 'FORBIDDEN');
    }
    for (const role of [tk.hr, tk.admin]) expect((await get(`${base()}/list.csv`, role)).statusCode).toBe(200);
    expectProblem(await get(`${base()}/list.csv`), 401, 'UNAUTHENTICATED');
    expectProblem(await get(`/v1/publicities/${planId}/qualification/2021-08-06/list.csv`, committee()), 404, 'NOT_FOUND');
    expectProblem(await get(`/v1/publicities/${planId}/result/${START}/list.csv`, committee()), 404, 'NOT_FOUND');
  });

  it('has a public page, no token needed, with masked ID numbers only', async () => {
    const index = await get('/v1/public/publicities');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain(`href="publicities/${planId}/qualification/${START}"`);
    const page = await get(`/v1/public/publicities/${planId}/qualification/${START}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('资格审查公示');
    expect(page.body).toContain(CONTACT);
    for (const p of people) {
      expect(page.body).toContain(masked(p.idNumber));
      expect(page.body).not.toContain(p.idNumber);
      expect(page.body).not.toContain(p.idNumber.slice(6, 14));
    }
    expectReadable(compact(page.body.replace(/<[^>]+>/g, '')), readable());
  });

  it('drops an application found falsified, and ends with the publicity', async () => {
    const [first, ...rest] = people;
    expectOk(await send(t, first!.id, first!.tk.hr, 'FLAG_FALSIFIED', { finding: '学历造假' }));
    const rows: string[][] = parse((await get(`${base()}/list.csv`, committee())).rawPayload, { bom: true });
    expect(rows.slice(1).map((r) => r[3])).toEqual(rest.map((p) => masked(p.idNumber)));

    await setClock(t, '2021-08-14T02:00:00.000Z');
    expectProblem(await get(`/v1/public/publicities/${planId}/qualification/${START}`), 404, 'NOT_FOUND');
    expectProblem(await get(`${base()}/list.csv`, committee()), 404, 'NOT_FOUND');
    expect(expectOk(await get(`/v1/publicity-lists?planId=${planId}`, committee())).items).toEqual([]);
    expect((await get('/v1/public/publicities')).body).toContain('目前没有正在进行的公示');
  });
});

describe('the result publicity', () => {
  it('lists the review result under its own stage', async () => {
    const planId = await createPlan(t, 'intermediate');
    const { idNumber } = await applicationIn(t, planId, 'resultPublicity', 'intermediate');
    const { items } = expectOk(await get(`/v1/publicity-lists?planId=${planId}`, committee()));
    expect(items.map((p: Record<string, unknown>) => [p.stage, p.applications])).toEqual([['result', 1]]);
    const rows: string[][] = parse((await get(items[0].csv, committee())).rawPayload, { bom: true });
    expect(rows[0]![7]).toBe('评审结果');
    expect(rows[1]).toMatchObject({ 3: masked(idNumber), 5: '工程师（中级）', 7: '评审通过' });
    const page = await get(items[0].publicPage.replace(PUBLIC_URL, ''));
    expect(page.body).toContain('评审结果公示');
    expect(page.body).not.toContain(idNumber);
  });
});
