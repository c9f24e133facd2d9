import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCertificate } from '../../src/documents/certificate';
import { certificateInput } from '../documents/fixtures';
import { qrCodesOn, readPdf } from '../documents/pdf-reader';
import { auth, createPlan, type TestApp, testApp } from '../support/app';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, nextIdNumber, T0 } from './support/walk';

// 三(四): a stranger checks a printed certificate by its QR code or by typing its number and
// code. The answer repeats the record — holder, masked ID number, number, title, specialty,
// year, committee, issuer, state — in Chinese and English, so that a print with a real code
// under another name is caught by comparing the two. Expected values written from the notice
// and the plan, not read from the code.

const PUBLIC_URL = 'https://titles.example.cn';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let t: TestApp;
let holder: { id: string; idNumber: string; number: string; code: string };
beforeAll(async () => {
  t = await testApp(T0, { publicUrl: PUBLIC_URL, verifyRateLimit: 1000 });
  const planId = await createPlan(t, 'intermediate');
  const { id, idNumber, tk } = await applicationIn(t, planId, 'certified', 'intermediate');
  const record = expectOk(await t.app.inject({ url: `/v1/applications/${id}/certificate`, headers: auth(tk.applicant) }));
  holder = { id, idNumber, number: record.number, code: record.verificationCode };
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const get = (url: string, accept?: string) =>
  t.app.inject({ url: url.replace(PUBLIC_URL, ''), remoteAddress: '203.0.113.9', headers: accept ? { accept } : {} });
const masked = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
const grouped = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

describe('certificate verification', () => {
  it('answers a client with the record as issued, in JSON', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const res = await get(`/v1/public/certificates/${holder.code}`, accept);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(expectOk(res)).toEqual({
        status: 'valid',
        certificateNumber: holder.number,
        holder: { name: '张伟', idNumber: masked(holder.idNumber) },
        level: 'intermediate',
        qualification: { zh: '工程师（中级）', en: 'Engineer (intermediate)' },
        specialty: '建设工程',
        year: 2021,
        committee: {
          zh: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
          en: 'Cixi Review Committee for Intermediate Professional Titles in Engineering',
        },
        issuer: { zh: '慈溪市人力资源和社会保障局', en: 'Cixi Human Resources and Social Security Bureau' },
        issuedOn: expect.stringMatching(/^2021-\d\d-\d\d$/),
        revokedOn: null,
      });
      expect(res.body).not.toContain(holder.idNumber);
    }
  });

  it('shows a browser the holder, the masked ID number and the record in Chinese and English', async () => {
    const res = await get(`/v1/public/certificates/${holder.code}`, BROWSER);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    for (const text of [
      '证书有效',
      'This certificate is valid',
      '张伟',
      masked(holder.idNumber),
      holder.number,
      '工程师（中级）',
      'Engineer (intermediate)',
      '建设工程',
      '2021',
      '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
      'Cixi Review Committee for Intermediate Professional Titles in Engineering',
      '慈溪市人力资源和社会保障局',
      'Cixi Human Resources and Social Security Bureau',
    ])
      expect(res.body).toContain(text);
    expect(res.body).not.toContain(holder.idNumber);
  });

  it('shows the real holder for a forged certificate: the real code printed under another name', async () => {
    const forger = nextIdNumber();
    const forged = await renderCertificate(
      certificateInput({
        name: '李四',
        idNumber: forger,
        certificateNumber: holder.number,
        verificationUrl: `${PUBLIC_URL}/v1/public/certificates/${holder.code}`,
        verificationCode: grouped(holder.code),
        verificationPage: `${PUBLIC_URL}/v1/public/certificates`,
      }),
    );
    const [scanned] = await qrCodesOn(await readPdf(forged), 1);
    const page = (await get(scanned!, BROWSER)).body;
    expect(page).toContain('张伟');
    expect(page).toContain(masked(holder.idNumber));
    expect(page).not.toContain('李四');
    expect(page).not.toContain(masked(forger));
    // A reader told to compare.
    expect(page).toContain('任何一项不一致，即为伪造或涂改的证书');
  });

  it('takes the number and code as typed from a print, and refuses a number that is not the code’s', async () => {
    const typed = `number=${holder.number.toLowerCase()}&code=${grouped(holder.code).toLowerCase()}`;
    const page = await get(`/v1/public/certificates?${typed}`, BROWSER);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('张伟');
    expect(expectOk(await get(`/v1/public/certificates?${typed}`)).certificateNumber).toBe(holder.number);

    const altered = `number=CX2021M99-0001&code=${holder.code}`;
    const refused = await get(`/v1/public/certificates?${altered}`, BROWSER);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.body).toContain('证书编号与验证码不属于同一份证书');
    expect(refused.body).not.toContain('张伟');
    // The form again, with what was typed.
    expect(refused.body).toContain('value="CX2021M99-0001"');
    expectProblem(await get(`/v1/public/certificates?${altered}`), 404, 'NOT_FOUND');
  });

  it('answers an unknown, malformed or missing code with a page for a browser and a problem for a client', async () => {
    const cases = [
      { url: '/v1/public/certificates/000000000000', status: 404, code: 'NOT_FOUND', says: '没有证书使用这个验证码' },
      { url: '/v1/public/certificates/NOT-A-CODE', status: 400, code: 'VALIDATION_FAILED', says: '验证码格式不正确' },
      { url: `/v1/public/certificates/${'F'.repeat(80)}`, status: 400, code: 'VALIDATION_FAILED', says: '验证码格式不正确' },
      { url: '/v1/public/certificates?code=12', status: 400, code: 'VALIDATION_FAILED', says: '验证码格式不正确' },
      { url: `/v1/public/certificates?number=${holder.number}`, status: 400, code: 'VALIDATION_FAILED', says: '请同时输入验证码' },
      { url: `/v1/public/certificates?number=${holder.number}&code=`, status: 400, code: 'VALIDATION_FAILED', says: '请同时输入验证码' },
    ];
    for (const c of cases) {
      const page = await get(c.url, BROWSER);
      expect(page.statusCode, c.url).toBe(c.status);
      expect(page.headers['content-type'], c.url).toMatch(/^text\/html/);
      expect(page.body, c.url).toContain(c.says);
      expect(page.body, c.url).toContain('<form');
      expectProblem(await get(c.url), c.status, c.code);
    }
  });

  it('serves the form to type the number and code into', async () => {
    const page = await get('/v1/public/certificates', BROWSER);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<input[^>]*name="number"/);
    expect(page.body).toMatch(/<input[^>]*name="code"/);
    expect(page.body).toContain('Certificate verification');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
