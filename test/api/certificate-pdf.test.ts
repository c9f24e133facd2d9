import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/documents/mask';
import { A4, qrCodesOn, readPdf } from '../documents/pdf-reader';
import { auth, createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// 三(四): the electronic certificate as a PDF the holder prints, and the public endpoint its
// QR code leads to, which says valid or revoked and when, and nothing else (五(四)).

const PUBLIC_URL = 'https://titles.example.cn';
const RATE = 8;

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0, { publicUrl: PUBLIC_URL, verifyRateLimit: RATE });
  planId = await createPlan(t, 'intermediate');
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const certificatePdf = (id: string, token: string) => t.app.inject({ url: `/v1/applications/${id}/certificate.pdf`, headers: auth(token) });
/** Anyone, no token, from their own address: the rate limit counts per client. */
const verify = (url: string, from = '203.0.113.1', accept = 'application/json') =>
  t.app.inject({ url: url.replace(PUBLIC_URL, ''), remoteAddress: from, headers: { accept } });

describe('GET /v1/applications/:id/certificate.pdf', () => {
  it('is an A4 certificate with the masked ID number and a QR code that verifies it without a token', async () => {
    const { id, idNumber, tk } = await applicationIn(t, planId, 'certified', 'intermediate');
    const record = expectOk(await t.app.inject({ url: `/v1/applications/${id}/certificate`, headers: auth(tk.applicant) }));
    const res = await certificatePdf(id, tk.applicant);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pageSizes).toEqual([A4]);
    const [text] = pdf.pageTexts;
    const committee = '慈溪市工程技术人员中级专业技术职务任职资格评审委员会';
    for (const expected of [
      record.number,
      '张伟',
      maskIdNumber(idNumber),
      '工程师（中级）',
      '建设工程',
      '2021',
      committee,
      '慈溪市人力资源和社会保障局',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain(idNumber);

    const [url] = await qrCodesOn(pdf, 1);
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/v1/public/certificates/[0-9A-F]{12}$`));
    // The short code under the QR code is the one in the URL, grouped for reading.
    const code = url!.slice(-12);
    expect(text).toContain(`验证码${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    expect(record.verificationCode).toBe(code);
    expect(code).not.toContain(record.number.slice(-12));

    const answer = await verify(url!);
    expect(answer.statusCode, answer.body).toBe(200);
    // The date of issue in Shanghai (UTC+8).
    const issuedOn = new Date(Date.parse(record.issuedAt) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(answer.json()).toMatchObject({ status: 'valid', certificateNumber: record.number, issuedOn, revokedOn: null });
    expect(answer.body).not.toContain(idNumber.slice(6, 14));
    // As typed from the print: grouped, lower case.
    expect(
      (await verify(`/v1/public/certificates/${code.slice(0, 4)}-${code.slice(4, 8).toLowerCase()}-${code.slice(8)}`)).json().status,
    ).toBe('valid');
    // The address printed for typing the number and code in is the form.
    expect(text).toContain(`${PUBLIC_URL}/v1/public/certificates`);
    const form = await verify(`${PUBLIC_URL}/v1/public/certificates`, '203.0.113.1', 'text/html');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<form[^>]*action="\/v1\/public\/certificates"/);
  });

  it('gives each certificate its own code, unrelated to its number', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { id, tk } = await applicationIn(t, planId, 'certified', 'intermediate');
      codes.add(expectOk(await t.app.inject({ url: `/v1/applications/${id}/certificate`, headers: auth(tk.admin) })).verificationCode);
    }
    expect(codes.size).toBe(3);
  });

  it('is 410 after REVOKE, when verification answers revoked with the date', async () => {
    const { id, tk } = await applicationIn(t, planId, 'certified', 'intermediate');
    const [url] = await qrCodesOn(await readPdf((await certificatePdf(id, tk.applicant)).rawPayload), 1);
    await setClock(t, '2022-03-01T02:00:00.000Z');
    expectOk(await send(t, id, tk.committee, 'REVOKE', { finding: '论文抄袭' }));
    expect(expectProblem(await certificatePdf(id, tk.applicant), 410, 'CERTIFICATE_REVOKED').revokedAt).toBe('2022-03-01T02:00:00.000Z');
    expect((await verify(url!, '203.0.113.2')).json()).toMatchObject({ status: 'revoked', revokedOn: '2022-03-01' });
    const page = (await verify(url!, '203.0.113.2', 'text/html')).body;
    expect(page).toContain('证书已于2022年3月1日被撤销');
    expect(page).toContain('revoked on 2022-03-01');
  });

  it('is 404 before certified and for those who may not read the application', async () => {
    const { id, tk } = await applicationIn(t, planId, 'resultPublicity', 'intermediate');
    expectProblem(await certificatePdf(id, tk.applicant), 404, 'NOT_FOUND');
    expectProblem(await verify('/v1/public/certificates/000000000000', '203.0.113.3'), 404, 'NOT_FOUND');
  });
});

describe('verification', () => {
  it('is rate-limited per client address with 429 RATE_LIMITED and Retry-After, a page for a browser', async () => {
    const from = '198.51.100.7';
    for (let i = 0; i < RATE; i++) expect((await verify('/v1/public/certificates/FFFFFFFFFFFF', from)).statusCode).toBe(404);
    const refused = await verify('/v1/public/certificates/FFFFFFFFFFFF', from);
    const limited = expectProblem(refused, 429, 'RATE_LIMITED');
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const page = await verify('/v1/public/certificates/FFFFFFFFFFFF', from, 'text/html,*/*;q=0.8');
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.body).toContain('查询过于频繁');
    expect((await verify('/v1/public/certificates/FFFFFFFFFFFF', '198.51.100.8')).statusCode).toBe(404);
  });
});
